// SPDX-License-Identifier: MIT
#include "identitykey_p.h"

#include <qorm/decimal.h>

#include <QDate>
#include <QDateTime>
#include <QUuid>

namespace qorm::detail {

IdentityKey::IdentityKey(const QMetaObject *entityClass, const QVariantList &values) : m_class(entityClass)
{
    if (!values.isEmpty()) {
        m_first = values.first();
        m_rest = values.mid(1);
    }
    computeHash();
}

IdentityKey::IdentityKey(const QMetaObject *entityClass, const QVariant &value) : m_class(entityClass), m_first(value)
{
    computeHash();
}

QVariantList IdentityKey::values() const
{
    QVariantList all;
    if (!m_class)
        return all;
    all.reserve(1 + m_rest.size());
    all.append(m_first);
    all.append(m_rest);
    return all;
}

void IdentityKey::computeHash()
{
    size_t h = ::qHash(quintptr(m_class));
    h = qHashMulti(h, hashKeyValue(m_first));
    for (const QVariant &v : std::as_const(m_rest))
        h = qHashMulti(h, hashKeyValue(v));
    m_hash = h;
}

bool operator==(const IdentityKey &a, const IdentityKey &b)
{
    if (a.m_hash != b.m_hash || a.m_class != b.m_class || a.m_rest.size() != b.m_rest.size())
        return false;
    if (!sameKeyValue(a.m_first, b.m_first))
        return false;
    for (qsizetype i = 0; i < a.m_rest.size(); ++i)
        if (!sameKeyValue(a.m_rest.at(i), b.m_rest.at(i)))
            return false;
    return true;
}

size_t hashKeyValue(const QVariant &v)
{
    const QMetaType t = v.metaType();
    switch (t.id()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::Long:
        return ::qHash(v.toLongLong()) ^ size_t(t.id());
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::UShort:
    case QMetaType::ULong:
        return ::qHash(v.toULongLong()) ^ size_t(t.id());
    case QMetaType::Bool:
        return ::qHash(v.toBool()) ^ size_t(t.id());
    case QMetaType::QString:
        return ::qHash(*static_cast<const QString *>(v.constData()));
    case QMetaType::QByteArray:
        return ::qHash(*static_cast<const QByteArray *>(v.constData())) ^ size_t(t.id());
    case QMetaType::QUuid:
        return ::qHash(*static_cast<const QUuid *>(v.constData()));
    case QMetaType::QDate:
        return ::qHash(static_cast<const QDate *>(v.constData())->toJulianDay());
    case QMetaType::QDateTime:
        return ::qHash(static_cast<const QDateTime *>(v.constData())->toMSecsSinceEpoch());
    case QMetaType::Double:
        return ::qHash(v.toDouble());
    default:
        break;
    }
    if (t == QMetaType::fromType<Decimal>()) {
        // Equal decimals hash alike whatever their scale (1.5 == 1.50).
        const Decimal *d = static_cast<const Decimal *>(v.constData());
        qint64 unscaled = d->unscaledValue();
        int scale = d->scale();
        while (scale > 0 && unscaled % 10 == 0) {
            unscaled /= 10;
            --scale;
        }
        return qHashMulti(0, unscaled, scale);
    }
    return ::qHash(v.toString()) ^ size_t(t.id()); // other registered key types: by their text
}

bool sameKeyValue(const QVariant &a, const QVariant &b)
{
    return a.metaType() == b.metaType() && (a.isNull() == b.isNull()) && a == b;
}

} // namespace qorm::detail
