// SPDX-License-Identifier: MIT
#pragma once

// The backend matrix shared by every test binary: one data row per configured database, so each
// test function runs once per backend with no per-test boilerplate (QFETCH_GLOBAL).
//
// SQLite (a temporary file and :memory:) is always on. PostgreSQL and MariaDB come from
// QORM_TEST_PSQL_URL / QORM_TEST_MYSQL_URL (set by scripts/run-tests.sh, which starts the servers);
// unset, they are skipped with one message. With QORM_REQUIRE_ALL_BACKENDS=1 (CI) a missing one fails.

#include <qorm/database.h>

#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include <thread>
#include <vector>

namespace qormtest {

struct Backend
{
    QString name;
    QString url;
    bool sharedFile = false; //!< A second connection sees the same data (false for :memory:).
};

/*! The configured backends; "sqlite-file" uses a fresh file in \a dir. */
QList<Backend> backends(const QTemporaryDir &dir);

/*!
 * The server backends whose URL is in \a psqlEnv / \a mysqlEnv, as (row name, URL). An unset
 * variable is skipped with one message, or is fatal with QORM_REQUIRE_ALL_BACKENDS=1.
 */
QList<Backend> serverBackends(const char *psqlEnv, const char *mysqlEnv);

/*!
 * The global data rows ("url") of a Chinook test: "sqlite-file" over \a sqlitePath (PascalCase
 * naming, as the bundled file), then the Chinook databases of the servers (QORM_CHINOOK_*_URL).
 */
void addChinookRows(const QString &sqlitePath);
/*! Replaces \a to with a fresh writable copy of \a from (the bundled file stays pristine). */
bool freshCopy(const QString &from, const QString &to);
/*!
 * Adds one data row ("url") per server backend whose URL is in \a psqlEnv / \a mysqlEnv, for
 * tests that only make sense on a server. When none is configured (a contributor running
 * `ctest` without scripts/db-servers.sh), adds one row "no-server" with an empty URL, so that
 * the test can QORM_SKIP_WITHOUT_SERVER() with a clear message instead of QtTest aborting on an
 * empty data table. With QORM_REQUIRE_ALL_BACKENDS=1 (CI) a missing server is fatal instead.
 */
void addServerRows(const char *psqlEnv, const char *mysqlEnv, bool stripQuery = false);

/*! Adds the global data rows ("backend", "url", "shared") for initTestCase_data(). */
void addBackendRows(const QTemporaryDir &dir);

/*!
 * Opens \a url and drops and creates the tables of \a classes: a fresh schema for one test
 * function (call from init()). Errors: whatever Database::open() or Schema reports.
 */
qorm::Result<qorm::Database> openWithFreshTables(const QString &url, const QList<const QMetaObject *> &classes);

/*! Drops the tables of \a classes when \a db is valid, then resets \a db (call from cleanup()). */
qorm::Error dropTablesAndClose(qorm::Database &db, const QList<const QMetaObject *> &classes);

/*!
 * Has the server end this thread's connection of \a victim, using \a killer (another Database,
 * so another connection): pg_terminate_backend() on PostgreSQL, KILL CONNECTION on MariaDB; then
 * waits 200 ms for it to take effect. False on SQLite (no server) or when the kill failed.
 */
bool killConnection(const qorm::Database &victim, const qorm::Database &killer);

/*! A table name unique to this process and test, safe to create and drop. */
QString uniqueName(const QString &stem);

/*! The first column of the first row of \a sql run with \a values on \a db's connection for
 *  this thread (raw QSqlQuery, no qorm involved); an invalid QVariant (and a warning) on error. */
QVariant rawValue(const qorm::Database &db, const QString &sql, const QVariantList &values = {});

/*! Runs \a sql on \a db's connection for this thread; fails the test with the driver text. */
bool execRaw(const qorm::Database &db, const QString &sql, const QVariantList &values = {});

/*!
 * Runs \a body(i) for i in [0, \a count) on as many std::threads and joins them all. Tests hand
 * results back through what the join publishes: unlike QThread::wait() inside Debian's Qt (not
 * built with ThreadSanitizer), std::thread::join() is a synchronisation TSan sees, so the
 * threading tests run under TSan without false reports.
 */
template<typename Body>
void runThreads(int count, Body body)
{
    std::vector<std::thread> threads;
    threads.reserve(size_t(count));
    for (int i = 0; i < count; ++i)
        threads.emplace_back(body, i);
    for (std::thread &t : threads)
        t.join();
}

} // namespace qormtest

/*! Skips the current test when \a url is the "no-server" placeholder of addServerRows(). */
#define QORM_SKIP_WITHOUT_SERVER(url)                                                              \
    do {                                                                                           \
        if ((url).isEmpty())                                                                       \
            QSKIP("needs PostgreSQL or MariaDB: run `scripts/db-servers.sh start` and source the env.sh it prints (scripts/run-tests.sh does both)"); \
    } while (false)

/*! Like Qt's QVERIFY_SQL: verifies a qorm::Error is invalid and prints it otherwise. */
#define QORM_VERIFY_OK(expr)                                                                       \
    do {                                                                                           \
        const qorm::Error qormError_ = (expr);                                                     \
        if (qormError_.isValid())                                                                  \
            QFAIL(qPrintable(QStringLiteral("%1: %2 [sql: %3]").arg(QStringLiteral(#expr), qormError_.toString(), qormError_.sql()))); \
    } while (false)

/*! Verifies a qorm::Result holds a value and prints its error otherwise. */
#define QORM_VERIFY_RESULT(result)                                                                 \
    do {                                                                                           \
        if (!(result))                                                                             \
            QFAIL(qPrintable(QStringLiteral("%1: %2 [sql: %3]").arg(QStringLiteral(#result), (result).error().toString(), (result).error().sql()))); \
    } while (false)
