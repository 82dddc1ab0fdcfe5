// SPDX-License-Identifier: MIT
#include <qorm/decimal.h>
#include <qorm/entity.h>
#include <qorm/entitymeta.h>

#include <QHash>
#include <QMetaClassInfo>
#include <QMutex>

namespace qorm {

namespace {

struct MetaCache
{
    ~MetaCache() { qDeleteAll(metas); }
    QMutex mutex;
    QHash<const QMetaObject *, const EntityMeta *> metas; // owned; handed out until the process exits
};

MetaCache &cache()
{
    static MetaCache c;
    return c;
}

QString classInfo(const QMetaObject &mo, const QByteArray &key)
{
    const int i = mo.indexOfClassInfo(key.constData());
    return i < 0 ? QString() : QString::fromUtf8(mo.classInfo(i).value());
}

Error mappingError(const QMetaObject &mo, const QString &property, const QString &what)
{
    const QString cls = QString::fromLatin1(mo.className());
    return Error(Error::Kind::Mapping,
                 property.isEmpty() ? QStringLiteral("%1: %2").arg(cls, what)
                                    : QStringLiteral("%1.%2: %3").arg(cls, property, what));
}

} // namespace

Result<const EntityMeta *> EntityMeta::of(const QMetaObject &metaObject)
{
    MetaCache &c = cache();
    QMutexLocker locker(&c.mutex);
    if (auto *m = c.metas.value(&metaObject))
        return m;
    auto built = build(metaObject);
    if (!built)
        return built.error();
    c.metas.insert(&metaObject, built.value());
    return static_cast<const EntityMeta *>(built.value());
}

Result<EntityMeta *> EntityMeta::build(const QMetaObject &mo)
{
    if (!mo.inherits(&Entity::staticMetaObject))
        return mappingError(mo, {}, QStringLiteral("is not a qorm::Entity subclass"));

    std::unique_ptr<EntityMeta> meta(new EntityMeta);
    meta->m_metaObject = &mo;
    meta->m_className = QString::fromLatin1(mo.className());
    meta->m_tableName = classInfo(mo, "qorm.table");
    if (meta->m_tableName.isEmpty())
        meta->m_tableName = meta->m_className.section(QStringLiteral("::"), -1);
    meta->m_columnOfProperty.fill(-1, mo.propertyCount());

    // Properties of qorm::Entity and QObject (objectName) are not columns.
    const int first = Entity::staticMetaObject.propertyCount();
    QList<QMetaProperty> relationProperties;
    for (int i = first; i < mo.propertyCount(); ++i) {
        const QMetaProperty p = mo.property(i);
        const QString name = QString::fromLatin1(p.name());
        if (!classInfo(mo, "qorm.transient." + QByteArray(p.name())).isEmpty())
            continue;
        if (!classInfo(mo, "qorm.belongsTo." + QByteArray(p.name())).isEmpty()) {
            relationProperties.append(p);
            continue;
        }
        const TypeMapping *type = TypeRegistry::find(p.metaType());
        if (type && !classInfo(mo, "qorm.enumAsName." + QByteArray(p.name())).isEmpty()) {
            if (!p.isEnumType())
                return mappingError(mo, name, QStringLiteral("QORM_ENUM_AS_NAME needs a Q_ENUM property"));
            meta->m_ownedTypes.push_back(std::make_unique<TypeMapping>(*type));
            TypeMapping *byName = meta->m_ownedTypes.back().get();
            byName->sqlType = SqlType::String;
            byName->valueType = QMetaType::fromType<QString>();
            byName->metaEnum = p.enumerator();
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
            return mappingError(mo, name, QStringLiteral("type %1 has no SQL mapping (register it with qorm::TypeRegistry, or mark the property with QORM_TRANSIENT)")
                                                  .arg(QString::fromLatin1(p.typeName())));
        ColumnMeta col;
        col.property = name;
        col.logicalName = classInfo(mo, "qorm.column." + QByteArray(p.name()));
        if (col.logicalName.isEmpty())
            col.logicalName = name;
        col.metaProperty = p;
        col.propertyIndex = i;
        col.type = type;
        col.tracked = !classInfo(mo, "qorm.tracked." + QByteArray(p.name())).isEmpty();
        col.writable = p.isWritable();
        col.unique = !classInfo(mo, "qorm.unique." + QByteArray(p.name())).isEmpty();
        if (const QString length = classInfo(mo, "qorm.length." + QByteArray(p.name())); !length.isEmpty()) {
            bool ok = false;
            col.length = length.toInt(&ok);
            if (!ok || col.length <= 0)
                return mappingError(mo, name, QStringLiteral("QORM_LENGTH must be a positive number of characters, not '%1'").arg(length));
            if (type->sqlType != SqlType::String)
                return mappingError(mo, name, QStringLiteral("QORM_LENGTH applies to string columns only"));
        }
        if (const QString dec = classInfo(mo, "qorm.decimal." + QByteArray(p.name())); !dec.isEmpty()) {
            bool okP = false, okS = false;
            col.precision = dec.section(u',', 0, 0).trimmed().toInt(&okP);
            col.scale = dec.section(u',', 1, 1).trimmed().toInt(&okS);
            if (type->sqlType != SqlType::Decimal)
                return mappingError(mo, name, QStringLiteral("QORM_DECIMAL applies to qorm::Decimal columns only"));
            if (!okP || !okS || col.precision < 1 || col.precision > 18 || col.scale < 0 || col.scale > col.precision)
                return mappingError(mo, name, QStringLiteral("QORM_DECIMAL needs 1 <= precision <= 18 and 0 <= scale <= precision, not '%1'").arg(dec));
        }
        if (const QString def = classInfo(mo, "qorm.default." + QByteArray(p.name())); !def.isEmpty()) {
            auto v = TypeRegistry::convertExact(*type, QVariant(def));
            if (!v || !v.value().isValid())
                return mappingError(mo, name, QStringLiteral("default '%1' is not a valid %2").arg(def, QString::fromLatin1(type->valueType.name())));
            col.defaultValue = v.value();
        }
        if (!col.tracked)
            meta->m_fullyTracked = false;
        meta->m_columnOfProperty[i] = int(meta->m_columns.size());
        meta->m_columns.append(col);
    }
    if (meta->m_columns.isEmpty())
        return mappingError(mo, {}, QStringLiteral("has no mapped properties"));
    for (qsizetype i = 0; i < meta->m_columns.size(); ++i)
        for (qsizetype j = 0; j < i; ++j)
            if (meta->m_columns[i].logicalName.compare(meta->m_columns[j].logicalName, Qt::CaseInsensitive) == 0)
                return mappingError(mo, meta->m_columns[i].property, QStringLiteral("maps to column '%1' like %2.%3")
                                                                         .arg(meta->m_columns[i].logicalName, meta->m_className,
                                                                              meta->m_columns[j].property));

    // Class info of a base class is inherited; the most derived declaration wins, which is what
    // QMetaObject::indexOfClassInfo() returns.
    QString pk = classInfo(mo, "qorm.primaryKey");
    if (pk.isEmpty())
        pk = QStringLiteral("id");
    for (const QString &raw : pk.split(u',')) {
        const QString name = raw.trimmed();
        const int c = meta->columnIndex(name);
        if (c < 0)
            return mappingError(mo, name, QStringLiteral("primary key property is not a mapped column"));
        meta->m_columns[c].primaryKey = true;
        meta->m_primaryKey.append(c);
    }
    const QString autoInc = classInfo(mo, "qorm.autoIncrement");
    if (!autoInc.isEmpty()) {
        const int c = meta->columnIndex(autoInc);
        if (c < 0 || !meta->m_columns[c].primaryKey || meta->m_primaryKey.size() != 1)
            return mappingError(mo, autoInc, QStringLiteral("autoincrement must be the single primary-key column"));
        const SqlType t = meta->m_columns[c].type->sqlType;
        if (t != SqlType::Int32 && t != SqlType::Int64)
            return mappingError(mo, autoInc, QStringLiteral("autoincrement column must be an integer"));
        meta->m_columns[c].autoIncrement = true;
        meta->m_autoIncrement = c;
    }

    for (auto [key, slot] : { std::pair{ "qorm.createdAt", &meta->m_createdAt }, { "qorm.updatedAt", &meta->m_updatedAt } }) {
        const QString property = classInfo(mo, key);
        if (property.isEmpty())
            continue;
        const int c = meta->columnIndex(property);
        if (c < 0)
            return mappingError(mo, property, QStringLiteral("%1 names an unmapped property").arg(QString::fromLatin1(key)));
        if (meta->m_columns[c].type->sqlType != SqlType::DateTime)
            return mappingError(mo, property, QStringLiteral("%1 needs a QDateTime property").arg(QString::fromLatin1(key)));
        *slot = c;
    }

    if (const QString property = classInfo(mo, "qorm.version"); !property.isEmpty()) {
        const int c = meta->columnIndex(property);
        if (c < 0)
            return mappingError(mo, property, QStringLiteral("QORM_VERSION names an unmapped property"));
        const ColumnMeta &col = meta->m_columns[c];
        if ((col.type->sqlType != SqlType::Int32 && col.type->sqlType != SqlType::Int64) || col.nullable() || col.primaryKey)
            return mappingError(mo, property, QStringLiteral("QORM_VERSION needs a non-key int or qint64 property (not optional)"));
        meta->m_version = c;
    }

    // Repeatable class information: indexes, multi-column unique constraints, checks.
    for (int i = 0; i < mo.classInfoCount(); ++i) {
        const QByteArray key = mo.classInfo(i).name();
        const QString value = QString::fromUtf8(mo.classInfo(i).value());
        if (key == "qorm.check") {
            meta->m_checks.append(value);
            continue;
        }
        if (key != "qorm.index" && key != "qorm.uniqueTogether")
            continue;
        QList<int> cols;
        for (const QString &raw : value.split(u',')) {
            const int c = meta->columnIndex(raw.trimmed());
            if (c < 0)
                return mappingError(mo, raw.trimmed(), QStringLiteral("%1 names an unmapped property").arg(QString::fromLatin1(key)));
            cols.append(c);
            meta->m_columns[c].indexed = true;
        }
        (key == "qorm.index" ? meta->m_indexes : meta->m_uniqueTogether).append(cols);
    }

    for (const QMetaProperty &p : relationProperties) {
        RelationMeta rel;
        rel.name = QString::fromLatin1(p.name());
        rel.propertyIndex = p.propertyIndex();
        rel.target = p.metaType().metaObject();
        const QString fk = classInfo(mo, "qorm.belongsTo." + QByteArray(p.name()));
        rel.foreignKeyColumn = meta->columnIndex(fk);
        if (!rel.target || !rel.target->inherits(&Entity::staticMetaObject))
            return mappingError(mo, rel.name, QStringLiteral("relation target %1 is not a qorm::Entity subclass")
                                                      .arg(QString::fromLatin1(p.typeName())));
        if (rel.foreignKeyColumn < 0)
            return mappingError(mo, rel.name, QStringLiteral("foreign key property '%1' is not a mapped column").arg(fk));
        meta->m_relations.append(rel);
    }
    return meta.release();
}

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

const RelationMeta *EntityMeta::relation(QStringView name) const
{
    for (const RelationMeta &r : m_relations)
        if (r.name == name)
            return &r;
    return nullptr;
}

} // namespace qorm
