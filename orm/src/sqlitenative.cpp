// SPDX-License-Identifier: MIT
#include "sqlitenative_p.h"

#include "lru_p.h"

#include <qorm/decimal.h>
#include <qorm/dialect.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QUuid>
#include <QSqlDriver>
#include <QSqlError>

#ifdef QORM_HAVE_SQLITE_NATIVE
#include <sqlite3.h>
#endif

namespace qorm::detail {

bool SqliteNative::isAvailable()
{
#ifdef QORM_HAVE_SQLITE_NATIVE
    static const bool enabled = qEnvironmentVariable("QORM_SQLITE_NATIVE", QStringLiteral("1")) != u"0";
    return enabled;
#else
    return false;
#endif
}

#ifdef QORM_HAVE_SQLITE_NATIVE
namespace {

/*! qorm_decimal_sum(x): the exact sum of decimal text (or integers) as qorm::Decimal; NULL over no non-NULL value. */
void decimalSumStep(sqlite3_context *context, int, sqlite3_value **argv)
{
    auto **sum = static_cast<Decimal **>(sqlite3_aggregate_context(context, sizeof(Decimal *)));
    if (!sum)
        return sqlite3_result_error_nomem(context);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    const Decimal value = Decimal::fromString(QString::fromUtf8(text, sqlite3_value_bytes(argv[0])));
    if (!value.isValid()) {
        sqlite3_result_error(context, "qorm_decimal_sum: a value is not a decimal number", -1);
        return;
    }
    if (!*sum)
        *sum = new Decimal(value);
    else
        **sum = **sum + value;
}

void decimalSumFinal(sqlite3_context *context)
{
    auto **sum = static_cast<Decimal **>(sqlite3_aggregate_context(context, 0));
    if (!sum || !*sum)
        return sqlite3_result_null(context);
    const QByteArray text = (*sum)->toString().toUtf8();
    delete *sum;
    *sum = nullptr;
    sqlite3_result_text(context, text.constData(), int(text.size()), SQLITE_TRANSIENT);
}

} // namespace
#endif

bool SqliteNative::registerFunctions(const QSqlDatabase &db)
{
#ifdef QORM_HAVE_SQLITE_NATIVE
    if (!db.isOpen() || !db.driver())
        return false;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return false;
    sqlite3 *connection = *static_cast<sqlite3 *const *>(handle.constData());
    return connection
            && sqlite3_create_function_v2(connection, "qorm_decimal_sum", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, nullptr,
                                          &decimalSumStep, &decimalSumFinal, nullptr)
            == SQLITE_OK;
#else
    Q_UNUSED(db);
    return false;
#endif
}

SqliteNative::~SqliteNative()
{
    reset();
}

bool SqliteNative::attach(const QSqlDatabase &db)
{
    reset();
#ifdef QORM_HAVE_SQLITE_NATIVE
    if (!isAvailable() || !db.isOpen() || !db.driver())
        return false;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return false;
    m_db = *static_cast<sqlite3 *const *>(handle.constData());
    return m_db != nullptr;
#else
    Q_UNUSED(db);
    return false;
#endif
}

void SqliteNative::reset()
{
#ifdef QORM_HAVE_SQLITE_NATIVE
    for (auto &[sql, cached] : m_statements)
        sqlite3_finalize(cached.statement);
#endif
    m_statements.clear();
    m_db = nullptr;
}

#ifdef QORM_HAVE_SQLITE_NATIVE

namespace {

/*! The rows of a stepped sqlite3 statement, as QSQLITE reports them (QSqlResult's values). */
class SqliteNativeRows : public RowSource
{
public:
    SqliteNativeRows(sqlite3 *db, sqlite3_stmt *statement, int firstStep, const Dialect &dialect, bool owned = false)
        : m_db(db), m_statement(statement), m_step(firstStep), m_dialect(dialect), m_owned(owned)
    {
    }
    ~SqliteNativeRows() override
    {
        if (m_owned) {
            sqlite3_finalize(m_statement);
            m_statement = nullptr;
        }
        finish();
    }

