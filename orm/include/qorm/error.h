// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/qorm_core_export.h>

#include <QDebug>
#include <QMetaType>
#include <QString>

class QSqlError;

namespace qorm {

/*!
 * \brief A typed error reported by qorm.
 *
 * Every operation that can fail returns a qorm::Error (or a qorm::Result carrying one); qorm
 * never throws. Like QSqlError, a default-constructed Error means "no error": isValid() is
 * false. An error carries its kind(), a human-readable message(), the SQL text that failed
 * (sql(), empty when no statement was involved) and the driver's own text (driverText()).
 *
 * Value type; cheap to copy; may be passed between threads.
 */
class QORM_CORE_EXPORT Error
{
    Q_GADGET
public:
    /*! What went wrong. Driver errors are classified by the Dialect. */
    enum class Kind {
        NoError,            //!< Not an error.
        Mapping,            //!< The entity class is mapped wrongly (unknown primary key, unmappable type).
        UnknownColumn,      //!< A property or column name that the entity does not map.
        TypeMismatch,       //!< A value whose type cannot be converted to the column's type.
        InvalidUrl,         //!< A database URL that cannot be parsed or names an unknown scheme.
        DriverMissing,      //!< The QtSql driver plugin for the URL's scheme is not installed.
        Connection,         //!< The connection could not be opened.
        ConnectionLost,     //!< The server went away during an operation.
        UniqueViolation,    //!< A UNIQUE or PRIMARY KEY constraint rejected the statement.
        ForeignKeyViolation,//!< A FOREIGN KEY constraint rejected the statement.
        NotNullViolation,   //!< A NOT NULL constraint rejected the statement.
        CheckViolation,     //!< A CHECK constraint rejected the statement.
        Deadlock,           //!< Deadlock, serialization failure or lock timeout; retrying may succeed.
        Statement,          //!< Any other error reported by the database for a statement.
        Transaction,        //!< BEGIN, COMMIT or ROLLBACK failed.
        NotFound,           //!< get() found no row with the given primary key.
        InvalidState,       //!< The call does not fit the entity's state (e.g. removing a transient entity).
        ReadOnly,           //!< A write to something mapped read-only (e.g. a composite-key entity for now).
    };
    Q_ENUM(Kind)

    /*! Constructs "no error". */
    Error() = default;
    /*! Constructs an error of \a kind with \a message, the failing \a sql and the \a driverText. */
    Error(Kind kind, QString message, QString sql = {}, QString driverText = {});

    /*! True when this object describes an error (kind() is not NoError), as QSqlError::isValid(). */
    bool isValid() const noexcept { return m_kind != Kind::NoError; }
    Kind kind() const noexcept { return m_kind; }
    QString message() const { return m_message; }
    QString sql() const { return m_sql; }
    QString driverText() const { return m_driverText; }
    /*! The driver's native error code as QSqlError::nativeErrorCode() gave it (e.g. "23505" on PostgreSQL). */
    QString nativeCode() const { return m_nativeCode; }
    void setNativeCode(const QString &code) { m_nativeCode = code; }

    /*! One line for logs and status bars: "kind: message (driver text)". */
    QString toString() const;
    /*! The enum key of \a kind, e.g. "UniqueViolation". */
    static QString kindName(Kind kind);

private:
    Kind m_kind = Kind::NoError;
    QString m_message;
    QString m_sql;
    QString m_driverText;
    QString m_nativeCode;
};

QORM_CORE_EXPORT QDebug operator<<(QDebug dbg, const Error &error);

} // namespace qorm

Q_DECLARE_METATYPE(qorm::Error)
