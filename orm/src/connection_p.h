// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include "lru_p.h"
#include "rowsource_p.h"
#include "sqlitenative_p.h"

#include <qorm/database.h>
#include <qorm/result.h>
#include <qorm/sqlstatement.h>

#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>
#include <unordered_map>

namespace qorm::detail {

/*!
 * A session's use of its Database's connection on the session's thread: opening it lazily,
 * preparing statements through a bounded LRU cache, executing and timing them, and dropping the
 * connection when it is lost so that the next call reconnects (one error, then a new connection).
 * Every executed statement is logged (qorm.sql) and reported to \c executed.
 */
class Connection
{
public:
    /*! Called after every statement: SQL, values, elapsed microseconds. */
    using Listener = std::function<void(const QString &, const QVariantList &, qint64)>;

    Connection(const Database &database, Listener executed);
    ~Connection();

    const Database &database() const { return m_database; }
    /*! The open QSqlDatabase of this thread, opened (again) if needed. */
    Result<QSqlDatabase> open();
    /*!
     * Prepares \a statement (cached by its SQL text), binds its values and executes it; the
     * query is positioned before the first row. The caller finishes it. Errors: the dialect's
     * classification of the driver's (ConnectionLost drops the connection).
     */
    Result<QSqlQuery *> exec(const SqlStatement &statement);
    /*!
     * Runs the SELECT \a statement and returns its rows: through the native SQLite path when it
     * is available for this connection (SqliteNative), else through exec(). Logged and reported
     * like exec(); the caller finishes the rows. Errors as exec().
     */
    Result<std::unique_ptr<RowSource>> select(const SqlStatement &statement);
    /*! How write() learns the key an INSERT generated. */
    enum class GeneratedKey {
        None, //!< The statement generates no key (or the caller does not need it).
        Returning, //!< The statement ends in RETURNING: the first row's first column.
        LastInsertId, //!< The driver's last insert id (QSqlQuery::lastInsertId(), sqlite3_last_insert_rowid()).
    };
    /*!
     * Runs the INSERT, UPDATE or DELETE \a statement and reports the rows it changed and, as
     * \a key says, the key it generated: through the native SQLite path when it is attached, else
     * through exec(). Logged and reported like exec(). Errors as exec().
     */
    Result<WriteOutcome> write(const SqlStatement &statement, GeneratedKey key);
    /*!
     * Opens a cursor over the SELECT \a statement on a statement of its own (not the cache), so
     * that other statements, even the same text, may run while it is read (Query::stream()).
     * Returns its id; the rows stay valid until closeCursor(), drop() or destruction, whichever
     * comes first. Logged and reported like exec(). Errors as exec().
     */
    Result<int> openCursor(const SqlStatement &statement);
    /*! The rows of cursor \a id, or nullptr when it was closed (or the connection dropped). */
    RowSource *cursor(int id) const;
    /*! Closes cursor \a id (nothing when it is already closed). */
    void closeCursor(int id);
    /*!
     * Before another statement runs on PostgreSQL: buffers the rest of each open cursor
     * (libpq runs one query at a time per connection; a forward-only QPSQL query holds it).
     */
    void settleCursors();
    /*! True when statements of this connection take the native SQLite path. */
    bool isNative() const { return m_native.isAttached(); }
    /*!
     * Executes \a sql without values or preparation (BEGIN, COMMIT, ROLLBACK). A failure is a
     * Transaction error, except the kinds a deferred check at COMMIT reports (constraint
     * violations, Deadlock) and ConnectionLost, which keep their kind.
     */
    Error execDirect(const QString &sql);
    /*! Drops the connection when \a e says it is gone (or the driver closed it). */
    void dropIfLost(const Error &e);
    /*! Forgets the prepared statements and closes the connection; the next call reconnects. */
    void drop();
    /*! Finishes and forgets every cached statement. */
    void clearStatements() { m_statements.clear(); }
    qsizetype cachedStatementCount() const { return qsizetype(m_statements.size()); }


private:
    /*! Logs and reports a native statement's run the way exec() does its own. */
    template<typename T>
    Result<T> reportNative(const SqlStatement &statement, Result<T> outcome, qint64 microseconds, bool executed);

    struct CachedStatement
    {
        QSqlQuery query;
        quint64 lastUse = 0;
    };
    Database m_database;
    Listener m_executed;
    QSqlDatabase m_connection;
    std::unordered_map<QString, CachedStatement> m_statements; // QSqlQuery must not be copied: no QHash
    quint64 m_uses = 0;
    bool m_lost = false; //!< Dropped after a loss; the next open() logs the reconnection.
    std::unordered_map<int, std::unique_ptr<RowSource>> m_cursors; //!< Open cursors by id (closed before the connection).
    std::unordered_map<int, QString> m_cursorSql; //!< Their SQL, for the errors of a buffered cursor.
    int m_nextCursor = 0;
    SqliteNative m_native; //!< Declared last: its statements are finalized before the connection goes.
};

} // namespace qorm::detail
