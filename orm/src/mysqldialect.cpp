// SPDX-License-Identifier: MIT
#include <qorm/decimal.h>
#include <qorm/mysqldialect.h>

#include <QDate>
#include <QDateTime>
#include <QSqlError>
#include <QTime>

#include <cmath>

namespace qorm {

QString MysqlDialect::typeName(SqlType type) const
{
    switch (type) {
    case SqlType::Boolean: return QStringLiteral("BOOLEAN");
    case SqlType::Int32: return QStringLiteral("INT");
    case SqlType::Int64: return QStringLiteral("BIGINT");
    case SqlType::Double: return QStringLiteral("DOUBLE");
    case SqlType::Decimal: return QStringLiteral("DECIMAL(19,4)");
    case SqlType::String: return QStringLiteral("LONGTEXT");
    case SqlType::Bytes: return QStringLiteral("LONGBLOB");
    case SqlType::Date: return QStringLiteral("DATE");
    case SqlType::Time: return QStringLiteral("TIME(3)");
    case SqlType::DateTime: return QStringLiteral("DATETIME(3)");
    case SqlType::Uuid: return QStringLiteral("CHAR(36)");
    case SqlType::Json: return QStringLiteral("JSON");
    }
    return QStringLiteral("LONGTEXT");
}

QString MysqlDialect::autoIncrementColumn(const QString &quotedName, SqlType type) const
{
    return quotedName + u' ' + typeName(type) + QStringLiteral(" NOT NULL AUTO_INCREMENT PRIMARY KEY");
}

QString MysqlDialect::limitClause(bool hasLimit, bool hasOffset) const
{
    if (!hasLimit && hasOffset) // MySQL has no OFFSET without LIMIT; its manual suggests the maximum
        return QStringLiteral(" LIMIT 18446744073709551615 OFFSET ?");
    return Dialect::limitClause(hasLimit, hasOffset);
}

QString MysqlDialect::unsupportedValue(SqlType type, const QVariant &value) const
{
    if (type == SqlType::Double && value.isValid() && !std::isfinite(value.toDouble()))
        return QStringLiteral("MariaDB/MySQL cannot store NaN or infinity in a DOUBLE column");
    return Dialect::unsupportedValue(type, value);
}

QString MysqlDialect::columnTypeName(SqlType type, int length, bool indexed) const
{
    // LONGTEXT cannot be UNIQUE or indexed without a prefix length: use VARCHAR(255) then.
    if (type == SqlType::String && length <= 0 && indexed)
        length = 255;
    if (type == SqlType::Bytes && indexed)
        return QStringLiteral("VARBINARY(%1)").arg(length > 0 ? length : 255);
    return Dialect::columnTypeName(type, length, indexed);
}

QVariant MysqlDialect::toDatabase(SqlType type, const QVariant &value) const
{
    if (!value.isValid())
        return QVariant();
    if (type == SqlType::Boolean)
        return QVariant(value.toBool() ? 1 : 0);
    return Dialect::toDatabase(type, value);
}

Error MysqlDialect::classifyError(const QSqlError &error, const QString &sql) const
{
    Error e = Dialect::classifyError(error, sql);
    const int code = error.nativeErrorCode().toInt();
    Error::Kind kind = e.kind();
    switch (code) {
    case 1062: case 1586:
        kind = Error::Kind::UniqueViolation;
        break;
    case 1216: case 1217: case 1451: case 1452:
        kind = Error::Kind::ForeignKeyViolation;
        break;
    case 1048: case 1364:
        kind = Error::Kind::NotNullViolation;
        break;
    case 3819: case 4025:
        kind = Error::Kind::CheckViolation;
        break;
    case 1205: case 1213:
        kind = Error::Kind::Deadlock;
        break;
    case 2006: case 2013: case 2055: case 1927:
        kind = Error::Kind::ConnectionLost;
        break;
    case 1264: case 1265: case 1292: case 1366: case 1406:
        kind = Error::Kind::TypeMismatch;
        break;
    default:
        break;
    }
    return reclassified(e, kind);
}

QStringList MysqlDialect::connectionSetupSql() const
{
    return { QStringLiteral("SET NAMES utf8mb4"), QStringLiteral("SET time_zone = '+00:00'"),
             QStringLiteral("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                            "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'") };
}

} // namespace qorm
