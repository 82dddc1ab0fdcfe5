// SPDX-License-Identifier: MIT
#include <qorm/decimal.h>
#include <qorm/entity.h>
#include <qorm/entitymeta.h>

#include "entitymeta_p.h"

#include <QHash>
#include <QMetaClassInfo>
#include <QMutex>
#include <QSequentialIterable>

#include <algorithm>

namespace qorm {

namespace {

struct MetaCache
{
    ~MetaCache() { qDeleteAll(metas); }
    // Recursive: linking a class asks for its relations' targets, which may link back to it.
    QRecursiveMutex mutex;
    QHash<const QMetaObject *, EntityMeta *> metas; // owned; handed out until the process exits
    QHash<const QMetaObject *, Error> linkErrors;   // classes whose relations do not fit their targets
    // Target class -> the many-to-one relations (class, index) that declare QORM_ON_DELETE for it.
    QHash<const QMetaObject *, QList<std::pair<const EntityMeta *, int>>> referrers;
};

MetaCache &cache()
{
    static MetaCache c;
    return c;
}

} // namespace

Result<const EntityMeta *> EntityMeta::of(const QMetaObject &metaObject)
{
    MetaCache &c = cache();
    QMutexLocker locker(&c.mutex);
    if (auto *m = c.metas.value(&metaObject)) {
        // While this thread links the class (a target asking back), the built mapping is returned.
        if (auto e = c.linkErrors.constFind(&metaObject); e != c.linkErrors.cend())
            return e.value();
        return static_cast<const EntityMeta *>(m);
    }
    auto built = build(metaObject);
    if (!built)
        return built.error();
    c.metas.insert(&metaObject, built.value());
    if (Error e = built.value()->link(); e.isValid()) {
        c.linkErrors.insert(&metaObject, e);
        return e;
    }
    return static_cast<const EntityMeta *>(built.value());
}

Result<EntityMeta *> EntityMeta::build(const QMetaObject &metaObject)
{
    return detail::EntityMetaBuilder::build(detail::ClassDescription::of(metaObject));
}

namespace detail {

ClassDescription ClassDescription::of(const QMetaObject &mo)
{
    ClassDescription d;
    d.className = mo.className();
    d.metaObject = &mo;
    d.isEntity = mo.inherits(&Entity::staticMetaObject);
    d.propertyCount = mo.propertyCount();
    // Properties of qorm::Entity and QObject (objectName) are not columns.
    for (int i = d.isEntity ? Entity::staticMetaObject.propertyCount() : mo.propertyCount(); i < mo.propertyCount(); ++i) {
        const QMetaProperty p = mo.property(i);
        d.properties.append({ p.name(), p.metaType(), p.typeName(), i, p.isWritable(), p.isEnumType(), p.enumerator(), p });
    }
    for (int i = 0; i < mo.classInfoCount(); ++i)
        d.classInfos.append({ mo.classInfo(i).name(), QString::fromUtf8(mo.classInfo(i).value()) });
    return d;
}

QString ClassDescription::info(QByteArrayView key) const
{
    for (auto it = classInfos.crbegin(); it != classInfos.crend(); ++it)
        if (it->first == key)
            return it->second;
    return {};
}

QString ClassDescription::info(QByteArrayView prefix, const QByteArray &property) const
{
    return info(prefix.toByteArray() + '.' + property);
}

namespace {
// Every class information key qorm reads: whole-class keys, and per-property prefixes that are
// followed by ".<property>". Anything else under "qorm." is a mistake (a typo, a macro of a
// newer qorm) and refused at registration.
constexpr const char *classKeys[] = { "qorm.table", "qorm.primaryKey", "qorm.autoIncrement", "qorm.createdAt", "qorm.display",
                                      "qorm.updatedAt", "qorm.version", "qorm.index", "qorm.uniqueTogether", "qorm.check" };
constexpr const char *propertyKeys[] = { "qorm.transient", "qorm.belongsTo", "qorm.enumAsName", "qorm.column", "qorm.tracked",
                                         "qorm.unique", "qorm.length", "qorm.decimal", "qorm.default", "qorm.hasMany",
                                         "qorm.hasOne", "qorm.manyToMany", "qorm.orderBy", "qorm.onDelete", "qorm.deleteOrphan", "qorm.load" };
constexpr const char *relationKeys[] = { "qorm.belongsTo", "qorm.hasMany", "qorm.hasOne", "qorm.manyToMany" };
} // namespace

EntityMetaBuilder::EntityMetaBuilder(const ClassDescription &description) : m_class(description), m_meta(new EntityMeta) { }

Error EntityMetaBuilder::error(const QString &property, const QString &what) const
{
    const QString cls = QString::fromLatin1(m_class.className);
    return Error(Error::Kind::Mapping, property.isEmpty() ? QStringLiteral("%1: %2").arg(cls, what)
                                                          : QStringLiteral("%1.%2: %3").arg(cls, property, what));
}

Result<EntityMeta *> EntityMetaBuilder::build(const ClassDescription &description)
{
    EntityMetaBuilder b(description);
    if (!description.isEntity)
        return b.error({}, QStringLiteral("is not a qorm::Entity subclass"));
    Error e = b.validate();
    if (!e.isValid())
        e = b.columns();
    if (!e.isValid())
        e = b.keys();
    if (!e.isValid())
        e = b.relations();
    if (e.isValid())
        return e;
    return b.m_meta.release();
}

Error EntityMetaBuilder::validate() const
{
    for (const auto &info : m_class.classInfos) {
        const QByteArray &key = info.first; // not a structured binding: clang 14 cannot capture those
        if (!key.startsWith("qorm."))
            continue; // the class's own (or another library's) class information
        if (std::find_if(std::begin(classKeys), std::end(classKeys), [&](const char *k) { return key == k; }) != std::end(classKeys))
            continue;
        const char *const *prefix = std::find_if(std::begin(propertyKeys), std::end(propertyKeys), [&](const char *k) {
            const qsizetype n = qsizetype(qstrlen(k));
            return key.size() > n + 1 && key.startsWith(k) && key.at(n) == '.';
        });
        if (prefix != std::end(propertyKeys)) {
            const QByteArray property = key.mid(qsizetype(qstrlen(*prefix)) + 1);
            const bool known = std::any_of(m_class.properties.cbegin(), m_class.properties.cend(),
                                           [&](const PropertyDescription &p) { return p.name == property; });
            if (!known)
                return error(QString::fromUtf8(property), QStringLiteral("'%1' names no property of %2")
                                                                  .arg(QString::fromUtf8(key), QString::fromLatin1(m_class.className)));
            continue;
        }
        // A typo: suggest the key that differs only in case, else list them.
        QString suggestion;
        for (const char *known : classKeys)
            if (key.compare(known, Qt::CaseInsensitive) == 0)
                suggestion = QString::fromLatin1(known);
        for (const char *known : propertyKeys) {
            const qsizetype n = qsizetype(qstrlen(known));
            if (key.size() > n && key.left(n).compare(known, Qt::CaseInsensitive) == 0)
                suggestion = QString::fromLatin1(known) + QString::fromUtf8(key.mid(n));
        }
        return error({}, suggestion.isEmpty()
                                 ? QStringLiteral("unknown class information key '%1' (qorm reads only the keys its QORM_* macros declare)")
                                           .arg(QString::fromUtf8(key))
                                 : QStringLiteral("unknown class information key '%1' (did you mean '%2'?)").arg(QString::fromUtf8(key), suggestion));
    }
    return {};
}

Error EntityMetaBuilder::columns()
{
    EntityMeta &meta = *m_meta;
    meta.m_metaObject = m_class.metaObject;
    meta.m_className = QString::fromLatin1(m_class.className);
    meta.m_tableName = m_class.info("qorm.table");
    if (meta.m_tableName.isEmpty())
        meta.m_tableName = meta.m_className.section(QStringLiteral("::"), -1);
    meta.m_columnOfProperty.fill(-1, m_class.propertyCount);

    for (const PropertyDescription &p : m_class.properties) {
        const QString name = QString::fromLatin1(p.name);
        if (!m_class.info("qorm.transient", p.name).isEmpty())
            continue;
        if (std::any_of(std::begin(relationKeys), std::end(relationKeys), [&](const char *k) { return !m_class.info(k, p.name).isEmpty(); })) {
            m_relationProperties.append(&p);
            continue;
        }
        const TypeMapping *type = TypeRegistry::find(p.type);
        if (type && !m_class.info("qorm.enumAsName", p.name).isEmpty()) {
            if (!p.isEnum)
                return error(name, QStringLiteral("QORM_ENUM_AS_NAME needs a Q_ENUM property"));
            meta.m_ownedTypes.push_back(std::make_unique<TypeMapping>(*type));
            TypeMapping *byName = meta.m_ownedTypes.back().get();
            byName->sqlType = SqlType::String;
            byName->valueType = QMetaType::fromType<QString>();
            byName->metaEnum = p.enumerator;
            byName->toValue = [](const TypeMapping &m, const QVariant &v) {
                const char *key = m.metaEnum.valueToKey(v.toInt());
                return key ? QVariant(QString::fromLatin1(key)) : QVariant();
            };
            byName->fromValue = [](const TypeMapping &m, const QVariant &v) {
                bool ok = false;
                int value = v.isValid() ? m.metaEnum.keyToValue(v.toString().toLatin1().constData(), &ok) : 0;
                if (!ok)
                    value = 0;
                return QVariant(m.propertyType, &value);
            };
            type = byName;
        }
        if (!type)
            return error(name, QStringLiteral("type %1 has no SQL mapping (register it with qorm::TypeRegistry, or mark the property with QORM_TRANSIENT)")
                                       .arg(QString::fromLatin1(p.typeName)));
        ColumnMeta col;
        col.property = name;
        col.logicalName = m_class.info("qorm.column", p.name);
        if (col.logicalName.isEmpty())
            col.logicalName = name;
        col.metaProperty = p.metaProperty;
        col.propertyIndex = p.index;
        col.type = type;
        col.tracked = !m_class.info("qorm.tracked", p.name).isEmpty();
        col.writable = p.writable;
        col.unique = !m_class.info("qorm.unique", p.name).isEmpty();
        if (const QString length = m_class.info("qorm.length", p.name); !length.isEmpty()) {
            bool ok = false;
            col.length = length.toInt(&ok);
            if (!ok || col.length <= 0)
                return error(name, QStringLiteral("QORM_LENGTH must be a positive number of characters, not '%1'").arg(length));
            if (type->sqlType != SqlType::String)
                return error(name, QStringLiteral("QORM_LENGTH applies to string columns only"));
        }
        if (const QString dec = m_class.info("qorm.decimal", p.name); !dec.isEmpty()) {
            bool okP = false, okS = false;
            col.precision = dec.section(u',', 0, 0).trimmed().toInt(&okP);
            col.scale = dec.section(u',', 1, 1).trimmed().toInt(&okS);
            if (type->sqlType != SqlType::Decimal)
                return error(name, QStringLiteral("QORM_DECIMAL applies to qorm::Decimal columns only"));
            if (!okP || !okS || col.precision < 1 || col.precision > 18 || col.scale < 0 || col.scale > col.precision)
                return error(name, QStringLiteral("QORM_DECIMAL needs 1 <= precision <= 18 and 0 <= scale <= precision, not '%1'").arg(dec));
        }
        if (const QString def = m_class.info("qorm.default", p.name); !def.isEmpty()) {
            auto v = TypeRegistry::convertExact(*type, QVariant(def));
            if (!v || !v.value().isValid())
                return error(name, QStringLiteral("default '%1' is not a valid %2").arg(def, QString::fromLatin1(type->valueType.name())));
            col.defaultValue = v.value();
        }
        if (!col.tracked)
            meta.m_fullyTracked = false;
        if (p.index >= 0 && p.index < meta.m_columnOfProperty.size())
            meta.m_columnOfProperty[p.index] = int(meta.m_columns.size());
        meta.m_columns.append(col);
    }
    if (meta.m_columns.isEmpty())
        return error({}, QStringLiteral("has no mapped properties"));
    for (qsizetype i = 0; i < meta.m_columns.size(); ++i)
        for (qsizetype j = 0; j < i; ++j)
            if (meta.m_columns[i].logicalName.compare(meta.m_columns[j].logicalName, Qt::CaseInsensitive) == 0)
                return error(meta.m_columns[i].property, QStringLiteral("maps to column '%1' like %2.%3")
                                                                 .arg(meta.m_columns[i].logicalName, meta.m_className,
                                                                      meta.m_columns[j].property));
    return {};
}

Error EntityMetaBuilder::keys()
{
    EntityMeta &meta = *m_meta;
    QString pk = m_class.info("qorm.primaryKey");
    if (pk.isEmpty())
        pk = QStringLiteral("id");
    for (const QString &raw : pk.split(u',')) {
        const QString name = raw.trimmed();
        const int c = meta.columnIndex(name);
        if (c < 0)
            return error(name, QStringLiteral("primary key property is not a mapped column"));
        if (meta.m_columns[c].primaryKey)
            return error(name, QStringLiteral("is named twice in the primary key"));
        meta.m_columns[c].primaryKey = true;
        meta.m_primaryKey.append(c);
    }
    const QString autoInc = m_class.info("qorm.autoIncrement");
    if (!autoInc.isEmpty()) {
        const int c = meta.columnIndex(autoInc);
        if (c < 0 || !meta.m_columns[c].primaryKey || meta.m_primaryKey.size() != 1)
            return error(autoInc, QStringLiteral("autoincrement must be the single primary-key column"));
        const SqlType t = meta.m_columns[c].type->sqlType;
        if (t != SqlType::Int32 && t != SqlType::Int64)
            return error(autoInc, QStringLiteral("autoincrement column must be an integer"));
        meta.m_columns[c].autoIncrement = true;
        meta.m_autoIncrement = c;
    }

    for (auto [key, slot] : { std::pair{ "qorm.createdAt", &meta.m_createdAt }, { "qorm.updatedAt", &meta.m_updatedAt } }) {
        const QString property = m_class.info(key);
        if (property.isEmpty())
            continue;
        const int c = meta.columnIndex(property);
        if (c < 0)
            return error(property, QStringLiteral("%1 names an unmapped property").arg(QString::fromLatin1(key)));
        if (meta.m_columns[c].type->sqlType != SqlType::DateTime)
            return error(property, QStringLiteral("%1 needs a QDateTime property").arg(QString::fromLatin1(key)));
        *slot = c;
    }

    if (const QString property = m_class.info("qorm.display"); !property.isEmpty()) {
        meta.m_display = meta.columnIndex(property);
        if (meta.m_display < 0)
            return error(property, QStringLiteral("QORM_DISPLAY names an unmapped property"));
    }

    if (const QString property = m_class.info("qorm.version"); !property.isEmpty()) {
        const int c = meta.columnIndex(property);
        if (c < 0)
            return error(property, QStringLiteral("QORM_VERSION names an unmapped property"));
        const ColumnMeta &col = meta.m_columns[c];
        if ((col.type->sqlType != SqlType::Int32 && col.type->sqlType != SqlType::Int64) || col.nullable() || col.primaryKey)
            return error(property, QStringLiteral("QORM_VERSION needs a non-key int or qint64 property (not optional)"));
        meta.m_version = c;
    }

    // Repeatable class information: indexes, multi-column unique constraints, checks.
    for (const auto &[key, value] : m_class.classInfos) {
        if (key == "qorm.check") {
            meta.m_checks.append(value);
            continue;
        }
        if (key != "qorm.index" && key != "qorm.uniqueTogether")
            continue;
        QList<int> cols;
        for (const QString &raw : value.split(u',')) {
            const int c = meta.columnIndex(raw.trimmed());
            if (c < 0)
                return error(raw.trimmed(), QStringLiteral("%1 names an unmapped property").arg(QString::fromLatin1(key)));
            cols.append(c);
            meta.m_columns[c].indexed = true;
        }
        (key == "qorm.index" ? meta.m_indexes : meta.m_uniqueTogether).append(cols);
    }
    return {};
}

namespace {
/*! The entity class a relation property points to: `Target *`, or the element of `QList<Target *>`. */
const QMetaObject *relationTarget(const PropertyDescription &p)
{
    if (const QMetaObject *mo = p.type.metaObject())
        return mo;
    if (!p.type.isValid() || !QMetaType::canConvert(p.type, QMetaType::fromType<QSequentialIterable>()))
        return nullptr;
    const QVariant empty(p.type);
    return empty.value<QSequentialIterable>().metaContainer().valueMetaType().metaObject();
}
} // namespace

Error EntityMetaBuilder::relations()
{
    using Kind = RelationMeta::Kind;
    for (const PropertyDescription *p : std::as_const(m_relationProperties)) {
        RelationMeta rel;
        rel.name = QString::fromLatin1(p->name);
        rel.propertyIndex = p->index;
        const QString belongsTo = m_class.info("qorm.belongsTo", p->name);
        const QString hasMany = m_class.info("qorm.hasMany", p->name);
        const QString hasOne = m_class.info("qorm.hasOne", p->name);
        const QString manyToMany = m_class.info("qorm.manyToMany", p->name);
        if (int(!belongsTo.isEmpty()) + int(!hasMany.isEmpty()) + int(!hasOne.isEmpty()) + int(!manyToMany.isEmpty()) > 1)
            return error(rel.name, QStringLiteral("is declared as two kinds of relation"));
        rel.kind = !belongsTo.isEmpty() ? Kind::ManyToOne : !hasMany.isEmpty() ? Kind::OneToMany : !hasOne.isEmpty() ? Kind::OneToOne : Kind::ManyToMany;
        rel.target = relationTarget(*p);
        if (!rel.target || !rel.target->inherits(&Entity::staticMetaObject))
            return error(rel.name, QStringLiteral("relation target %1 is not a qorm::Entity subclass").arg(QString::fromLatin1(p->typeName)));
        const bool listProperty = !p->type.metaObject();
        if (listProperty != (rel.kind == Kind::OneToMany || rel.kind == Kind::ManyToMany))
            return error(rel.name, QStringLiteral("the property type %1 does not fit the relation (a collection is a QList<Target *>, "
                                                  "a single target a Target *)").arg(QString::fromLatin1(p->typeName)));
        switch (rel.kind) {
        case Kind::ManyToOne:
            rel.foreignKeyColumn = m_meta->columnIndex(belongsTo);
            if (rel.foreignKeyColumn < 0)
                return error(rel.name, QStringLiteral("foreign key property '%1' is not a mapped column").arg(belongsTo));
            break;
        case Kind::OneToMany:
            rel.inverse = hasMany;
            break;
        case Kind::OneToOne:
            rel.inverse = hasOne;
            break;
        case Kind::ManyToMany: {
            const QStringList parts = manyToMany.split(u',');
            const QByteArray method = "qorm_" + p->name + "_through()";
            const int index = m_class.metaObject ? m_class.metaObject->indexOfMethod(method.constData()) : -1;
            rel.through = index >= 0 ? m_class.metaObject->method(index).returnMetaType().metaObject() : nullptr;
            if (parts.size() != 2 || !rel.through)
                return error(rel.name, QStringLiteral("a many-to-many relation needs its association class and that class's two "
                                                      "many-to-one relations (QORM_MANY_TO_MANY)"));
            rel.throughSource = parts[0].trimmed();
            rel.throughTarget = parts[1].trimmed();
            break;
        }
        }
        if (const QString order = m_class.info("qorm.orderBy", p->name); !order.isEmpty()) {
            if (!rel.isCollection())
                return error(rel.name, QStringLiteral("QORM_ORDER_BY orders a collection (QORM_HAS_MANY, QORM_MANY_TO_MANY)"));
            for (const QString &term : order.split(u',')) {
                const QStringList words = term.simplified().split(u' ');
                const bool desc = words.size() == 2 && words[1].compare(u"DESC", Qt::CaseInsensitive) == 0;
                if (words.isEmpty() || words[0].isEmpty() || (words.size() == 2 && !desc && words[1].compare(u"ASC", Qt::CaseInsensitive) != 0)
                    || words.size() > 2)
                    return error(rel.name, QStringLiteral("QORM_ORDER_BY(\"%1\"): write properties of the target, each optionally followed "
                                                          "by ASC or DESC, separated by commas").arg(order));
                rel.orderBy.append({ words[0], desc ? Qt::DescendingOrder : Qt::AscendingOrder });
            }
        }
        if (const QString onDelete = m_class.info("qorm.onDelete", p->name); !onDelete.isEmpty()) {
            if (rel.kind != Kind::ManyToOne)
                return error(rel.name, QStringLiteral("QORM_ON_DELETE belongs on the many-to-one side (QORM_BELONGS_TO), where the foreign key is"));
            if (onDelete == u"Cascade")
                rel.onDelete = RelationMeta::OnDelete::Cascade;
            else if (onDelete == u"SetNull")
                rel.onDelete = RelationMeta::OnDelete::SetNull;
            else if (onDelete == u"Restrict")
                rel.onDelete = RelationMeta::OnDelete::Restrict;
            else if (onDelete != u"NoAction")
                return error(rel.name, QStringLiteral("QORM_ON_DELETE(%1): use Cascade, SetNull, Restrict or NoAction").arg(onDelete));
            if (rel.onDelete == RelationMeta::OnDelete::SetNull && !m_meta->columns()[rel.foreignKeyColumn].nullable())
                return error(rel.name, QStringLiteral("QORM_ON_DELETE(SetNull) needs a nullable foreign key (std::optional)"));
        }
        if (const QString load = m_class.info("qorm.load", p->name); !load.isEmpty()) {
            if (load == u"Joined")
                rel.load = LoadStrategy::Joined;
            else if (load == u"SelectIn")
                rel.load = LoadStrategy::SelectIn;
            else if (load != u"Lazy")
                return error(rel.name, QStringLiteral("QORM_LOAD(%1): use Lazy, Joined or SelectIn").arg(load));
        }
        if (!m_class.info("qorm.deleteOrphan", p->name).isEmpty()) {
            if (rel.kind != Kind::OneToMany && rel.kind != Kind::OneToOne)
                return error(rel.name, QStringLiteral("QORM_DELETE_ORPHAN applies to QORM_HAS_MANY and QORM_HAS_ONE"));
            rel.deleteOrphan = true;
        }
        m_meta->m_relations.append(rel);
    }
    return {};
}

} // namespace detail

QVariant detail::declaredDefault(const QMetaObject &metaObject, const char *property, QMetaType propertyType)
{
    if (metaObject.indexOfClassInfo("qorm.default." + QByteArray(property)) < 0)
        return {};
    auto meta = EntityMeta::of(metaObject);
    if (!meta) {
        qWarning("qorm: %s", qPrintable(meta.error().toString()));
        return {};
    }
    const int c = meta.value()->columnIndex(QString::fromLatin1(property));
    if (c < 0)
        return {};
    const ColumnMeta &col = meta.value()->columns()[c];
    if (col.type->propertyType != propertyType || !col.defaultValue.isValid())
        return {};
    return col.type->fromValue(*col.type, col.defaultValue);
}

int EntityMeta::columnIndex(QStringView property) const
{
    for (qsizetype i = 0; i < m_columns.size(); ++i)
        if (m_columns[i].property == property)
            return int(i);
    return -1;
}

Error EntityMeta::unknownPropertyError(const QString &property) const
{
    QStringList names;
    for (const ColumnMeta &c : m_columns)
        names.append(c.property);
    Error e(Error::Kind::UnknownColumn, QStringLiteral("%1.%2: no such mapped property (%1 maps: %3)")
                                                .arg(m_className, property, names.join(QStringLiteral(", "))));
    e.setSubject(m_className, property);
    return e;
}

QList<std::pair<const EntityMeta *, int>> detail::deleteRules(const QMetaObject &target)
{
    MetaCache &c = cache();
    QMutexLocker locker(&c.mutex);
    QList<std::pair<const EntityMeta *, int>> out;
    for (const QMetaObject *mo = &target; mo && mo != &Entity::staticMetaObject; mo = mo->superClass())
        out += c.referrers.value(mo);
    return out;
}

int EntityMeta::relationIndex(QStringView name) const
{
    for (qsizetype i = 0; i < m_relations.size(); ++i)
        if (m_relations[i].name == name)
            return int(i);
    return -1;
}

Error EntityMeta::link()
{
    using Kind = RelationMeta::Kind;
    auto fail = [&](const RelationMeta &r, const QString &what) {
        Error e(Error::Kind::Mapping, QStringLiteral("%1.%2: %3").arg(m_className, r.name, what));
        e.setSubject(m_className, r.name);
        return e;
    };
    // A many-to-one relation of \a cls named \a name that points to \a to (or a base of it).
    auto manyToOne = [](const EntityMeta &cls, const QString &name, const QMetaObject *to) -> const RelationMeta * {
        const RelationMeta *r = cls.relation(name);
        return r && r->kind == Kind::ManyToOne && to->inherits(r->target) ? r : nullptr;
    };
    for (RelationMeta &r : m_relations) {
        auto target = EntityMeta::of(*r.target);
        if (!target)
            return fail(r, QStringLiteral("the target class cannot be mapped: %1").arg(target.error().message()));
        const EntityMeta &t = *target.value();
        if (t.primaryKey().size() != 1 && r.kind != Kind::ManyToMany)
            return fail(r, QStringLiteral("the target %1 needs a single-column primary key").arg(t.className()));
        switch (r.kind) {
        case Kind::ManyToOne: {
            const ColumnMeta &fk = m_columns[r.foreignKeyColumn];
            const ColumnMeta &key = t.columns()[t.primaryKey().first()];
            if (fk.type->valueType != key.type->valueType)
                return fail(r, QStringLiteral("the foreign key %1 (%2) does not have the type of %3.%4 (%5)")
                                       .arg(fk.property, QString::fromLatin1(fk.type->valueType.name()), t.className(), key.property,
                                            QString::fromLatin1(key.type->valueType.name())));
            if (r.onDelete != RelationMeta::OnDelete::NoAction)
                cache().referrers[r.target].append({ this, int(&r - m_relations.data()) });
            // The other side, if the target declares one: a one-to-many or one-to-one naming this relation.
            for (qsizetype i = 0; i < t.relations().size(); ++i) {
                const RelationMeta &other = t.relations()[i];
                if ((other.kind == Kind::OneToMany || other.kind == Kind::OneToOne) && other.inverse == r.name
                    && m_metaObject->inherits(other.target)) {
                    r.inverse = other.name;
                    r.inverseIndex = int(i);
                }
            }
            break;
        }
        case Kind::OneToMany:
        case Kind::OneToOne: {
            const RelationMeta *back = manyToOne(t, r.inverse, m_metaObject);
            if (!back)
                return fail(r, QStringLiteral("%1 has no many-to-one relation '%2' to %3 (QORM_BELONGS_TO(%3, %2, ...)), which this relation names as its inverse")
                                       .arg(t.className(), r.inverse, m_className));
            r.inverseIndex = t.relationIndex(r.inverse);
            for (const auto &[property, order] : std::as_const(r.orderBy))
                if (t.columnIndex(property) < 0)
                    return fail(r, QStringLiteral("QORM_ORDER_BY: %1 has no mapped property '%2'").arg(t.className(), property));
            break;
        }
        case Kind::ManyToMany: {
            auto through = EntityMeta::of(*r.through);
            if (!through)
                return fail(r, QStringLiteral("the association class cannot be mapped: %1").arg(through.error().message()));
            const EntityMeta &a = *through.value();
            if (!manyToOne(a, r.throughSource, m_metaObject))
                return fail(r, QStringLiteral("the association %1 has no many-to-one relation '%2' to %3").arg(a.className(), r.throughSource, m_className));
            if (!manyToOne(a, r.throughTarget, r.target))
                return fail(r, QStringLiteral("the association %1 has no many-to-one relation '%2' to %3").arg(a.className(), r.throughTarget, t.className()));
            if (t.primaryKey().size() != 1 || m_primaryKey.size() != 1)
                return fail(r, QStringLiteral("both sides of a many-to-many relation need a single-column primary key"));
            for (const auto &[property, order] : std::as_const(r.orderBy))
                if (t.columnIndex(property) < 0)
                    return fail(r, QStringLiteral("QORM_ORDER_BY: %1 has no mapped property '%2'").arg(t.className(), property));
            // The other side: the target's many-to-many through the same class, the other way round.
            for (qsizetype i = 0; i < t.relations().size(); ++i) {
                const RelationMeta &other = t.relations()[i];
                if (other.kind == Kind::ManyToMany && other.through == r.through && other.throughSource == r.throughTarget
                    && other.throughTarget == r.throughSource && &other != &r) {
                    r.inverse = other.name;
                    r.inverseIndex = int(i);
                }
            }
            break;
        }
        }
    }
    return {};
}

const RelationMeta *EntityMeta::relation(QStringView name) const
{
    for (const RelationMeta &r : m_relations)
        if (r.name == name)
            return &r;
    return nullptr;
}

} // namespace qorm
