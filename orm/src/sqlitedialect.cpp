// SPDX-License-Identifier: MIT
#include <qorm/sqlitedialect.h>

#include <QDate>
#include <QDateTime>
#include <QLibrary>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QTime>

#include <cmath>

namespace qorm {

QString SqliteDialect::typeName(SqlType type) const
{
    switch (type) {
    case SqlType::Boolean:
    case SqlType::Int32:
    case SqlType::Int64:
        return QStringLiteral("INTEGER");
    case SqlType::Double:
        return QStringLiteral("REAL");
    case SqlType::Decimal:
        return QStringLiteral("NUMERIC");
    case SqlType::Bytes:
        return QStringLiteral("BLOB");
    case SqlType::Date:
    case SqlType::Time:
    case SqlType::DateTime:
    case SqlType::String:
    case SqlType::Uuid:
    case SqlType::Json:
        return QStringLiteral("TEXT");
    }
    return QStringLiteral("TEXT");
}

QString SqliteDialect::autoIncrementColumn(const QString &quotedName, SqlType) const
{
    // Only "INTEGER PRIMARY KEY" aliases the rowid; AUTOINCREMENT forbids reuse of deleted keys.
    return quotedName + QStringLiteral(" INTEGER PRIMARY KEY AUTOINCREMENT");
}

QString SqliteDialect::unsupportedValue(SqlType type, const QVariant &value) const
{
    if (type == SqlType::Double && value.isValid() && std::isnan(value.toDouble()))
        return QStringLiteral("SQLite cannot store NaN (it would silently become NULL)");
    return Dialect::unsupportedValue(type, value);
}

QVariant SqliteDialect::toDatabase(SqlType type, const QVariant &value) const
{
    if (!value.isValid())
        return QVariant();
    if (type == SqlType::Boolean)
        return QVariant(value.toBool() ? 1 : 0);
    return Dialect::toDatabase(type, value);
}

Error::Kind SqliteDialect::errorKind(const QSqlError &error, const QString &text) const
{
    // QSQLITE reports SQLite's extended result code (sqlite3_extended_errcode) as the native code.
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    if (ok) {
        switch (code) {
        case 1299: return Error::Kind::NotNullViolation;   // SQLITE_CONSTRAINT_NOTNULL
        case 2067:                                         // SQLITE_CONSTRAINT_UNIQUE
        case 1555: return Error::Kind::UniqueViolation;    // SQLITE_CONSTRAINT_PRIMARYKEY
        case 787: return Error::Kind::ForeignKeyViolation; // SQLITE_CONSTRAINT_FOREIGNKEY
        case 275: return Error::Kind::CheckViolation;      // SQLITE_CONSTRAINT_CHECK
        default: break;
        }
        switch (code & 0xff) { // primary result codes
        case 5:  // SQLITE_BUSY (and _RECOVERY, _SNAPSHOT, _TIMEOUT): the busy timeout expired
        case 6:  // SQLITE_LOCKED
            return Error::Kind::Deadlock;
        case 14: // SQLITE_CANTOPEN
            return Error::Kind::Connection;
        case 1: // SQLITE_ERROR: generic; "no such column" is the one qorm tells apart
            if (text.startsWith(QStringLiteral("no such column")))
                return Error::Kind::UnknownColumn;
            break;
        default:
            break;
        }
    }
    return Dialect::errorKind(error, text);
}

QString SqliteDialect::columnInError(const Error &error) const
{
    // "NOT NULL constraint failed: Book.title", "UNIQUE constraint failed: Book.a, Book.b"
    static const QRegularExpression constraint(QStringLiteral("constraint failed: [^.,]+\\.([^,]+)"));
    static const QRegularExpression noSuchColumn(QStringLiteral("^no such column: (?:[^.]+\\.)?(.+)$"));
    for (const QRegularExpression *re : { &constraint, &noSuchColumn })
        if (const auto m = re->match(error.driverText()); m.hasMatch())
            return m.captured(1).trimmed();
    return {};
}

QMap<QString, QString> SqliteDialect::urlParameters() const
{
    return { { QStringLiteral("busy_timeout"), QStringLiteral("QSQLITE_BUSY_TIMEOUT") },
             { QStringLiteral("mode"), QStringLiteral("QSQLITE_OPEN_READONLY") } };
}

QMap<QString, QString> SqliteDialect::defaultConnectOptions() const
{
    return { { QStringLiteral("QSQLITE_BUSY_TIMEOUT"), QStringLiteral("5000") } };
}

Result<QString> SqliteDialect::connectOptionValue(const QString &name, const QString &value) const
{
    if (name == u"mode") {
        if (value == u"ro")
            return QStringLiteral(""); // a flag: present, without a value
        if (value == u"rw")
            return QString();
        return Error(Error::Kind::InvalidUrl, QStringLiteral("parameter 'mode' must be ro or rw, not '%1'").arg(value));
    }
    return Dialect::connectOptionValue(name, value);
}

QString SqliteDialect::configureConnection(QSqlDatabase &db) const
{
    // int sqlite3_db_config(sqlite3 *, int op, ...); for DQS: (int onOff, int *result).
    using DbConfig = int (*)(void *, int, ...);
    static const DbConfig dbConfig = [] {
        QLibrary sqlite(QStringLiteral("sqlite3"), 0); // the library QSQLITE links (already loaded)
        return reinterpret_cast<DbConfig>(sqlite.resolve("sqlite3_db_config"));
    }();
    if (!dbConfig)
        return QStringLiteral("sqlite3_db_config() not found: SQLite keeps reading unknown \"names\" as strings");
    const QVariant handle = db.driver()->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return QStringLiteral("QSQLITE gave no sqlite3 handle");
    void *sqlite = *static_cast<void *const *>(handle.constData());
    constexpr int dqsDml = 1013, dqsDdl = 1014; // SQLITE_DBCONFIG_DQS_DML / _DDL (SQLite 3.29+)
    for (int op : { dqsDml, dqsDdl })
        if (dbConfig(sqlite, op, 0, static_cast<int *>(nullptr)) != 0)
            return QStringLiteral("this SQLite cannot turn off double-quoted string literals (before 3.29)");
    return {};
}

QStringList SqliteDialect::connectionSetupSql() const
{
    // SQLite opens any file lazily; reading the schema makes a file that is not a database
    // (SQLITE_NOTADB) fail here, at open, instead of at the first query.
    return { QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("SELECT COUNT(*) FROM sqlite_master") };
}

} // namespace qorm