    bool next() override
    {
        if (!m_statement || m_done)
            return false;
        if (m_first) {
            m_first = false;
        } else {
            m_step = sqlite3_step(m_statement);
        }
        if (m_step == SQLITE_ROW)
            return true;
        if (m_step != SQLITE_DONE)
            m_failed = true;
        return false;
    }

    QVariant value(int column) const override
    {
        switch (sqlite3_column_type(m_statement, column)) {
        case SQLITE_INTEGER:
            return QVariant(qint64(sqlite3_column_int64(m_statement, column)));
        case SQLITE_FLOAT:
            return QVariant(sqlite3_column_double(m_statement, column));
        case SQLITE_BLOB: {
            const int bytes = sqlite3_column_bytes(m_statement, column);
            return QVariant(QByteArray(static_cast<const char *>(sqlite3_column_blob(m_statement, column)), bytes));
        }
        case SQLITE_NULL:
            return QVariant();
        default: {
            // SQLite stores UTF-8 (the default encoding): Qt's decoder is faster than asking
            // SQLite for UTF-16 (sqlite3_column_text16() converts into a buffer it allocates).
            const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
            return QVariant(QString::fromUtf8(text, sqlite3_column_bytes(m_statement, column)));
        }
        }
    }

    int columnCount() const override { return m_statement ? sqlite3_column_count(m_statement) : 0; }
    QString columnName(int column) const override
    {
        return m_statement ? QString::fromUtf8(sqlite3_column_name(m_statement, column)) : QString();
    }

    Error error(const QString &sql) const override
    {
        if (!m_failed)
            return {};
        const QSqlError e(QStringLiteral("Unable to fetch row"), QString::fromUtf16(static_cast<const char16_t *>(sqlite3_errmsg16(m_db))),
                          QSqlError::ConnectionError, QString::number(sqlite3_extended_errcode(m_db)));
        return m_dialect.classifyError(e, sql);
    }

