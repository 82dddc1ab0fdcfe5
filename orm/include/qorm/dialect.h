// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/error.h>
#include <qorm/result.h>
#include <qorm/typeregistry.h>

#include <QString>
#include <QMap>
#include <QVariant>
#include <memory>

class QSqlDatabase;
class QSqlError;

namespace qorm {

/*!
 * \brief Everything that differs between database backends, in one place: one subclass per
 * QtSql driver, overriding only what differs (TinyORM's "grammars", SQLAlchemy's dialects).
 *
 * No other qorm code asks which driver it runs on. Dialects are stateless after construction and
 * may be used from any thread.
 */
class QORM_CORE_EXPORT Dialect
{
public:
    virtual ~Dialect();

    /*! The dialect for QtSql driver \a driverName ("QSQLITE", ...), or nullptr if qorm has none. */
    static std::unique_ptr<Dialect> forDriver(const QString &driverName);

    /*! Short name: "sqlite", "postgresql" or "mysql". */
    virtual QString name() const = 0;
    /*! The backend's name for people, used in error texts: "SQLite", "PostgreSQL" or "MariaDB/MySQL". */
    virtual QString displayName() const = 0;
    /*! The QtSql driver this dialect is for, e.g. "QSQLITE". */
    virtual QString driverName() const = 0;

    /*!
     * Quotes \a identifier for use as a table or column name: wraps it in the dialect's quote
     * character and doubles every embedded quote character, so any string (including quotes,
     * `?`, semicolons and NUL-free unicode) names exactly that identifier. QSqlDriver::
     * escapeIdentifier() is deliberately not used: it passes through names that already start
     * or end with a quote.
     */
    QString quoteIdentifier(QStringView identifier) const;

    /*!
     * Why \a identifier cannot name a table or column on this backend as it is, or an empty
     * string: PostgreSQL silently truncates names over 63 bytes (two classes could then share
     * one table), MariaDB refuses names over 64 characters. Checked when a class is first used.
     */
    virtual QString identifierProblem(const QString &identifier) const { Q_UNUSED(identifier); return {}; }

    /*! The DDL type for \a type, e.g. "BIGINT". */
    virtual QString typeName(SqlType type) const = 0;
    /*!
     * The column definition of a generated integer primary key named \a quotedName, e.g.
     * `"id" INTEGER PRIMARY KEY AUTOINCREMENT` on SQLite.
     */
    virtual QString autoIncrementColumn(const QString &quotedName, SqlType type) const = 0;

    /*! True when INSERT ... RETURNING gives generated keys; otherwise QSqlQuery::lastInsertId() is used. */
    virtual bool supportsReturning() const { return false; }
    /*! " LIMIT ? OFFSET ?"-style clause for bound \a hasLimit / \a hasOffset (values are bound by the caller). */
    virtual QString limitClause(bool hasLimit, bool hasOffset) const;
    /*!
     * The placeholder for a number of \a type (Int64 or Double) compared with a column of
     * another numeric type, e.g. `?` or, on PostgreSQL, `CAST(? AS NUMERIC)` (PostgreSQL types
     * an untyped parameter after the column, so 1.5 against an integer column would not parse).
     */
    virtual QString numericParameter(SqlType type) const { Q_UNUSED(type); return QStringLiteral("?"); }
    /*! The statement that starts a write transaction, e.g. "BEGIN IMMEDIATE" on SQLite. */
    virtual QString beginTransactionSql() const { return QStringLiteral("BEGIN"); }
    /*!
     * The statement that sets savepoint \a name inside the current transaction:
     * `SAVEPOINT <name>`, with \a name quoted by quoteIdentifier(). The same on every backend.
     * qorm's Session does not use savepoints itself; these are for code that runs its own
     * statements on the connection.
     */
    QString savepointSql(const QString &name) const;
    /*!
     * The statement that releases (forgets, keeping its changes) savepoint \a name:
     * `RELEASE SAVEPOINT <name>`, \a name quoted by quoteIdentifier().
     */
    QString releaseSavepointSql(const QString &name) const;
    /*!
     * The statement that undoes everything after savepoint \a name while keeping the transaction
     * and the savepoint open: `ROLLBACK TO SAVEPOINT <name>`, \a name quoted by quoteIdentifier().
     */
    QString rollbackToSavepointSql(const QString &name) const;

    /*!
     * Converts \a value (of the column's value type, or a null QVariant for NULL) into what the
     * QtSql driver binds for a column of \a type. The base class binds Decimal, QDate, QTime,
     * QDateTime (converted to UTC), QUuid and JSON as text; subclasses adjust (booleans as 0/1...).
     */
    virtual QVariant toDatabase(SqlType type, const QVariant &value) const;
    /*!
     * Why \a value (of the column's value type) cannot be stored in a column of \a type on this
     * backend, or an empty string when it can. The base class rejects invalid Decimals; SQLite
     * rejects NaN (it would store NULL); MariaDB rejects NaN and infinities.
     */
    virtual QString unsupportedValue(SqlType type, const QVariant &value) const;
    /*!
     * \a value as an SQL literal, for DDL only (DEFAULT clauses, where no parameter can be bound):
     * numbers as digits, booleans as TRUE/FALSE, everything else as a string literal with every
     * quote doubled.
     */
    virtual QString literal(SqlType type, const QVariant &value) const;
    /*!
     * The DDL type of a column of \a type limited to \a length characters (0: unlimited);
     * \a indexed is true when the column is unique or indexed (MariaDB cannot index LONGTEXT).
     */
    virtual QString columnTypeName(SqlType type, int length, bool indexed) const;

