// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/dialect.h>

namespace qorm {

/*!
 * \brief The dialect of QtSql's QMYSQL driver (MariaDB 10.5+ and MySQL 8).
 *
 * Identifiers are quoted with backticks (embedded backticks doubled — QMYSQL's own
 * escapeIdentifier() does not). Storage: BOOLEAN (TINYINT(1)), INT, BIGINT, DOUBLE,
 * DECIMAL(19,4) (exact; four decimal places), LONGTEXT, LONGBLOB, DATE, TIME(3), DATETIME(3)
 * holding UTC, CHAR(36) for UUIDs, JSON. Generated keys: AUTO_INCREMENT, read with
 * QSqlQuery::lastInsertId(). Every connection uses utf8mb4, time zone +00:00, strict SQL mode
 * (so bad values are errors, not silent truncation) and CLIENT_FOUND_ROWS (so an UPDATE that
 * changes nothing still reports the row it matched). Errors are classified by MySQL error number.
 */
class QORM_CORE_EXPORT MysqlDialect : public Dialect
{
public:
    QString name() const override { return QStringLiteral("mysql"); }
    QString displayName() const override { return QStringLiteral("MariaDB/MySQL"); }
    QString driverName() const override { return QStringLiteral("QMYSQL"); }
    QString typeName(SqlType type) const override;
    QString autoIncrementColumn(const QString &quotedName, SqlType type) const override;
    QString limitClause(bool hasLimit, bool hasOffset) const override;
    /*! Names over 64 characters, or with characters outside the Basic Multilingual Plane (emoji), which MariaDB/MySQL refuse. */
    QString identifierProblem(const QString &identifier) const override
    {
        if (identifier.size() > 64)
            return QStringLiteral("is %1 characters long; MariaDB/MySQL allow 64").arg(identifier.size());
        for (const QChar c : identifier)
            if (c.isSurrogate())
                return QStringLiteral("contains a character outside the Basic Multilingual Plane, which MariaDB/MySQL names cannot hold");
        return {};
    }
    QString beginTransactionSql() const override { return QStringLiteral("START TRANSACTION"); }
    QVariant toDatabase(SqlType type, const QVariant &value) const override;
    QString unsupportedValue(SqlType type, const QVariant &value) const override;
    QString columnTypeName(SqlType type, int length, bool indexed) const override;
    /*! "DECIMAL(p,s)". */
    QString decimalTypeName(int precision, int scale) const override
    {
        return QStringLiteral("DECIMAL(%1,%2)").arg(precision).arg(scale);
    }
    /*! DECIMAL(19,4) unless declared. */
    void decimalLimits(int *precision, int *scale, bool *significantDigits) const override
    {
        if (*precision == 0) {
            *precision = 19;
            *scale = 4;
        }
        *significantDigits = false;
    }
    QString columnInError(const Error &error) const override;
    QStringList connectionSetupSql() const override;
    /*!
     * `connect_timeout`, `read_timeout`, `write_timeout` (seconds; connect defaults to 10),
     * `ssl_key`, `ssl_cert`, `ssl_ca`, `ssl_capath`, `ssl_cipher`, `unix_socket`.
     */
    QMap<QString, QString> urlParameters() const override;

protected:
    /*! CLIENT_FOUND_ROWS, no automatic reconnect (qorm reconnects itself), a 10 s connect timeout. */
    QMap<QString, QString> defaultConnectOptions() const override;
    /*! By server error number: 1062 unique, 1451/1452 foreign key, 1048 not null, 4025/3819 check, 1406 too long, 1205/1213 deadlock, 2006/2013 connection lost. */
    Error::Kind errorKind(const QSqlError &error, const QString &text) const override;
    QString stringLiteral(const QString &text) const override;
    QChar identifierQuote() const override { return u'`'; }
};

} // namespace qorm