    void finish() override
    {
        if (m_owned) { // keep the statement until the destructor finalizes it; only stop stepping
            if (m_statement)
                sqlite3_reset(m_statement);
            m_step = SQLITE_DONE;
            m_first = false;
            m_done = true;
            return;
        }
        if (m_statement) {
            sqlite3_reset(m_statement);
            sqlite3_clear_bindings(m_statement);
            m_statement = nullptr;
        }
    }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement;
    int m_step;
    bool m_first = true;
    bool m_failed = false;
    const Dialect &m_dialect;
    bool m_owned = false; //!< Finalized by the destructor (an uncached cursor).
    bool m_done = false;
};

/*!
 * True when QtSql binds \a value as NULL: an invalid or null QVariant, or a null QString,
 * QByteArray, QDate, QTime, QDateTime or QUuid inside one (as QSqlResultPrivate::isVariantNull()).
 */
bool isNullForSql(const QVariant &value)
{
    if (value.isNull())
        return true;
    switch (value.metaType().id()) {
    case QMetaType::QString:
        return static_cast<const QString *>(value.constData())->isNull();
    case QMetaType::QByteArray:
        return static_cast<const QByteArray *>(value.constData())->isNull();
    case QMetaType::QDate:
        return static_cast<const QDate *>(value.constData())->isNull();
    case QMetaType::QTime:
        return static_cast<const QTime *>(value.constData())->isNull();
    case QMetaType::QDateTime:
        return static_cast<const QDateTime *>(value.constData())->isNull();
    case QMetaType::QUuid:
        return static_cast<const QUuid *>(value.constData())->isNull();
    default:
        return false;
    }
}

/*!
 * Binds \a text as UTF-8, the database's encoding: Qt's encoder is faster than SQLite's
 * translation of UTF-16 at step time (QSQLITE binds UTF-16). The same stored bytes for every
 * valid string. Invalid UTF-16 differs: Qt's encoder stores a lone surrogate as '?' (as QPSQL
 * and QMYSQL, which send UTF-8 too), where SQLite's translation merges it with the character
 * after it (D800 'a' is stored as U+10061).
 */
int bindText(sqlite3_stmt *statement, int index, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    return sqlite3_bind_text(statement, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

/*! Binds \a value to parameter \a index as QSQLITE does (QSQLiteResult::exec()). */
int bind(sqlite3_stmt *statement, int index, const QVariant &value)
{
    if (isNullForSql(value))
        return sqlite3_bind_null(statement, index);
    switch (value.metaType().id()) {
    case QMetaType::QByteArray: {
        const QByteArray bytes = value.toByteArray();
        return sqlite3_bind_blob(statement, index, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
    }
    case QMetaType::Int:
    case QMetaType::Bool:
        return sqlite3_bind_int(statement, index, value.toInt());
    case QMetaType::Double:
        return sqlite3_bind_double(statement, index, value.toDouble());
    case QMetaType::UInt:
    case QMetaType::LongLong:
        return sqlite3_bind_int64(statement, index, value.toLongLong());
    case QMetaType::ULongLong:
        return sqlite3_bind_int64(statement, index, sqlite3_int64(value.toULongLong()));
    case QMetaType::QString:
        return bindText(statement, index, *static_cast<const QString *>(value.constData()));
    default:
        return bindText(statement, index, value.toString());
    }
}

} // namespace

Error SqliteNative::error(const QString &description, const QString &sql, const Dialect &dialect) const
{
    const QSqlError e(description, QString::fromUtf16(static_cast<const char16_t *>(sqlite3_errmsg16(m_db))),
                      QSqlError::StatementError, QString::number(sqlite3_extended_errcode(m_db)));
    return dialect.classifyError(e, sql);
}

Result<sqlite3_stmt *> SqliteNative::prepared(const SqlStatement &st, const Dialect &dialect)
{
    auto it = m_statements.find(st.sql);
    if (it == m_statements.end()) {
        if (qsizetype(m_statements.size()) >= maxCachedStatements) {
            auto victim = leastRecentlyUsed(m_statements);
            sqlite3_finalize(victim->second.statement);
            m_statements.erase(victim);
        }
        sqlite3_stmt *statement = nullptr;
        const int rc = sqlite3_prepare16_v3(m_db, st.sql.utf16(), int(st.sql.size() * qsizetype(sizeof(char16_t))),
                                            SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
        if (rc != SQLITE_OK || !statement) {
            Error e = error(QStringLiteral("Unable to execute statement"), st.sql, dialect);
            sqlite3_finalize(statement);
            return e;
        }
        it = m_statements.emplace(st.sql, Cached{ statement, 0 }).first;
    }
    it->second.lastUse = ++m_uses;
    sqlite3_stmt *statement = it->second.statement;
    sqlite3_reset(statement);
    if (Error e = bindAll(statement, st, dialect); e.isValid()) {
        sqlite3_reset(statement);
        return e;
    }
    return statement;
}

Error SqliteNative::bindAll(sqlite3_stmt *statement, const SqlStatement &st, const Dialect &dialect) const
{
    if (sqlite3_bind_parameter_count(statement) != int(st.values.size()))
        return Error(Error::Kind::Statement, QStringLiteral("parameter count mismatch"), st.sql);
    for (qsizetype i = 0; i < st.values.size(); ++i)
        if (bind(statement, int(i + 1), st.values.at(i)) != SQLITE_OK)
            return error(QStringLiteral("Unable to bind parameters"), st.sql, dialect);
    return {};
}

Result<std::unique_ptr<RowSource>> SqliteNative::select(const SqlStatement &st, const Dialect &dialect, qint64 *elapsedMicroseconds,
                                                        bool *executed)
{
    *elapsedMicroseconds = 0;
    *executed = false;
    auto ready = prepared(st, dialect);
    if (!ready)
        return ready.error();
    sqlite3_stmt *statement = ready.value();
    QElapsedTimer timer;
    timer.start();
    *executed = true;
    const int step = sqlite3_step(statement); // as QSQLITE's exec(): the first row is fetched
    *elapsedMicroseconds = timer.nsecsElapsed() / 1000;
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        Error e = error(QStringLiteral("Unable to fetch row"), st.sql, dialect);
        sqlite3_reset(statement);
        return e;
    }
    return std::unique_ptr<RowSource>(new SqliteNativeRows(m_db, statement, step, dialect));
}

Result<std::unique_ptr<RowSource>> SqliteNative::selectUncached(const SqlStatement &st, const Dialect &dialect, qint64 *elapsedMicroseconds,
                                                                bool *executed)
{
    *elapsedMicroseconds = 0;
    *executed = false;
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare16_v2(m_db, st.sql.utf16(), int(st.sql.size() * qsizetype(sizeof(char16_t))), &statement, nullptr) != SQLITE_OK
        || !statement) {
        Error e = error(QStringLiteral("Unable to execute statement"), st.sql, dialect);
        sqlite3_finalize(statement);
        return e;
    }
    if (Error e = bindAll(statement, st, dialect); e.isValid()) {
        sqlite3_finalize(statement);
        return e;
    }
    QElapsedTimer timer;
    timer.start();
    *executed = true;
    const int step = sqlite3_step(statement);
    *elapsedMicroseconds = timer.nsecsElapsed() / 1000;
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        Error e = error(QStringLiteral("Unable to fetch row"), st.sql, dialect);
        sqlite3_finalize(statement);
        return e;
    }
    return std::unique_ptr<RowSource>(new SqliteNativeRows(m_db, statement, step, dialect, true));
}

Result<WriteOutcome> SqliteNative::write(const SqlStatement &st, const Dialect &dialect, qint64 *elapsedMicroseconds, bool *executed)
{
    *elapsedMicroseconds = 0;
    *executed = false;
    auto ready = prepared(st, dialect);
    if (!ready)
        return ready.error();
    sqlite3_stmt *statement = ready.value();
    QElapsedTimer timer;
    timer.start();
    *executed = true;
    WriteOutcome outcome;
    bool returned = false;
    int step = sqlite3_step(statement);
    while (step == SQLITE_ROW) { // RETURNING rows: the first one's first column is the key
        if (!returned) {
            returned = true;
            if (sqlite3_column_type(statement, 0) == SQLITE_INTEGER)
                outcome.generatedKey = QVariant(qint64(sqlite3_column_int64(statement, 0)));
        }
        step = sqlite3_step(statement);
    }
    *elapsedMicroseconds = timer.nsecsElapsed() / 1000;
    if (step != SQLITE_DONE) {
        Error e = error(QStringLiteral("Unable to fetch row"), st.sql, dialect);
        sqlite3_reset(statement);
        return e;
    }
    outcome.rowsAffected = qint64(sqlite3_changes64(m_db));
    if (!returned)
        outcome.generatedKey = QVariant(qint64(sqlite3_last_insert_rowid(m_db)));
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    return outcome;
}

#else

Result<std::unique_ptr<RowSource>> SqliteNative::select(const SqlStatement &st, const Dialect &, qint64 *elapsedMicroseconds,
                                                        bool *executed)
{
    *elapsedMicroseconds = 0;
    *executed = false;
    return Error(Error::Kind::InvalidState, QStringLiteral("qorm was built without the native SQLite path"), st.sql);
}

Result<WriteOutcome> SqliteNative::write(const SqlStatement &st, const Dialect &, qint64 *elapsedMicroseconds, bool *executed)
{
    *elapsedMicroseconds = 0;
    *executed = false;
    return Error(Error::Kind::InvalidState, QStringLiteral("qorm was built without the native SQLite path"), st.sql);
}

Result<std::unique_ptr<RowSource>> SqliteNative::selectUncached(const SqlStatement &st, const Dialect &, qint64 *elapsedMicroseconds,
                                                                bool *executed)
{
    *elapsedMicroseconds = 0;
    *executed = false;
    return Error(Error::Kind::InvalidState, QStringLiteral("qorm was built without the native SQLite path"), st.sql);
}

Result<sqlite3_stmt *> SqliteNative::prepared(const SqlStatement &st, const Dialect &)
{
    return Error(Error::Kind::InvalidState, QStringLiteral("qorm was built without the native SQLite path"), st.sql);
}

Error SqliteNative::error(const QString &, const QString &sql, const Dialect &) const
{
    return Error(Error::Kind::InvalidState, QStringLiteral("qorm was built without the native SQLite path"), sql);
}

#endif

} // namespace qorm::detail
