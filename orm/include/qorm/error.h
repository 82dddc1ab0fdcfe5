// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/qorm_core_export.h>

#include <QDebug>
#include <QMetaType>
#include <QString>

#include <memory>

namespace qorm {

class Entity;

/*!
 * \brief A typed error reported by qorm.
 *
 * Every operation that can fail returns a qorm::Error (or a qorm::Result carrying one); qorm
 * never throws. Like QSqlError, a default-constructed Error means "no error": isValid() is
 * false. The type is `[[nodiscard]]`: a call whose error is ignored draws a compiler warning.
 *
 * What an error carries:
 * - kind(): what went wrong, for code to act on (retry a Deadlock, fix a UniqueViolation...);
 * - message(): one line a person understands, naming the entity class and property where qorm
 *   knows them, e.g. `Track.name: value too long for VARCHAR(200)`;
 * - entityName() / propertyName(): the class and property the error is about, when known (a
 *   table model uses them to mark the failing cell); entity(): the object whose statement
 *   failed, when a flush failed on one (the table model marks its row);
 * - sql(): the statement that failed (empty when none was involved);
 * - driverText(): the database's own text, once, cleaned of the driver's prefixes;
 * - nativeCode() and backendName(): the database's error code (SQLSTATE on PostgreSQL, the
 *   server error number on MariaDB, the extended result code on SQLite) and which backend said it.
 *
 * toString() combines them into one line for status bars; detailedText() gives every part on
 * its own line for logs. Value type; cheap to copy; may be passed between threads (entity()
 * belongs to its session's thread).
 */
class [[nodiscard]] Error // members exported one by one: GCC takes no export attribute beside [[nodiscard]]
{
    Q_GADGET_EXPORT(QORM_CORE_EXPORT)
public:
    /*! What went wrong. Driver errors are classified by the Dialect from the database's codes. */
    enum class Kind {
        NoError,            //!< Not an error.
        Mapping,            //!< The entity class is mapped wrongly (unknown primary key, unmappable type).
        UnknownColumn,      //!< A property or column name that the entity does not map.
        TypeMismatch,       //!< A value whose type cannot be converted exactly to the column's type.
        InvalidUrl,         //!< A database URL that cannot be parsed, names an unknown scheme or an unknown parameter.
        DriverMissing,      //!< The QtSql driver plugin for the URL's scheme is not installed.
        Connection,         //!< The connection could not be opened (refused, wrong password, unknown database, missing file).
        ConnectionLost,     //!< The server went away during an operation.
        UniqueViolation,    //!< A UNIQUE or PRIMARY KEY constraint rejected the statement.
        ForeignKeyViolation,//!< A FOREIGN KEY constraint rejected the statement.
        NotNullViolation,   //!< A NOT NULL constraint rejected the statement.
        CheckViolation,     //!< A CHECK constraint rejected the statement.
        ValueTooLong,       //!< A string longer than its column allows (QORM_LENGTH, or VARCHAR(n) on the server).
        Deadlock,           //!< Deadlock, serialization failure or lock timeout; retrying may succeed.
        Statement,          //!< Any other error reported by the database for a statement.
        Transaction,        //!< BEGIN, COMMIT or ROLLBACK failed.
        NotFound,           //!< get() found no row with the given primary key.
        InvalidState,       //!< The call does not fit the object's state (e.g. removing a transient entity).
        ReadOnly,           //!< A write to something mapped read-only.
        StaleData,          //!< Optimistic locking: the row's version changed (or the row was deleted) since it was loaded.
        NoResult,           //!< Query::one() found no row (SQLAlchemy's NoResultFound).
        MultipleResults,    //!< Query::one() or oneOrNone() found more than one row (SQLAlchemy's MultipleResultsFound).
    };
    Q_ENUM(Kind)

    /*! Constructs "no error". */
    Error() = default;
    /*!
     * Constructs an error of \a kind with the readable \a message, the failing \a sql and the
     * database's \a driverText.
     */
    QORM_CORE_EXPORT Error(Kind kind, QString message, QString sql = {}, QString driverText = {});

    /*! True when this object describes an error (kind() is not NoError), as QSqlError::isValid(). */
    bool isValid() const noexcept { return m_kind != Kind::NoError; }
    /*! What went wrong; Kind::NoError for "no error". */
    Kind kind() const noexcept { return m_kind; }
    /*! One readable line, without SQL or driver text, e.g. "Book.title: must not be NULL". */
    QString message() const { return m_message; }
    /*! The SQL statement that failed, or an empty string when no statement was involved. */
    QString sql() const { return m_sql; }
    /*! The database's own error text (one copy, driver prefixes removed); empty for qorm's own errors. */
    QString driverText() const { return m_driverText; }
    /*!
     * The database's native error code as text: a SQLSTATE on PostgreSQL ("23505"), the server
     * error number on MariaDB/MySQL ("1062"), the extended result code on SQLite ("2067").
     * Empty for qorm's own errors and where the driver gives none.
     */
    QString nativeCode() const { return m_nativeCode; }
    /*! Sets nativeCode() to \a code. */
    void setNativeCode(const QString &code) { m_nativeCode = code; }
    /*! The backend that reported the error, e.g. "PostgreSQL"; empty for qorm's own errors. */
    QString backendName() const { return m_backend; }
    /*! Sets backendName() to \a name. */
    void setBackendName(const QString &name) { m_backend = name; }
    /*! The entity class the error is about (e.g. "Track"), or an empty string when unknown. */
    QString entityName() const { return m_entity; }
    /*! The property the error is about (e.g. "name"), or an empty string when unknown. */
    QString propertyName() const { return m_property; }
    /*! Sets entityName() to \a entity and propertyName() to \a property. */
    QORM_CORE_EXPORT void setSubject(const QString &entity, const QString &property);
    /*!
     * The entity whose INSERT, UPDATE or DELETE failed when a flush or commit failed on one
     * statement (held weakly: nullptr once the entity is gone, and for every other error).
     * Used with propertyName() to point at the failing row and cell.
     */
    std::shared_ptr<Entity> entity() const { return m_entityHandle.lock(); }
    /*! Sets entity() to \a entity (held weakly). */
    void setEntity(const std::weak_ptr<Entity> &entity) { m_entityHandle = entity; }
    /*! Replaces message() by \a message (used to add the entity and property to a driver error). */
    void setMessage(const QString &message) { m_message = message; }

    /*!
     * One line for people, e.g. "Track.name: value too long for VARCHAR(200) (PostgreSQL 22001)":
     * the message, then the backend and its code when the database reported the error. An
     * empty string when isValid() is false.
     */
    QORM_CORE_EXPORT QString toString() const;
    /*!
     * Every part on its own line, for logs: "UniqueViolation: <message>", then "SQL: ...",
     * "Database: <driver text>" and "Code: <backend> <code>" where present.
     */
    QORM_CORE_EXPORT QString detailedText() const;
    /*! The enum key of \a kind, e.g. "UniqueViolation". */
    QORM_CORE_EXPORT static QString kindName(Kind kind);

private:
    Kind m_kind = Kind::NoError;
    QString m_message;
    QString m_sql;
    QString m_driverText;
    QString m_nativeCode;
    QString m_backend;
    QString m_entity;
    QString m_property;
    std::weak_ptr<Entity> m_entityHandle;
};

/*! Writes \a error to \a dbg as "qorm::Error(Kind, message, sql: ..., database: ...)". */
QORM_CORE_EXPORT QDebug operator<<(QDebug dbg, const Error &error);

} // namespace qorm

Q_DECLARE_METATYPE(qorm::Error)
