// SPDX-License-Identifier: MIT
#include <qorm/decimal.h>
#include <qorm/typeregistry.h>

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QReadWriteLock>
#include <QTime>
#include <QUuid>

namespace qorm {

namespace {

struct Registry
{
    ~Registry() { qDeleteAll(mappings); }
    QReadWriteLock lock;
    QHash<int, TypeMapping *> mappings; // owned; never freed while the process runs (handed out as pointers)
};

Registry &registry()
{
    static Registry r;
    return r;
}

bool g_registeringBuiltins = false;

void registerBuiltins()
{
    TypeRegistry::registerType<bool>(SqlType::Boolean);
    TypeRegistry::registerType<int>(SqlType::Int32);
    TypeRegistry::registerType<qint64>(SqlType::Int64);
    TypeRegistry::registerType<double>(SqlType::Double);
    TypeRegistry::registerType<Decimal>(SqlType::Decimal);
    TypeRegistry::registerType<QString>(SqlType::String);
    TypeRegistry::registerType<QByteArray>(SqlType::Bytes);
    TypeRegistry::registerType<QDate>(SqlType::Date);
    TypeRegistry::registerType<QTime>(SqlType::Time);
    TypeRegistry::registerType<QDateTime>(SqlType::DateTime);
    TypeRegistry::registerType<QUuid>(SqlType::Uuid);
    TypeRegistry::registerType<QJsonObject>(SqlType::Json);
    TypeRegistry::registerType<QJsonArray>(SqlType::Json);
    // Let QVariant convert Decimal like a built-in number (views, QVariant::toString()).
    QMetaType::registerConverter<Decimal, QString>(&Decimal::toString);
    QMetaType::registerConverter<QString, Decimal>([](const QString &s) { return Decimal::fromString(s); });
    QMetaType::registerConverter<Decimal, double>(&Decimal::toDouble);
    QMetaType::registerConverter<double, Decimal>(&Decimal::fromDouble);
}

void ensureBuiltins()
{
    static const bool done = [] {
        g_registeringBuiltins = true;
        registerBuiltins();
        g_registeringBuiltins = false;
        return true;
    }();
    Q_UNUSED(done);
}

const TypeMapping *enumMapping(QMetaType propertyType)
{
    auto *m = new TypeMapping;
    m->propertyType = propertyType;
    m->valueType = QMetaType::fromType<int>();
    m->sqlType = SqlType::Int32;
    m->toValue = [](const TypeMapping &, const QVariant &v) { return QVariant(v.toInt()); };
    m->fromValue = [](const TypeMapping &mapping, const QVariant &v) {
        int value = v.isValid() ? v.toInt() : 0;
        if (mapping.propertyType.sizeOf() == sizeof(int))
            return QVariant(mapping.propertyType, &value);
        QVariant r(value);
        r.convert(mapping.propertyType);
        return r;
    };
    return m;
}

} // namespace

const TypeMapping *TypeRegistry::find(QMetaType propertyType)
{
    ensureBuiltins();
    Registry &r = registry();
    {
        QReadLocker locker(&r.lock);
        if (auto *m = r.mappings.value(propertyType.id()))
            return m;
    }
    if (propertyType.flags() & QMetaType::IsEnumeration) {
        QWriteLocker locker(&r.lock);
        auto *&slot = r.mappings[propertyType.id()];
        if (!slot)
            slot = const_cast<TypeMapping *>(enumMapping(propertyType));
        return slot;
    }
    return nullptr;
}

void TypeRegistry::registerMapping(const TypeMapping &mapping)
{
    Registry &r = registry();
    QWriteLocker locker(&r.lock);
    // A user's registration made before the built-ins were installed wins over the built-in one.
    if (g_registeringBuiltins && r.mappings.contains(mapping.propertyType.id()))
        return;
    // A replaced mapping may still be referenced by cached EntityMeta objects: keep it alive.
    static std::vector<std::unique_ptr<TypeMapping>> replaced;
    if (TypeMapping *old = r.mappings.value(mapping.propertyType.id()))
        replaced.emplace_back(old);
    r.mappings.insert(mapping.propertyType.id(), new TypeMapping(mapping));
}

} // namespace qorm
