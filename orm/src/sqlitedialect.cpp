// SPDX-License-Identifier: MIT
#include <qorm/sqlitedialect.h>

#include <QDate>
#include <QDateTime>
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

Error SqliteDialect::classifyError(const QSqlError &error, const QString &sql) const
{
    Error e = Dialect::classifyError(error, sql);
    const QString text = error.databaseText();
    Error::Kind kind = e.kind();
    if (text.contains(QStringLiteral("UNIQUE constraint failed")))
        kind = Error::Kind::UniqueViolation;
    else if (text.contains(QStringLiteral("NOT NULL constraint failed")))
        kind = Error::Kind::NotNullViolation;
    else if (text.contains(QStringLiteral("FOREIGN KEY constraint failed")))
        kind = Error::Kind::ForeignKeyViolation;
    else if (text.contains(QStringLiteral("CHECK constraint failed")))
        kind = Error::Kind::CheckViolation;
    else if (text.contains(QStringLiteral("database is locked")) || text.contains(QStringLiteral("database table is locked")))
        kind = Error::Kind::Deadlock;
    return reclassified(e, kind);
}

QStringList SqliteDialect::connectionSetupSql() const
{
    return { QStringLiteral("PRAGMA foreign_keys = ON") };
}

} // namespace qorm
