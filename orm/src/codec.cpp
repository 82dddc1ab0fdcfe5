// SPDX-License-Identifier: MIT
#include "codec_p.h"

#include <qorm/decimal.h>
#include <qorm/dialect.h>

#include <QDate>
#include <QDateTime>
#include <QTime>
#include <QUuid>

#include <optional>

namespace qorm::detail {

/*! The generic path: QMetaProperty and the TypeMapping's conversions. */
struct GenericAccess
{
    static QVariant read(const ColumnCodec &c, const QObject *entity)
    {
        const TypeMapping &t = *c.m_column->type;
        return t.toValue(t, c.m_column->metaProperty.read(entity));
    }
    static QVariant readProperty(const ColumnCodec &c, const QObject *entity) { return c.m_column->metaProperty.read(entity); }
    static void write(const ColumnCodec &c, QObject *entity, const QVariant &value)
    {
        const TypeMapping &t = *c.m_column->type;
        c.m_column->metaProperty.write(entity, t.fromValue(t, value));
    }
};

/*! The typed path for property type T (plain or std::optional<U>): moc's static metacall on a typed local. */
template<typename T>
struct TypedAccess
{
    static QVariant read(const ColumnCodec &c, const QObject *entity)
    {
        T v{};
        int status = -1;
        void *argv[] = { &v, nullptr, &status }; // as QMetaProperty::read() passes them
        c.m_call(const_cast<QObject *>(entity), QMetaObject::ReadProperty, c.m_localIndex, argv);
        return QVariant::fromValue(std::move(v));
    }
    static QVariant readProperty(const ColumnCodec &c, const QObject *entity) { return read(c, entity); }
    static void write(const ColumnCodec &c, QObject *entity, const QVariant &value)
    {
        T v = value.isValid() ? value.value<T>() : T{};
        int status = -1;
        int flags = 0;
        void *argv[] = { &v, nullptr, &status, &flags }; // as QMetaProperty::write() passes them
        c.m_call(entity, QMetaObject::WriteProperty, c.m_localIndex, argv);
    }
};

template<typename U>
struct TypedAccess<std::optional<U>>
{
    static QVariant read(const ColumnCodec &c, const QObject *entity)
    {
        std::optional<U> v;
        int status = -1;
        void *argv[] = { &v, nullptr, &status };
        c.m_call(const_cast<QObject *>(entity), QMetaObject::ReadProperty, c.m_localIndex, argv);
        return v ? QVariant::fromValue(std::move(*v)) : QVariant();
    }
    static QVariant readProperty(const ColumnCodec &c, const QObject *entity)
    {
        std::optional<U> v;
        int status = -1;
        void *argv[] = { &v, nullptr, &status };
        c.m_call(const_cast<QObject *>(entity), QMetaObject::ReadProperty, c.m_localIndex, argv);
        return QVariant::fromValue(std::move(v));
    }
    static void write(const ColumnCodec &c, QObject *entity, const QVariant &value)
    {
        std::optional<U> v;
        if (value.isValid())
            v = value.value<U>();
        int status = -1;
        int flags = 0;
        void *argv[] = { &v, nullptr, &status, &flags };
        c.m_call(entity, QMetaObject::WriteProperty, c.m_localIndex, argv);
    }
};

namespace {

template<typename T>
bool pick(const ColumnMeta &column, ColumnCodec::Accessors &a)
{
    if (column.type->propertyType == QMetaType::fromType<T>()) {
        a = { &TypedAccess<T>::read, &TypedAccess<T>::readProperty, &TypedAccess<T>::write };
        return true;
    }
    if (column.type->propertyType == QMetaType::fromType<std::optional<T>>()) {
        a = { &TypedAccess<std::optional<T>>::read, &TypedAccess<std::optional<T>>::readProperty, &TypedAccess<std::optional<T>>::write };
        return true;
    }
    return false;
}

template<typename... Ts>
bool pickAny(const ColumnMeta &column, ColumnCodec::Accessors &a)
{
    return (pick<Ts>(column, a) || ...);
}

} // namespace

ColumnCodec::ColumnCodec(const ColumnMeta &column, const Dialect &dialect) : m_column(&column), m_dialect(&dialect)
{
    const Accessors generic{ &GenericAccess::read, &GenericAccess::readProperty, &GenericAccess::write };
    Accessors chosen = generic;
    // Only qorm's own mappings get the fast paths (not an enum stored by name, not a type the
    // application registered again with other conversions).
    const bool builtin = isBuiltinMapping(column.type);
    switch (column.type->sqlType) {
    case SqlType::String:
    case SqlType::Int64:
    case SqlType::Double:
    case SqlType::Bytes:
        m_passthrough = builtin;
        break;
    default:
        break;
    }
    const QMetaProperty &p = column.metaProperty;
    const QMetaObject *enclosing = p.isValid() ? p.enclosingMetaObject() : nullptr;
    // Typed access only where moc generated the static metacall.
    if (builtin && enclosing && enclosing->d.static_metacall && p.isWritable()) {
        m_call = enclosing->d.static_metacall;
        m_localIndex = p.propertyIndex() - enclosing->propertyOffset();
        m_typed = pickAny<bool, int, qint64, double, QString, QByteArray, QDate, QTime, QDateTime, QUuid, Decimal>(column, chosen);
        if (!m_typed)
            chosen = generic;
    }
    m_read = chosen.read;
    m_readProperty = chosen.readProperty;
    m_write = chosen.write;
}

QVariant ColumnCodec::dialectValue(const QVariant &raw, bool *ok) const
{
    return m_dialect->fromDatabase(m_column->type->sqlType, m_column->type->valueType, raw, ok);
}

QVariant ColumnCodec::toDatabase(const QVariant &value) const
{
    return m_dialect->toDatabase(m_column->type->sqlType, value);
}

} // namespace qorm::detail
