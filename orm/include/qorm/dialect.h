// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/error.h>
#include <qorm/typeregistry.h>

#include <QString>
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
    /*! The statement that starts a write transaction, e.g. "BEGIN IMMEDIATE" on SQLite. */
    virtual QString beginTransactionSql() const { return QStringLiteral("BEGIN"); }
    QString savepointSql(const QString &name) const;
    QString releaseSavepointSql(const QString &name) const;
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

    /*!
     * Converts \a raw as read from the driver into \a valueType for a column of \a type; a null
     * QVariant for NULL. Sets \a ok to false when the stored value cannot be represented.
     */
    virtual QVariant fromDatabase(SqlType type, QMetaType valueType, const QVariant &raw, bool *ok) const;

    /*! Classifies a driver error into a qorm::Error kind (unique violation, deadlock, ...). */
    virtual Error classifyError(const QSqlError &error, const QString &sql) const;
    /*! Statements run once on every new connection (e.g. "PRAGMA foreign_keys = ON"). */
    virtual QStringList connectionSetupSql() const { return {}; }
    /*! Driver connect options set before QSqlDatabase::open(), e.g. a busy timeout. */
    virtual QString connectOptions() const { return {}; }

protected:
    /*! \a error with its kind replaced by \a kind (for subclasses' classifyError()). */
    static Error reclassified(const Error &error, Error::Kind kind);
    /*! The character that opens and closes a quoted identifier: '"' (ANSI) or '`' (MySQL). */
    virtual QChar identifierQuote() const { return u'"'; }
};

} // namespace qorm
