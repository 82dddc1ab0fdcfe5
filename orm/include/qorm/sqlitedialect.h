// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/dialect.h>

namespace qorm {

/*!
 * \brief The dialect of QtSql's QSQLITE driver (SQLite 3).
 *
 * Storage: booleans as 0/1 INTEGER, Decimal bound as text into a NUMERIC column (SQLite keeps
 * it as REAL when that is exact to 15 significant digits, otherwise as TEXT; either way it reads
 * back as the same decimal), QDateTime as UTC text "YYYY-MM-DD HH:MM:SS.zzz" (sorts correctly and
 * works with SQLite's date functions), QDate "YYYY-MM-DD", QTime "HH:MM:SS.zzz", QUuid as text,
 * JSON as text. Write transactions start with BEGIN IMMEDIATE so that two writers fail fast with
 * a busy error instead of deadlocking on lock upgrade. Generated keys come from
 * QSqlQuery::lastInsertId() (see supportsReturning()). Every connection runs
 * `PRAGMA foreign_keys = ON` and waits up to 5 s on a locked database.
 */
class QORM_CORE_EXPORT SqliteDialect : public Dialect
{
public:
    QString name() const override { return QStringLiteral("sqlite"); }
    QString displayName() const override { return QStringLiteral("SQLite"); }
    QString driverName() const override { return QStringLiteral("QSQLITE"); }
    QString typeName(SqlType type) const override;
    QString autoIncrementColumn(const QString &quotedName, SqlType type) const override;
    /*!
     * False on purpose: SQLite (3.35+) understands INSERT ... RETURNING, but in 3.40 every such
     * statement builds a temporary table, which doubled the cost of an INSERT in
     * benchmarks/run.sh (W1). sqlite3_last_insert_rowid() (QSqlQuery::lastInsertId()) is exact
     * on the connection that inserted, so qorm uses it instead.
     */
    bool supportsReturning() const override { return false; }
    QString beginTransactionSql() const override { return QStringLiteral("BEGIN IMMEDIATE"); }
    QVariant toDatabase(SqlType type, const QVariant &value) const override;
    QString unsupportedValue(SqlType type, const QVariant &value) const override;
    QString columnTypeName(SqlType type, int, bool) const override { return typeName(type); }
    /*! "NUMERIC": SQLite has no DECIMAL(p,s); qorm checks the digits itself. */
    QString decimalTypeName(int, int) const override { return QStringLiteral("NUMERIC"); }
    /*! NUMERIC affinity keeps 15 significant digits exactly (as a REAL); more would be rounded. */
    void decimalLimits(int *precision, int *scale, bool *significantDigits) const override
    {
        *precision = *precision == 0 ? 15 : qMin(*precision, 15);
        Q_UNUSED(scale);
        *significantDigits = true;
    }
    /*! " CHECK (length(col) <= n)": SQLite ignores VARCHAR(n), so QORM_LENGTH is a CHECK. */
    QString lengthCheck(const QString &quotedColumn, int length) const override
    {
        return QStringLiteral(" CHECK (length(%1) <= %2)").arg(quotedColumn).arg(length);
    }
    QString columnInError(const Error &error) const override;
    QStringList connectionSetupSql() const override;
    /*!
     * Turns off SQLite's misfeature of reading an unknown double-quoted identifier as a string
     * literal (SQLITE_DBCONFIG_DQS_DML / _DDL), so that a column missing from the table is an
     * error, as on the servers, instead of every row reading the column's own name. Done through
     * `sqlite3_db_config()` on QSQLITE's native handle, resolved at run time from the SQLite
     * library the plugin loaded (no build-time dependency); where it cannot be resolved, the
     * reason is returned (and logged).
     */
    QString configureConnection(QSqlDatabase &db) const override;
    /*!
     * `busy_timeout=<ms>` (how long a writer waits for a lock; default 5000) and `mode=ro|rw`
     * (`ro` opens read-only and fails when the file is missing; `rw`, the default, creates it).
     */
    QMap<QString, QString> urlParameters() const override;

protected:
    QMap<QString, QString> defaultConnectOptions() const override;
    Result<QString> connectOptionValue(const QString &name, const QString &value) const override;
    /*! By SQLite's extended result code: 1299 NOT NULL, 2067/1555 UNIQUE, 787 FOREIGN KEY, 275 CHECK, 5/6 busy/locked. */
    Error::Kind errorKind(const QSqlError &error, const QString &text) const override;
};

} // namespace qorm
