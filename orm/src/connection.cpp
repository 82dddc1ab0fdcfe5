// SPDX-License-Identifier: MIT
#include "connection_p.h"

#include "logging_p.h"

#include <qorm/dialect.h>

#include <QElapsedTimer>
#include <QSqlError>

namespace qorm::detail {

Connection::Connection(const Database &database, Listener executed) : m_database(database), m_executed(std::move(executed)) { }

Connection::~Connection()
{
    m_cursors.clear();
    m_native.reset();
    m_statements.clear();
}

Error QtSqlRows::error(const QString &sql) const
{
    return m_query.lastError().isValid() ? m_dialect.classifyError(m_query.lastError(), sql) : Error();
}

Result<QSqlDatabase> Connection::open()
{
    if (m_connection.isValid() && m_connection.isOpen())
        return m_connection;
    auto c = m_database.connection();
    if (!c)
        return c.error();
    m_connection = c.value();
    m_statements.clear();
    if (m_database.dialect().name() == u"sqlite" && !SqliteNative::registerFunctions(m_connection))
        qCDebug(lcConnection).noquote() << "qorm's SQLite functions (qorm_decimal_sum) are not available in this build";
    if (m_database.dialect().name() == u"sqlite" && SqliteNative::isAvailable() && m_native.attach(m_connection))
        qCDebug(lcConnection).noquote() << "SQLite statements run natively (through the sqlite3 handle) on" << m_database.displayUrl();
    if (m_lost) {
        qCDebug(lcConnection).noquote() << "session reconnected to" << m_database.displayUrl();
        m_lost = false;
    }
    return m_connection;
}

Result<QSqlQuery *> Connection::exec(const SqlStatement &st)
{
    auto c = open();
    if (!c)
        return c.error();
    settleCursors();
    auto it = m_statements.find(st.sql);
    if (it == m_statements.end()) {
        if (qsizetype(m_statements.size()) >= maxCachedStatements) {
            auto victim = leastRecentlyUsed(m_statements);
            victim->second.query.finish();
            m_statements.erase(victim); // QSqlQuery's destructor frees the server-side prepared statement
        }
        QSqlQuery query(m_connection);
        query.setForwardOnly(true);
        // NUMERIC/DECIMAL as text, never through a binary double (qorm::Decimal stays exact).
        query.setNumericalPrecisionPolicy(QSql::HighPrecision);
        if (!query.prepare(st.sql)) {
            Error e = m_database.dialect().classifyError(query.lastError(), st.sql);
            logStatement(st.sql, st.values, 0, QStringLiteral("prepare failed: ") + e.toString());
            dropIfLost(e);
            return e;
        }
        it = m_statements.emplace(st.sql, CachedStatement{ std::move(query), 0 }).first;
    }
    it->second.lastUse = ++m_uses;
    QSqlQuery *query = &it->second.query;
    for (qsizetype i = 0; i < st.values.size(); ++i)
        query->bindValue(int(i), st.values.at(i));
    QElapsedTimer timer;
    timer.start();
    const bool ok = query->exec();
    const qint64 us = timer.nsecsElapsed() / 1000;
    if (ok)
        logStatement(st.sql, st.values, us);
    m_executed(st.sql, st.values, us);
    if (!ok) {
        Error e = m_database.dialect().classifyError(query->lastError(), st.sql);
        logStatement(st.sql, st.values, us, e.toString());
        query->finish();
        dropIfLost(e);
        return e;
    }
    return query;
}

Result<std::unique_ptr<RowSource>> Connection::select(const SqlStatement &st)
{
    auto c = open();
    if (!c)
        return c.error();
    if (!m_native.isAttached()) {
        auto executed = exec(st);
        if (!executed)
            return executed.error();
        return std::unique_ptr<RowSource>(new QtSqlRows(*executed.value(), m_database.dialect()));
    }
    qint64 us = 0;
    bool executed = false;
    auto rows = m_native.select(st, m_database.dialect(), &us, &executed);
    return reportNative(st, std::move(rows), us, executed);
}

Result<WriteOutcome> Connection::write(const SqlStatement &st, GeneratedKey key)
{
    auto c = open();
    if (!c)
        return c.error();
    if (m_native.isAttached()) {
        qint64 us = 0;
        bool executed = false;
        auto outcome = m_native.write(st, m_database.dialect(), &us, &executed);
        return reportNative(st, std::move(outcome), us, executed);
    }
    auto executed = exec(st);
    if (!executed)
        return executed.error();
    QSqlQuery &query = *executed.value();
    WriteOutcome outcome;
    switch (key) {
    case GeneratedKey::None:
        break;
    case GeneratedKey::Returning:
        if (query.next())
            outcome.generatedKey = query.value(0);
        break;
    case GeneratedKey::LastInsertId:
        outcome.generatedKey = query.lastInsertId();
        break;
    }
    outcome.rowsAffected = query.numRowsAffected();
    query.finish();
    return outcome;
}

template<typename T>
Result<T> Connection::reportNative(const SqlStatement &st, Result<T> outcome, qint64 us, bool executed)
{
    if (!executed) { // as exec(): a statement that never ran is logged, not reported
        logStatement(st.sql, st.values, 0, QStringLiteral("prepare failed: ") + outcome.error().toString());
        dropIfLost(outcome.error());
        return outcome;
    }
    if (outcome)
        logStatement(st.sql, st.values, us);
    m_executed(st.sql, st.values, us);
    if (!outcome) {
        logStatement(st.sql, st.values, us, outcome.error().toString());
        dropIfLost(outcome.error());
    }
    return outcome;
}

Result<int> Connection::openCursor(const SqlStatement &st)
{
    auto c = open();
    if (!c)
        return c.error();
    settleCursors();
    std::unique_ptr<RowSource> rows;
    if (m_native.isAttached()) {
        qint64 us = 0;
        bool executed = false;
        auto opened = reportNative(st, m_native.selectUncached(st, m_database.dialect(), &us, &executed), us, executed);
        if (!opened)
            return opened.error();
        rows = std::move(opened.value());
    } else {
        QSqlQuery query(m_connection);
        query.setForwardOnly(true); // QPSQL then reads row by row (single-row mode)
        query.setNumericalPrecisionPolicy(QSql::HighPrecision);
        const bool prepared = query.prepare(st.sql);
        for (qsizetype i = 0; prepared && i < st.values.size(); ++i)
            query.bindValue(int(i), st.values.at(i));
        QElapsedTimer timer;
        timer.start();
        const bool ok = prepared && query.exec();
        const qint64 us = timer.nsecsElapsed() / 1000;
        if (!ok) {
            Error e = m_database.dialect().classifyError(query.lastError(), st.sql);
            logStatement(st.sql, st.values, us, e.toString());
            if (prepared)
                m_executed(st.sql, st.values, us);
            dropIfLost(e);
            return e;
        }
        logStatement(st.sql, st.values, us);
        m_executed(st.sql, st.values, us);
        rows = std::make_unique<OwnedQtSqlRows>(std::move(query), m_database.dialect());
    }
    const int id = ++m_nextCursor;
    m_cursors.emplace(id, std::move(rows));
    m_cursorSql.emplace(id, st.sql);
    return id;
}

RowSource *Connection::cursor(int id) const
{
    const auto it = m_cursors.find(id);
    return it == m_cursors.end() ? nullptr : it->second.get();
}

void Connection::closeCursor(int id)
{
    m_cursors.erase(id);
    m_cursorSql.erase(id);
}

void Connection::settleCursors()
{
    if (m_cursors.empty() || m_native.isAttached() || m_database.dialect().name() != u"postgresql")
        return;
    for (auto &[id, rows] : m_cursors)
        if (auto *owned = dynamic_cast<OwnedQtSqlRows *>(rows.get()))
            owned->bufferRest(m_cursorSql[id]);
}

void Connection::dropIfLost(const Error &e)
{
    if (!m_connection.isOpen() || e.kind() == Error::Kind::ConnectionLost)
        drop();
}

void Connection::drop()
{
    // The server is gone: forget the prepared statements and close the connection, so that the
    // next call opens a new one (Database::connection() reopens a closed connection).
    m_cursors.clear();
    m_cursorSql.clear();
    m_native.reset();
    m_statements.clear();
    if (m_connection.isValid())
        m_connection.close();
    m_connection = QSqlDatabase();
    m_lost = true;
    qCDebug(lcConnection).noquote() << "session dropped its connection to" << m_database.displayUrl()
                                    << "(lost); the next call reconnects";
}

Error Connection::execDirect(const QString &sql)
{
    auto c = open();
    if (!c)
        return c.error();
    settleCursors();
    QSqlQuery query(m_connection);
    QElapsedTimer timer;
    timer.start();
    const bool ok = query.exec(sql);
    const qint64 us = timer.nsecsElapsed() / 1000;
    if (ok)
        logStatement(sql, {}, us);
    m_executed(sql, {}, us);
    if (ok)
        return {};
    Error e = m_database.dialect().classifyError(query.lastError(), sql);
    logStatement(sql, {}, us, e.toString());
    switch (e.kind()) {
    case Error::Kind::ConnectionLost:
        query.finish();
        drop();
        return e;
    // A deferred constraint checked at COMMIT keeps its kind; anything else is a Transaction error.
    case Error::Kind::UniqueViolation:
    case Error::Kind::ForeignKeyViolation:
    case Error::Kind::NotNullViolation:
    case Error::Kind::CheckViolation:
    case Error::Kind::Deadlock:
        return e;
    default: {
        Error t(Error::Kind::Transaction, e.message(), sql, e.driverText());
        t.setNativeCode(e.nativeCode());
        t.setBackendName(e.backendName());
        return t;
    }
    }
}

} // namespace qorm::detail
