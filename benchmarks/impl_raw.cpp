// SPDX-License-Identifier: MIT
// Hand-written QtSql: prepared QSqlQuery, setForwardOnly(true), bound values, one transaction,
// rows materialised into PersonRow (same Qt types as the entity, same date-time text).

#include "sqlconnection.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace bench {

namespace {

void check(const QSqlQuery &q, bool ok, const char *what)
{
    require(ok, QStringLiteral("%1: %2").arg(QLatin1StringView(what), q.lastError().text()));
}

std::vector<PersonRow> readRows(QSqlQuery &q)
{
    std::vector<PersonRow> rows;
    while (q.next()) {
        PersonRow r;
        r.id = q.value(0).toLongLong();
        r.name = q.value(1).toString();
        r.email = q.value(2).toString();
        r.age = q.value(3).toInt();
        r.score = q.value(4).toDouble();
        r.created = dateTimeFromDb(q.value(5).toString());
        rows.push_back(std::move(r));
    }
    return rows;
}

Digest digestOf(const std::vector<PersonRow> &rows)
{
    Digest d;
    for (const PersonRow &r : rows)
        d.add(r.id, r.name, r.email, r.age, r.score, r.created);
    return d;
}

Outcome insertAll(const Options &o, Stopwatch &watch)
{
    const std::vector<PersonRow> generated = makePeople(o.rows);
    const QString path = QDir(o.workDir).filePath(QStringLiteral("w1-raw.db"));
    Outcome out;
    for (int rep = 0; rep < o.reps; ++rep) {
        QFile::remove(path);
        {
            Connection c(path);
            QSqlQuery ddl(c.db());
            check(ddl, ddl.exec(createTableSql()), "create table");
            std::vector<PersonRow> people = generated;
            watch.start();
            require(c.db().transaction(), QStringLiteral("begin"));
            QSqlQuery q(c.db());
            q.setForwardOnly(true);
            check(q, q.prepare(QStringLiteral(R"(INSERT INTO "bench_person" ("name", "email", "age", "score", "created") VALUES (?, ?, ?, ?, ?))")),
                  "prepare");
            for (PersonRow &p : people) {
                q.bindValue(0, p.name);
                q.bindValue(1, p.email);
                q.bindValue(2, p.age);
                q.bindValue(3, p.score);
                q.bindValue(4, dateTimeToDb(p.created));
                check(q, q.exec(), "insert");
                p.id = q.lastInsertId().toLongLong();
            }
            require(c.db().commit(), QStringLiteral("commit"));
            watch.stop();
            require(people.back().id == o.rows, QStringLiteral("ids"));
            out.digest = digestOf(people);
        }
    }
    QFile::remove(path);
    return out;
}

Outcome load(const Options &o, Stopwatch &watch, bool filtered)
{
    Connection c(o.fixture);
    Outcome out;
    for (int rep = 0; rep < o.reps; ++rep) {
        watch.start();
        QSqlQuery q(c.db());
        q.setForwardOnly(true);
        if (filtered) {
            check(q, q.prepare(QStringLiteral("SELECT ") + selectColumnsSql()
                               + QStringLiteral(R"( FROM "bench_person" WHERE "age" > ? ORDER BY "name")")),
                  "prepare");
            q.bindValue(0, 30);
        } else {
            check(q, q.prepare(QStringLiteral("SELECT ") + selectColumnsSql() + QStringLiteral(R"( FROM "bench_person")")), "prepare");
        }
        check(q, q.exec(), "select");
        std::vector<PersonRow> rows = readRows(q);
        watch.stop();
        require(!q.lastError().isValid(), q.lastError().text());
        out.digest = digestOf(rows);
    }
    return out;
}

Outcome updateSome(const Options &o, Stopwatch &watch)
{
    const QString path = copyFixture(o, QStringLiteral("w4-raw"));
    Outcome out;
    {
        Connection c(path);
        QSqlQuery sel(c.db());
        sel.setForwardOnly(true);
        check(sel, sel.prepare(QStringLiteral("SELECT ") + selectColumnsSql() + QStringLiteral(R"( FROM "bench_person" ORDER BY "id" LIMIT ?)")),
              "prepare");
        sel.bindValue(0, o.rows);
        check(sel, sel.exec(), "select");
        std::vector<PersonRow> people = readRows(sel);
        sel.finish();
        require(qint64(people.size()) == o.rows, QStringLiteral("load"));
        for (int rep = 0; rep < o.reps; ++rep) {
            watch.start();
            for (PersonRow &p : people)
                p.score += 1.0;
            require(c.db().transaction(), QStringLiteral("begin"));
            QSqlQuery q(c.db());
            q.setForwardOnly(true);
            check(q, q.prepare(QStringLiteral(R"(UPDATE "bench_person" SET "score" = ? WHERE "id" = ?)")), "prepare");
            for (const PersonRow &p : people) {
                q.bindValue(0, p.score);
                q.bindValue(1, p.id);
                check(q, q.exec(), "update");
            }
            require(c.db().commit(), QStringLiteral("commit"));
            watch.stop();
        }
        out.digest = digestOf(people);
    }
    QFile::remove(path);
    return out;
}

} // namespace

void registerRaw(const std::function<void(const QString &, const QString &, WorkloadFn)> &add)
{
    add(QStringLiteral("W1"), QStringLiteral("raw"), insertAll);
    add(QStringLiteral("W2"), QStringLiteral("raw"), [](const Options &o, Stopwatch &w) { return load(o, w, false); });
    add(QStringLiteral("W3"), QStringLiteral("raw"), [](const Options &o, Stopwatch &w) { return load(o, w, true); });
    add(QStringLiteral("W4"), QStringLiteral("raw"), updateSome);
    add(QStringLiteral("W5"), QStringLiteral("raw-all"), [](const Options &o, Stopwatch &w) { return load(o, w, false); });
}

} // namespace bench
