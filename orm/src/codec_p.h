// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include <qorm/entitymeta.h>

#include <QMetaObject>
#include <QVariant>

namespace qorm {
class Dialect;
}

namespace qorm::detail {

/*!
 * How one column's value travels between its Q_PROPERTY and the database, decided once when
 * the mapping plan is built (per entity class, dialect and naming strategy) and immutable after:
 *
 *   property  --value()-->  value type (QVariant, null for NULL)  --Dialect::toDatabase-->  bound parameter
 *   driver value  --Dialect::fromDatabase-->  value type  --setValue()-->  property
 *
 * For the types qorm maps itself (bool, int, qint64, double, QString, QByteArray, QDate, QTime,
 * QDateTime, QUuid, qorm::Decimal and std::optional of each) value() and setValue() call the
 * class's moc-generated static metacall with a pointer to a typed local: no QMetaProperty, no
 * property-typed QVariant, no TypeMapping indirection. Other types (Q_ENUMs, JSON, types a user
 * registered with TypeRegistry) take the generic path: QMetaProperty plus the TypeMapping's
 * toValue/fromValue.
 */
class ColumnCodec
{
public:
    ColumnCodec() = default;
    ColumnCodec(const ColumnMeta &column, const Dialect &dialect);

    /*! The property's current value in the column's value type; a null QVariant for NULL. */
    QVariant value(const QObject *entity) const { return m_read(*this, entity); }
    /*!
     * The property's current value as QMetaProperty::read() returns it (the property's own type,
     * std::optional included), without QMetaProperty where the codec is typed: what change
     * tracking compares with the recorded original.
     */
    QVariant propertyValue(const QObject *entity) const { return m_readProperty(*this, entity); }
    /*! Writes \a value (value type, or null for NULL) into the property, through its setter. */
    void setValue(QObject *entity, const QVariant &value) const { m_write(*this, entity, value); }
    /*!
     * \a raw from the driver as the value type; \a ok false when it cannot be read. Text, 64-bit
     * integers, doubles and bytes that arrive in the value type pass as they are (what
     * Dialect::fromDatabase() would return); everything else goes through the dialect.
     */
    QVariant fromDatabase(const QVariant &raw, bool *ok) const
    {
        if (m_passthrough && raw.metaType() == m_column->type->valueType && !raw.isNull()) {
            *ok = true;
            return raw;
        }
        return dialectValue(raw, ok);
    }
    /*! \a value (value type) as the driver binds it. */
    QVariant toDatabase(const QVariant &value) const;
    /*! True when value()/setValue() skip QMetaProperty (a type qorm maps itself). */
    bool isTyped() const { return m_typed; }
    const ColumnMeta &column() const { return *m_column; }

    /*! The three accessors of a column, chosen together (typed or generic). */
    struct Accessors
    {
        QVariant (*read)(const ColumnCodec &, const QObject *);
        QVariant (*readProperty)(const ColumnCodec &, const QObject *);
        void (*write)(const ColumnCodec &, QObject *, const QVariant &);
    };

private:
    QVariant dialectValue(const QVariant &raw, bool *ok) const;

    template<typename T>
    friend struct TypedAccess;
    friend struct GenericAccess;

    const ColumnMeta *m_column = nullptr;
    const Dialect *m_dialect = nullptr;
    QMetaObject::Data::StaticMetacallFunction m_call = nullptr;
    int m_localIndex = -1;
    bool m_typed = false;
    bool m_passthrough = false; //!< A driver value of the value type is already what fromDatabase() returns.
    QVariant (*m_read)(const ColumnCodec &, const QObject *) = nullptr;
    QVariant (*m_readProperty)(const ColumnCodec &, const QObject *) = nullptr;
    void (*m_write)(const ColumnCodec &, QObject *, const QVariant &) = nullptr;
};

/*! True for the mappings qorm registers itself (not replaced by the application). */
bool isBuiltinMapping(const TypeMapping *mapping);

} // namespace qorm::detail
