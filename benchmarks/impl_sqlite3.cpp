// SPDX-License-Identifier: MIT
// The sqlite3 C API directly (the floor): prepared statements, one transaction, rows
// materialised into PersonRow with the same Qt types and the same date-time text conversion.

#include "benchcommon.h"

#include <QDir>
#include <QFile>

#include <sqlite3.h>

namespace bench {

namespace {

class Db
{
public:
    explicit Db(const QString &path)
    {
        require(sqlite3_open(path.toUtf8().constData(), &m_db) == SQLITE_OK, QStringLiteral("open %1").arg(path));
    }
    ~Db() { sqlite3_close(m_db); }
    Db(const Db &) = delete;
    Db &operator=(const Db &) = delete;
    sqlite3 *get() const { return m_db; }
    void exec(const char *sql)
    {
        require(sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK,
                QStringLiteral("%1: %2").arg(QLatin1StringView(sql), QString::fromUtf8(sqlite3_errmsg(m_db))));
    }
    sqlite3_stmt *prepare(const QString &sql)
    {
        const QByteArray utf8 = sql.toUtf8();
        sqlite3_stmt *st = nullptr;
        require(sqlite3_prepare_v2(m_db, utf8.constData(), int(utf8.size()), &st, nullptr) == SQLITE_OK,
                QStringLiteral("prepare %1: %2").arg(sql, QString::fromUtf8(sqlite3_errmsg(m_db))));
        return st;
    }

private:
    sqlite3 *m_db = nullptr;
};

QString textColumn(sqlite3_stmt *st, int i)
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(st, i));
    return QString::fromUtf8(text, sqlite3_column_bytes(st, i));
}

std::vector<PersonRow> readRows(sqlite3 *db, sqlite3_stmt *st)
{
    std::vector<PersonRow> rows;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        PersonRow r;
        r.id = sqlite3_column_int64(st, 0);
        r.name = textColumn(st, 1);
        r.email = textColumn(st, 2);
        r.age = sqlite3_column_int(st, 3);
        r.score = sqlite3_column_double(st, 4);
        r.created = dateTimeFromDb(textColumn(st, 5));
        rows.push_back(std::move(r));
    }
    require(rc == SQLITE_DONE, QStringLiteral("step: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
    return rows;
}

Digest digestOf(const std::vector<PersonRow> &rows)
{
    Digest d;
    for (const PersonRow &r : rows)
        d.add(r.id, r.name, r.email, r.age, r.score, r.created);
    return d;
}

void bindText(sqlite3_stmt *st, int i, const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    sqlite3_bind_text(st, i, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

Outcome insertAll(const Options &o, Stopwatch &watch)
{
    const std::vector<PersonRow> generated = makePeople(o.rows);
    const QString path = QDir(o.workDir).filePath(QStringLiteral("w1-sqlite3.db"));
    Outcome out;
    for (int rep = 0; rep < o.reps; ++rep) {
        QFile::remove(path);
        {
            Db db(path);
            db.exec(createTableSql().toUtf8().constData());
            std::vector<PersonRow> people = generated;
            watch.start();
            db.exec("BEGIN");
            sqlite3_stmt *st = db.prepare(
                    QStringLiteral(R"(INSERT INTO "bench_person" ("name", "email", "age", "score", "created") VALUES (?, ?, ?, ?, ?))"));
            for (PersonRow &p : people) {
                bindText(st, 1, p.name);
                bindText(st, 2, p.email);
                sqlite3_bind_int(st, 3, p.age);
                sqlite3_bind_double(st, 4, p.score);
                bindText(st, 5, dateTimeToDb(p.created));
                require(sqlite3_step(st) == SQLITE_DONE, QStringLiteral("insert"));
                sqlite3_reset(st);
                p.id = sqlite3_last_insert_rowid(db.get());
            }
            sqlite3_finalize(st);
            db.exec("COMMIT");
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
    Db db(o.fixture);
    Outcome out;
    for (int rep = 0; rep < o.reps; ++rep) {
        watch.start();
        sqlite3_stmt *st = db.prepare(
                QStringLiteral("SELECT ") + selectColumnsSql() + QStringLiteral(R"( FROM "bench_person")")
                + (filtered ? QStringLiteral(R"( WHERE "age" > ? ORDER BY "name")") : QString()));
        if (filtered)
            sqlite3_bind_int(st, 1, 30);
        std::vector<PersonRow> rows = readRows(db.get(), st);
        sqlite3_finalize(st);
        watch.stop();
        out.digest = digestOf(rows);
    }
    return out;
}

Outcome updateSome(const Options &o, Stopwatch &watch)
{
    const QString path = copyFixture(o, QStringLiteral("w4-sqlite3"));
    Outcome out;
    {
        Db db(path);
        sqlite3_stmt *sel = db.prepare(QStringLiteral("SELECT ") + selectColumnsSql()
                                       + QStringLiteral(R"( FROM "bench_person" ORDER BY "id" LIMIT ?)"));
        sqlite3_bind_int64(sel, 1, o.rows);
        std::vector<PersonRow> people = readRows(db.get(), sel);
        sqlite3_finalize(sel);
        require(qint64(people.size()) == o.rows, QStringLiteral("load"));
        for (int rep = 0; rep < o.reps; ++rep) {
            watch.start();
            for (PersonRow &p : people)
                p.score += 1.0;
            db.exec("BEGIN");
            sqlite3_stmt *st = db.prepare(QStringLiteral(R"(UPDATE "bench_person" SET "score" = ? WHERE "id" = ?)"));
            for (const PersonRow &p : people) {
                sqlite3_bind_double(st, 1, p.score);
                sqlite3_bind_int64(st, 2, p.id);
                require(sqlite3_step(st) == SQLITE_DONE, QStringLiteral("update"));
                sqlite3_reset(st);
            }
            sqlite3_finalize(st);
            db.exec("COMMIT");
            watch.stop();
        }
        out.digest = digestOf(people);
    }
    QFile::remove(path);
    return out;
}

} // namespace

void registerSqlite3(const std::function<void(const QString &, const QString &, WorkloadFn)> &add)
{
    add(QStringLiteral("W1"), QStringLiteral("sqlite3"), insertAll);
    add(QStringLiteral("W2"), QStringLiteral("sqlite3"), [](const Options &o, Stopwatch &w) { return load(o, w, false); });
    add(QStringLiteral("W3"), QStringLiteral("sqlite3"), [](const Options &o, Stopwatch &w) { return load(o, w, true); });
    add(QStringLiteral("W4"), QStringLiteral("sqlite3"), updateSome);
}

} // namespace bench
