// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include <QHashFunctions>
#include <QMetaObject>
#include <QVariant>
#include <QVariantList>

namespace qorm::detail {

/*!
 * The identity of a persistent entity: its class and its primary-key values (value types, in
 * key order), like SQLAlchemy's identity key `(class, (key values...))`. Compared by type and
 * value, hashed once: no string round trip, so binary keys and composite keys containing any
 * character stay distinct (1 and "1" differ too). A single-column key (the common case) is
 * kept without a list allocation.
 */
class IdentityKey
{
public:
    IdentityKey() = default;
    /*! The key of class \a entityClass with key \a values (at least one). */
    IdentityKey(const QMetaObject *entityClass, const QVariantList &values);
    /*! The key of class \a entityClass with the single key value \a value. */
    IdentityKey(const QMetaObject *entityClass, const QVariant &value);

    /*! True for a default-constructed key (a pending entity has none). */
    bool isNull() const { return !m_class; }
    const QMetaObject *entityClass() const { return m_class; }
    /*! The key values, in key order. */
    QVariantList values() const;
    qsizetype size() const { return m_class ? 1 + m_rest.size() : 0; }
    size_t hash() const { return m_hash; }

    friend bool operator==(const IdentityKey &a, const IdentityKey &b);
    friend bool operator!=(const IdentityKey &a, const IdentityKey &b) { return !(a == b); }

private:
    void computeHash();

    const QMetaObject *m_class = nullptr;
    QVariant m_first;
    QVariantList m_rest;
    size_t m_hash = 0;
};

inline size_t qHash(const IdentityKey &key, size_t seed = 0) noexcept
{
    return key.hash() ^ seed;
}

/*! Hash of one key value by its type (integers by value, text and bytes by content). */
size_t hashKeyValue(const QVariant &value);
/*! True when \a a and \a b are the same key value: same type and equal. */
bool sameKeyValue(const QVariant &a, const QVariant &b);

} // namespace qorm::detail
