// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/qorm_core_export.h>
#include <qorm/result.h>

#include <QMetaEnum>
#include <QMetaType>
#include <QVariant>
#include <optional>

namespace qorm {

/*! The portable SQL type of a column; each Dialect names it in DDL and converts its values. */
enum class SqlType {
    Boolean,  //!< bool
    Int32,    //!< int, Q_ENUM stored as integer
    Int64,    //!< qint64
    Double,   //!< double (IEEE 754 binary64)
    Decimal,  //!< qorm::Decimal, exact
    String,   //!< QString, Q_ENUM stored by name
    Bytes,    //!< QByteArray
    Date,     //!< QDate
    Time,     //!< QTime (milliseconds)
    DateTime, //!< QDateTime, stored as UTC
    Uuid,     //!< QUuid
    Json,     //!< QJsonObject / QJsonArray
};

/*!
 * \brief How one C++ property type maps to a column: its SqlType and nullability, and how a
 * property value becomes the plain value (the "value type") that a Dialect binds.
 *
 * `std::optional<T>` maps like T but is nullable: std::nullopt is SQL NULL. Every other type is
 * NOT NULL. Mappings for the built-in types are registered at start-up; registerType() adds more.
 * Immutable once registered; safe to read from any thread.
 */
struct QORM_CORE_EXPORT TypeMapping
{
    QMetaType propertyType; //!< The Q_PROPERTY's type, e.g. std::optional<QString>.
    QMetaType valueType;    //!< The underlying value type, e.g. QString.
    SqlType sqlType = SqlType::String; //!< The portable SQL type of the column (its DDL type and binding).
    bool nullable = false;             //!< True for `std::optional<T>`: the column accepts NULL (no NOT NULL in DDL).
    QMetaEnum metaEnum; //!< For Q_ENUM properties: the enumeration.
    /*! Property value -> valueType value, or a null QVariant for SQL NULL. */
    QVariant (*toValue)(const TypeMapping &mapping, const QVariant &property) = nullptr;
    /*! valueType value (or a null QVariant for NULL) -> property value. */
    QVariant (*fromValue)(const TypeMapping &mapping, const QVariant &value) = nullptr;
};

/*!
 * \brief The registry of TypeMapping objects, keyed by property type.
 *
 * Thread-safe. Enumerations registered with Q_ENUM need no registration: they map to Int32
 * (their integer value).
 */
class QORM_CORE_EXPORT TypeRegistry
{
public:
    /*! The mapping for \a propertyType, or nullptr if the type has no SQL mapping. */
    static const TypeMapping *find(QMetaType propertyType);
    /*! Adds or replaces the mapping for mapping.propertyType. */
    static void registerMapping(const TypeMapping &mapping);

    /*!
     * Converts \a value exactly into \a mapping's value type, or explains why it cannot: the
     * one conversion rule used wherever a value meets a column (query filters, key lookups,
     * EntityTableModel::setData()). A null or invalid \a value is SQL NULL (a null QVariant).
     *
     * Accepted, because nothing is lost: the property or value type itself; any integer into
     * an integer column whose range holds it, into Decimal, or into double up to 2^53; an
     * integral double into an integer column; a double into Decimal (its shortest round-trip
     * digits); text that parses completely into the target (numbers, `true`/`false`/`1`/`0`
     * for bool, ISO dates and times, UUIDs, JSON, an enumerator's key); QLatin1String,
     * QByteArray (UTF-8) and QChar into QString; a QDate into a QDateTime column (midnight UTC).
     * Everything else is refused: `"abc"` into bool, 1.5 or 2^32 + 1 into a 32-bit integer,
     * "not-a-uuid" into QUuid.
     *
     * Errors: TypeMismatch with a message like "cannot use QString 'abc' as bool" (the caller
     * adds the entity and property).
     */
    static Result<QVariant> convertExact(const TypeMapping &mapping, const QVariant &value);

    /*! Registers T (non-null) and std::optional<T> (nullable) as \a sqlType, with T stored as is. */
    template<typename T>
    static void registerType(SqlType sqlType)
    {
        TypeMapping plain;
        plain.propertyType = QMetaType::fromType<T>();
        plain.valueType = plain.propertyType;
        plain.sqlType = sqlType;
        plain.toValue = [](const TypeMapping &, const QVariant &v) { return v; };
        plain.fromValue = [](const TypeMapping &, const QVariant &v) { return v.isValid() ? v : QVariant::fromValue(T{}); };
        registerMapping(plain);

        TypeMapping optional = plain;
        optional.propertyType = QMetaType::fromType<std::optional<T>>();
        optional.nullable = true;
        optional.toValue = [](const TypeMapping &, const QVariant &v) {
            const auto o = v.value<std::optional<T>>();
            return o ? QVariant::fromValue(*o) : QVariant();
        };
        optional.fromValue = [](const TypeMapping &, const QVariant &v) {
            return v.isValid() ? QVariant::fromValue(std::optional<T>(v.value<T>()))
                               : QVariant::fromValue(std::optional<T>());
        };
        registerMapping(optional);
    }
};

} // namespace qorm
