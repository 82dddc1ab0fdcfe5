// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include "rowsource_p.h"

#include <qorm/result.h>
#include <qorm/sqlstatement.h>

#include <QSqlDatabase>

#include <memory>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace qorm {
class Dialect;
}

namespace qorm::detail {

/*! What an INSERT, UPDATE or DELETE reports: the rows it changed and the key it generated. */
struct WriteOutcome
{
    qint64 rowsAffected = 0;
    /*! The first RETURNING row's first column, else the driver's last insert id (null if none). */
    QVariant generatedKey;
};

/*!
 * The native SQLite path: statements prepared and stepped through the `sqlite3*` handle that
 * QSQLITE exposes (QSqlDriver::handle()), on the same connection and so inside the same
 * transaction, skipping QSqlResult's per-cell QVariant cache and QSqlQuery's bound-value list. Built only when qorm links the
 * libsqlite3 that Qt's QSQLITE plugin itself links (checked at configure time:
 * QORM_HAVE_SQLITE_NATIVE); disabled at run time with the environment variable
 * `QORM_SQLITE_NATIVE=0` (the suite runs both paths). The values, errors, logging and
 * statementExecuted() are those of the QtSql path.
 *
 * Owns its prepared statements (an LRU cache like Connection's) and finalizes them in
 * reset()/the destructor, which must run before the QSqlDatabase connection is closed.
 */
class SqliteNative
{
public:
    SqliteNative() = default;
    ~SqliteNative();
    SqliteNative(const SqliteNative &) = delete;
    SqliteNative &operator=(const SqliteNative &) = delete;

    /*!
     * Registers qorm's SQL functions on \a db's sqlite3 handle (both paths use them):
     * `qorm_decimal_sum(x)`, an aggregate adding text decimals exactly as qorm::Decimal (SQLite's
     * SUM adds them as doubles). False when \a db is not a QSQLITE connection or this build has
     * no native path (then a decimal sum on SQLite is refused with a clear error).
     */
    static bool registerFunctions(const QSqlDatabase &db);
    /*! True when this build has the native path and QORM_SQLITE_NATIVE is not "0". */
    static bool isAvailable();
    /*! Attaches to \a db's sqlite3 handle; false when \a db is not a QSQLITE connection. */
    bool attach(const QSqlDatabase &db);
    bool isAttached() const { return m_db != nullptr; }
    /*! Finalizes every statement and detaches (before the connection closes or is dropped). */
    void reset();

    /*!
     * Prepares (cached) \a statement, binds its values as QSQLITE binds them and steps to the first
     * row. \a elapsedMicroseconds receives the time of that first step (what the QtSql path times);
     * \a executed is false when the statement failed before it ran (prepare or bind).
     * Errors: the dialect's classification of SQLite's error (as the QtSql path reports it).
     */
    Result<std::unique_ptr<RowSource>> select(const SqlStatement &statement, const Dialect &dialect, qint64 *elapsedMicroseconds,
                                              bool *executed);
    /*!
     * As select(), but on a statement of its own that the returned rows finalize (a cursor that
     * stays open while other statements run, even one with the same text).
     */
    Result<std::unique_ptr<RowSource>> selectUncached(const SqlStatement &statement, const Dialect &dialect, qint64 *elapsedMicroseconds,
                                                      bool *executed);
    /*!
     * Prepares (cached) the INSERT, UPDATE or DELETE \a statement, binds its values and steps it
     * to the end: the rows changed (sqlite3_changes64()) and the generated key (the first
     * RETURNING row, else sqlite3_last_insert_rowid() as QSQLITE's lastInsertId() reports it).
     * \a elapsedMicroseconds and \a executed as select(). Errors: as select().
     */
    Result<WriteOutcome> write(const SqlStatement &statement, const Dialect &dialect, qint64 *elapsedMicroseconds, bool *executed);

private:
    struct Cached
    {
        sqlite3_stmt *statement = nullptr;
        quint64 lastUse = 0;
    };
    Error error(const QString &description, const QString &sql, const Dialect &dialect) const;
    /*! Binds \a st's values to \a statement (the count must match); the caller resets or finalizes on an error. */
    Error bindAll(sqlite3_stmt *statement, const SqlStatement &st, const Dialect &dialect) const;
    /*! The cached statement for \a statement, reset and bound; an error when prepare or bind fails. */
    Result<sqlite3_stmt *> prepared(const SqlStatement &statement, const Dialect &dialect);

    sqlite3 *m_db = nullptr;
    std::unordered_map<QString, Cached> m_statements;
    [[maybe_unused]] quint64 m_uses = 0; // unused in a build without the native path
};

} // namespace qorm::detail
