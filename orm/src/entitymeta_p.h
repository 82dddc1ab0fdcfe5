// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It exists for the implementation of EntityMeta (and
// for fuzz/fuzz_classinfo.cpp, which feeds it made-up classes). It may change without notice.
//

#include <qorm/entitymeta.h>

#include <QByteArray>
#include <QList>
#include <QMetaEnum>
#include <QMetaProperty>
#include <QMetaType>
#include <QString>

#include <utility>

namespace qorm::detail {

/*!
 * The many-to-one relations, among the classes used so far, that declare QORM_ON_DELETE for
 * rows of class \a target (or a base of it): (class, relation index). Thread-safe.
 */
QList<std::pair<const EntityMeta *, int>> deleteRules(const QMetaObject &target);

/*! One property of an entity class, as EntityMeta's builder needs it. */
struct PropertyDescription
{
    QByteArray name;
    QMetaType type;
    QByteArray typeName;
    int index = -1;             //!< Absolute property index in the class.
    bool writable = true;
    bool isEnum = false;
    QMetaEnum enumerator;       //!< Valid when isEnum.
    QMetaProperty metaProperty; //!< Invalid for a made-up class (the fuzzer).
};

/*!
 * What EntityMeta is built from: the class name, its properties after qorm::Entity's and its
 * class information in QMetaObject order (base classes first). Read from a QMetaObject by of();
 * a fuzzer builds one by hand.
 */
struct ClassDescription
{
    QByteArray className;
    const QMetaObject *metaObject = nullptr; //!< Null for a made-up class.
    bool isEntity = true;                    //!< Inherits qorm::Entity.
    int propertyCount = 0;                   //!< Absolute property count (indexes < this).
    QList<PropertyDescription> properties;
    QList<std::pair<QByteArray, QString>> classInfos;

    /*! Reads \a metaObject. */
    static ClassDescription of(const QMetaObject &metaObject);
    /*!
     * The value of class information \a key; the last declaration wins (a derived class's over
     * its base's), as QMetaObject::indexOfClassInfo() decides. Empty when not declared.
     */
    QString info(QByteArrayView key) const;
    /*! info() of the per-property key "\a prefix.\a property". */
    QString info(QByteArrayView prefix, const QByteArray &property) const;
};

/*!
 * Builds an EntityMeta from a ClassDescription in four steps, each returning the first mapping
 * error it meets (Error::Kind::Mapping, naming the class and the property or key):
 * validate() the class information keys, columns(), keys() (primary key, autoincrement,
 * timestamps, version, indexes, checks) and relations().
 */
class EntityMetaBuilder
{
public:
    static Result<EntityMeta *> build(const ClassDescription &description);

private:
    explicit EntityMetaBuilder(const ClassDescription &description);
    Error validate() const;
    Error columns();
    Error keys();
    Error relations();
    Error error(const QString &property, const QString &what) const;

    const ClassDescription &m_class;
    std::unique_ptr<EntityMeta> m_meta;
    QList<const PropertyDescription *> m_relationProperties;
};

} // namespace qorm::detail
