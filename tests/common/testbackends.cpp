// SPDX-License-Identifier: MIT
#include "testbackends.h"

#include <QFile>

#include <qorm/dialect.h>
#include <qorm/schema.h>

#include <QAtomicInt>
#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace qormtest {

QList<Backend> backends(const QTemporaryDir &dir)
{
    QList<Backend> list;
    list.append({ QStringLiteral("sqlite-file"), QStringLiteral("sqlite:///") + dir.filePath(QStringLiteral("test.sqlite")), true });
    list.append({ QStringLiteral("sqlite-memory"), QStringLiteral("sqlite://:memory:"), false });
    list.append(serverBackends("QORM_TEST_PSQL_URL", "QORM_TEST_MYSQL_URL"));
    return list;
}

void addChinookRows(const QString &sqlitePath)
{
    QTest::addColumn<QString>("url");
    QTest::newRow("sqlite-file") << QStringLiteral("sqlite:///") + sqlitePath + QStringLiteral("?naming=pascal_case");
    for (const Backend &b : serverBackends("QORM_CHINOOK_PSQL_URL", "QORM_CHINOOK_MYSQL_URL"))
        QTest::newRow(qPrintable(b.name)) << b.url;
}

bool freshCopy(const QString &from, const QString &to)
{
    QFile::remove(to);
    return QFile::copy(from, to) && QFile::setPermissions(to, QFile::ReadOwner | QFile::WriteOwner);
}

QList<Backend> serverBackends(const char *psqlEnv, const char *mysqlEnv)
{
    QList<Backend> list;
    const bool required = qEnvironmentVariableIntValue("QORM_REQUIRE_ALL_BACKENDS") == 1;
    for (const auto &[name, env] : { std::pair{ "postgresql", psqlEnv }, { "mariadb", mysqlEnv } }) {
        const QString url = qEnvironmentVariable(env);
        if (!url.isEmpty())
            list.append({ QString::fromLatin1(name), url, true });
        else if (required)
            qFatal("%s is not set but QORM_REQUIRE_ALL_BACKENDS=1", env);
        else
            qInfo("qorm tests: backend %s skipped: %s is not set (scripts/run-tests.sh starts the servers)", name, env);
    }
    return list;
}

void addServerRows(const char *psqlEnv, const char *mysqlEnv, bool stripQuery)
{
    QTest::addColumn<QString>("url");
    const QList<Backend> servers = serverBackends(psqlEnv, mysqlEnv);
    for (const Backend &b : servers)
        QTest::newRow(qPrintable(b.name)) << (stripQuery ? b.url.section(u'?', 0, 0) : b.url);
    if (servers.isEmpty())
        QTest::newRow("no-server") << QString();
}

void addBackendRows(const QTemporaryDir &dir)
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("shared");
    for (const Backend &b : backends(dir))
        QTest::newRow(qPrintable(b.name)) << b.url << b.sharedFile;
}

qorm::Result<qorm::Database> openWithFreshTables(const QString &url, const QList<const QMetaObject *> &classes)
{
    auto db = qorm::Database::open(url);
    if (!db)
        return db;
    const qorm::Schema schema(db.value());
    if (qorm::Error e = schema.dropTables(classes); e.isValid())
        return e;
    if (qorm::Error e = schema.createTables(classes); e.isValid())
        return e;
    return db;
}

qorm::Error dropTablesAndClose(qorm::Database &db, const QList<const QMetaObject *> &classes)
{
    qorm::Error e;
    if (db.isValid())
        e = qorm::Schema(db).dropTables(classes);
    db = qorm::Database();
    return e;
}

bool killConnection(const qorm::Database &victim, const qorm::Database &killer)
{
    const QString backend = victim.dialect().name();
    if (backend == u"sqlite")
        return false;
    const bool pg = backend == u"postgresql";
    const qint64 pid = rawValue(victim, pg ? QStringLiteral("SELECT pg_backend_pid()") : QStringLiteral("SELECT CONNECTION_ID()")).toLongLong();
    const bool killed = pid > 0
            && (pg ? rawValue(killer, QStringLiteral("SELECT pg_terminate_backend(?)"), { pid }).toBool()
                   : execRaw(killer, QStringLiteral("KILL CONNECTION ") + QString::number(pid)));
    QTest::qWait(200);
    return killed;
}

QString uniqueName(const QString &stem)
{
    static QAtomicInt counter;
    return QStringLiteral("%1_%2_%3").arg(stem).arg(QCoreApplication::applicationPid()).arg(counter.fetchAndAddRelaxed(1));
}

QVariant rawValue(const qorm::Database &db, const QString &sql, const QVariantList &values)
{
    QSqlQuery q(db.connection().value());
    q.prepare(sql);
    for (qsizetype i = 0; i < values.size(); ++i)
        q.bindValue(int(i), values[i]);
    if (!q.exec() || !q.next()) {
        qWarning() << "raw query failed:" << sql << q.lastError().text();
        return {};
    }
    return q.value(0);
}

bool execRaw(const qorm::Database &db, const QString &sql, const QVariantList &values)
{
    auto conn = db.connection();
    if (!conn) {
        qWarning() << conn.error();
        return false;
    }
    QSqlQuery q(conn.value());
    if (values.isEmpty()) { // DDL cannot be prepared on PostgreSQL
        if (!q.exec(sql)) {
            qWarning() << "exec failed:" << sql << q.lastError().text();
            return false;
        }
        return true;
    }
    if (!q.prepare(sql)) {
        qWarning() << "prepare failed:" << sql << q.lastError().text();
        return false;
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        q.bindValue(int(i), values[i]);
    if (!q.exec()) {
        qWarning() << "exec failed:" << sql << q.lastError().text();
        return false;
    }
    return true;
}

} // namespace qormtest