    /*! The DDL type of a Decimal column declared with QORM_DECIMAL(\a precision, \a scale): "NUMERIC(p,s)". */
    virtual QString decimalTypeName(int precision, int scale) const
    {
        return QStringLiteral("NUMERIC(%1,%2)").arg(precision).arg(scale);
    }

    /*!
     * The precision and scale a Decimal column keeps: \a precision and \a scale as declared with
     * QORM_DECIMAL (precision 0: not declared) or the backend's default for the column; a
     * precision of 0 in the result means "any number of digits". With \a significantDigits set,
     * the precision counts significant digits wherever the point is (SQLite's NUMERIC affinity,
     * which keeps 15 exactly).
     */
    virtual void decimalLimits(int *precision, int *scale, bool *significantDigits) const
    {
        Q_UNUSED(precision);
        Q_UNUSED(scale);
        *significantDigits = false;
    }

    /*!
     * A column-constraint clause enforcing \a length characters on \a quotedColumn where the
     * type does not (SQLite ignores VARCHAR(n)): " CHECK (length(col) <= n)"; empty by default.
     */
    virtual QString lengthCheck(const QString &quotedColumn, int length) const
    {
        Q_UNUSED(quotedColumn);
        Q_UNUSED(length);
        return {};
    }

    /*!
     * Converts \a raw as read from the driver into \a valueType for a column of \a type; a null
     * QVariant for NULL. Sets \a ok to false when the stored value cannot be represented.
     */
    virtual QVariant fromDatabase(SqlType type, QMetaType valueType, const QVariant &raw, bool *ok) const;

    /*!
     * Turns a driver error into a qorm::Error: the kind from the database's native code
     * (errorKind()), the database's text cleaned of driver prefixes and repeated lines as
     * driverText(), its first line as message(), the native code and displayName() as the
     * backend. The session and the schema add the entity and property to the message.
     */
    Error classifyError(const QSqlError &error, const QString &sql) const;
    /*!
     * The physical column that the database's text in \a error names (e.g. "name" in
     * PostgreSQL's `null value in column "name"`), or an empty string when it names none.
     */
    virtual QString columnInError(const Error &error) const;
    /*!
     * Configures a newly opened connection \a db through the driver's native handle, before
     * connectionSetupSql() runs; returns why it could not (logged to `qorm.connection` as a
     * warning), or an empty string. The base class does nothing; SQLite turns off its
     * "double-quoted string literal" fallback (see SqliteDialect).
     */
    virtual QString configureConnection(QSqlDatabase &db) const { Q_UNUSED(db); return {}; }
    /*! Statements run once on every new connection (e.g. "PRAGMA foreign_keys = ON"). */
    virtual QStringList connectionSetupSql() const { return {}; }
    /*!
     * The QtSql connect options (QSqlDatabase::setConnectOptions()) for a URL's query
     * \a parameters (name, value; "naming" already removed): the dialect's defaults (e.g. a
     * 5 s busy timeout on SQLite, a 10 s connect timeout on the servers), overridden by the
     * parameters that urlParameters() accepts. Errors: InvalidUrl for an unknown parameter
     * (the message lists the accepted ones) or an invalid value (a non-numeric timeout, a `;`).
     */
    Result<QString> connectOptions(const QList<std::pair<QString, QString>> &parameters) const;
    /*! The URL query parameters this backend accepts, each with the QtSql option it sets. */
    virtual QMap<QString, QString> urlParameters() const { return {}; }

protected:
    /*!
     * The kind of driver error \a error with cleaned text \a text. The base class maps
     * QSqlError::ConnectionError to Connection, TransactionError to Transaction and everything
     * else to Statement; subclasses classify by the database's native code.
     */
    virtual Error::Kind errorKind(const QSqlError &error, const QString &text) const;
    /*!
     * The database's error text \a text without the driver's decorations (prefixes such as
     * PostgreSQL's "ERROR:  ", trailing codes, blank lines); the base class only trims.
     */
    virtual QString cleanDriverText(const QString &text) const;
    /*! The connect options every connection gets (option name -> value; an empty value is a flag). */
    virtual QMap<QString, QString> defaultConnectOptions() const { return {}; }
    /*!
     * The option value for URL parameter \a name given as \a value, validated; a null QString
     * removes the option. The base class checks that timeouts (names ending in "timeout") are
     * non-negative integers and passes other values through.
     */
    virtual Result<QString> connectOptionValue(const QString &name, const QString &value) const;
    /*!
     * \a text as an SQL string literal: in single quotes with every quote doubled; MySQL/MariaDB
     * also double backslashes (their default SQL mode treats them as escapes).
     */
    virtual QString stringLiteral(const QString &text) const;
    /*! The character that opens and closes a quoted identifier: '"' (ANSI) or '`' (MySQL). */
    virtual QChar identifierQuote() const { return u'"'; }
};

} // namespace qorm
