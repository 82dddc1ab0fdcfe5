// SPDX-License-Identifier: MIT
// Compile-time probe: the same struct and insert / load / filtered load / update functions as
// qorm_tu.cpp, written with plain QSqlQuery (prepared, forward-only, bound values, one transaction).

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace ct {

struct RawPerson
{
    qint64 id = 0;
    QString name;
    QString email;
    int age = 0;
    double score = 0;
    QDateTime created;
};

static QString toDb(const QDateTime &dt)
{
    return dt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

static QDateTime fromDb(QString text)
{
    if (text.size() > 10 && text[10] == u' ')
        text[10] = u'T';
    return QDateTime::fromString(text + u'Z', Qt::ISODateWithMs);
}

static QList<RawPerson> readAll(QSqlQuery &q)
{
    QList<RawPerson> rows;
    while (q.next()) {
        RawPerson p;
        p.id = q.value(0).toLongLong();
        p.name = q.value(1).toString();
        p.email = q.value(2).toString();
        p.age = q.value(3).toInt();
        p.score = q.value(4).toDouble();
        p.created = fromDb(q.value(5).toString());
        rows.append(std::move(p));
    }
    return rows;
}

QSqlError insertPeople(QSqlDatabase &db, QList<RawPerson> &people)
{
    if (!db.transaction())
        return db.lastError();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("INSERT INTO ct_person (name, email, age, score, created) VALUES (?, ?, ?, ?, ?)")))
        return q.lastError();
    for (RawPerson &p : people) {
        q.bindValue(0, p.name);
        q.bindValue(1, p.email);
        q.bindValue(2, p.age);
        q.bindValue(3, p.score);
        q.bindValue(4, toDb(p.created));
        if (!q.exec()) {
            const QSqlError e = q.lastError();
            db.rollback();
            return e;
        }
        p.id = q.lastInsertId().toLongLong();
    }
    if (!db.commit())
        return db.lastError();
    return {};
}

bool loadPeople(QSqlDatabase &db, QList<RawPerson> &out)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, name, email, age, score, created FROM ct_person")))
        return false;
    out = readAll(q);
    return !q.lastError().isValid();
}

bool loadAdults(QSqlDatabase &db, int minAge, QList<RawPerson> &out)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT id, name, email, age, score, created FROM ct_person WHERE age > ? ORDER BY name")))
        return false;
    q.bindValue(0, minAge);
    if (!q.exec())
        return false;
    out = readAll(q);
    return !q.lastError().isValid();
}

QSqlError updateScores(QSqlDatabase &db, QList<RawPerson> &people, double delta)
{
    if (!db.transaction())
        return db.lastError();
    QSqlQuery q(db);
    if (!q.prepare(QStringLiteral("UPDATE ct_person SET score = ? WHERE id = ?")))
        return q.lastError();
    for (RawPerson &p : people) {
        p.score += delta;
        q.bindValue(0, p.score);
        q.bindValue(1, p.id);
        if (!q.exec()) {
            const QSqlError e = q.lastError();
            db.rollback();
            return e;
        }
    }
    if (!db.commit())
        return db.lastError();
    return {};
}

} // namespace ct
