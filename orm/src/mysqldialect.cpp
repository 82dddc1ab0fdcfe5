// SPDX-License-Identifier: MIT
#include <qorm/decimal.h>
#include <qorm/mysqldialect.h>

#include <QDate>
#include <QDateTime>
#include <QRegularExpression>
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

Error::Kind MysqlDialect::errorKind(const QSqlError &error, const QString &text) const
{
    switch (error.nativeErrorCode().toInt()) { // the server's (or client library's) error number
    case 1062: case 1586:
        return Error::Kind::UniqueViolation;
    case 1216: case 1217: case 1451: case 1452:
        return Error::Kind::ForeignKeyViolation;
    case 1048: case 1364:
        return Error::Kind::NotNullViolation;
    case 3819: case 4025:
        return Error::Kind::CheckViolation;
    case 1406:
        return Error::Kind::ValueTooLong;
    case 1054:
        return Error::Kind::UnknownColumn;
    case 1205: case 1213:
        return Error::Kind::Deadlock;
    case 2006: case 2013: case 2055: case 1927:
        return Error::Kind::ConnectionLost;
    case 1264: case 1265: case 1292: case 1366:
        return Error::Kind::TypeMismatch;
    default:
        return Dialect::errorKind(error, text);
    }
}

QString MysqlDialect::columnInError(const Error &error) const
{
    // "Column 'name' cannot be null", "Data too long for column 'name' at row 1",
    // "... FOREIGN KEY (`album_id`) REFERENCES ...", "Duplicate entry 'a' for key 'name'"
    // (the index name: for a one-column UNIQUE, MariaDB names it after the column),
    // "Unknown column 'nope' in 'field list'".
    static const QRegularExpression patterns[] = {
        QRegularExpression(QStringLiteral("^Column '(.+)' cannot be null")),
        QRegularExpression(QStringLiteral("for column '(.+?)' at row")),
        QRegularExpression(QStringLiteral("FOREIGN KEY \\(`((?:[^`]|``)+)`\\)")),
        QRegularExpression(QStringLiteral("for key '(?:[^'.]+\\.)?(.+)'$")),
        QRegularExpression(QStringLiteral("^Unknown column '(?:[^'.]+\\.)?(.+?)' in")),
    };
    for (const QRegularExpression &re : patterns)
        if (const auto m = re.match(error.driverText()); m.hasMatch())
            return m.captured(1).replace(QStringLiteral("``"), QStringLiteral("`"));
    return {};
}

QString MysqlDialect::stringLiteral(const QString &text) const
{
    QString escaped = text;
    escaped.replace(u'\\', QStringLiteral("\\\\"));
    return Dialect::stringLiteral(escaped);
}

QMap<QString, QString> MysqlDialect::urlParameters() const
{
    return { { QStringLiteral("connect_timeout"), QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT") },
             { QStringLiteral("read_timeout"), QStringLiteral("MYSQL_OPT_READ_TIMEOUT") },
             { QStringLiteral("write_timeout"), QStringLiteral("MYSQL_OPT_WRITE_TIMEOUT") },
             { QStringLiteral("ssl_key"), QStringLiteral("SSL_KEY") },
             { QStringLiteral("ssl_cert"), QStringLiteral("SSL_CERT") },
             { QStringLiteral("ssl_ca"), QStringLiteral("SSL_CA") },
             { QStringLiteral("ssl_capath"), QStringLiteral("SSL_CAPATH") },
             { QStringLiteral("ssl_cipher"), QStringLiteral("SSL_CIPHER") },
             { QStringLiteral("unix_socket"), QStringLiteral("UNIX_SOCKET") } };
}

QMap<QString, QString> MysqlDialect::defaultConnectOptions() const
{
    return { { QStringLiteral("CLIENT_FOUND_ROWS"), QStringLiteral("1") },
             { QStringLiteral("MYSQL_OPT_RECONNECT"), QStringLiteral("0") },
             { QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT"), QStringLiteral("10") } };
}

QStringList MysqlDialect::connectionSetupSql() const
{
    return { QStringLiteral("SET NAMES utf8mb4"), QStringLiteral("SET time_zone = '+00:00'"),
             QStringLiteral("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                            "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'") };
}

} // namespace qorm
