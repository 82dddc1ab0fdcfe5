// SPDX-License-Identifier: MIT
#include <qorm/decimal.h>
#include <qorm/typeregistry.h>

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QSet>
#include <QJsonValue>
#include <QLatin1StringView>
#include <QJsonArray>
#include <QJsonObject>
#include <QReadWriteLock>
#include <QTime>
#include <QUuid>

#include <cmath>
#include <limits>

#include "codec_p.h"

namespace qorm {

namespace {

struct Registry
{
    ~Registry() { qDeleteAll(mappings); }
    QReadWriteLock lock;
    QHash<int, TypeMapping *> mappings; // owned; never freed while the process runs (handed out as pointers)
    QSet<const TypeMapping *> builtins;  // qorm's own mappings (the column codecs' typed path relies on their conversions)
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
    auto *added = new TypeMapping(mapping);
    r.mappings.insert(mapping.propertyType.id(), added);
    if (g_registeringBuiltins)
        r.builtins.insert(added);
}

bool detail::isBuiltinMapping(const TypeMapping *mapping)
{
    ensureBuiltins();
    Registry &r = registry();
    QReadLocker locker(&r.lock);
    return r.builtins.contains(mapping);
}

namespace {

bool isIntegral(QMetaType t)
{
    switch (t.id()) {
    case QMetaType::Int: case QMetaType::UInt: case QMetaType::LongLong: case QMetaType::ULongLong:
    case QMetaType::Short: case QMetaType::UShort: case QMetaType::Long: case QMetaType::ULong:
    case QMetaType::Char: case QMetaType::SChar: case QMetaType::UChar: case QMetaType::Char16:
    case QMetaType::Char32:
        return true;
    default:
        return false;
    }
}

bool isUnsigned(QMetaType t)
{
    switch (t.id()) {
    case QMetaType::UInt: case QMetaType::ULongLong: case QMetaType::UShort: case QMetaType::ULong:
    case QMetaType::UChar: case QMetaType::Char16: case QMetaType::Char32:
        return true;
    default:
        return false;
    }
}

bool isText(QMetaType t)
{
    return t == QMetaType::fromType<QString>() || t == QMetaType::fromType<QByteArray>()
            || t == QMetaType::fromType<QLatin1StringView>() || t == QMetaType::fromType<QChar>();
}

QString textOf(const QVariant &v)
{
    if (v.metaType() == QMetaType::fromType<QByteArray>())
        return QString::fromUtf8(v.toByteArray());
    if (v.metaType() == QMetaType::fromType<QLatin1StringView>())
        return v.value<QLatin1StringView>().toString();
    return v.toString();
}

/*! An integer (or integral) source as qint64; false when it does not fit or is not integral. */
bool integerOf(const QVariant &v, qint64 *out)
{
    const QMetaType t = v.metaType();
    if (isIntegral(t)) {
        if (isUnsigned(t)) {
            const quint64 u = v.toULongLong();
            if (u > quint64(std::numeric_limits<qint64>::max()))
                return false;
            *out = qint64(u);
            return true;
        }
        *out = v.toLongLong();
        return true;
    }
    if (t == QMetaType::fromType<double>() || t == QMetaType::fromType<float>()) {
        const double d = v.toDouble();
        // 2^63 is exactly representable; anything at or beyond it does not fit.
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || std::trunc(d) != d)
            return false;
        *out = qint64(d);
        return true;
    }
    if (t == QMetaType::fromType<Decimal>()) {
        const Decimal dec = v.value<Decimal>();
        const Decimal whole = dec.rescaled(0);
        if (!whole.isValid() || whole != dec)
            return false;
        *out = whole.unscaledValue();
        return true;
    }
    if (isText(t)) {
        bool ok = false;
        *out = textOf(v).trimmed().toLongLong(&ok);
        return ok;
    }
    return false;
}

QVariant convertTo(const TypeMapping &m, const QVariant &value)
{
    const QMetaType from = value.metaType();
    switch (m.sqlType) {
    case SqlType::Boolean: {
        if (isIntegral(from) || isText(from)) {
            const QString text = isText(from) ? textOf(value).trimmed().toLower() : QString::number(value.toLongLong());
            if (text == u"true" || text == u"1")
                return QVariant(true);
            if (text == u"false" || text == u"0")
                return QVariant(false);
        }
        return {};
    }
    case SqlType::Int32:
    case SqlType::Int64: {
        if (m.metaEnum.isValid() && isText(from)) {
            bool ok = false;
            const int v = m.metaEnum.keyToValue(textOf(value).trimmed().toLatin1().constData(), &ok);
            return ok ? QVariant(m.valueType, &v) : QVariant();
        }
        if (from == QMetaType::fromType<bool>())
            return {};
        qint64 v = 0;
        if (!integerOf(value, &v))
            return {};
        if (m.valueType == QMetaType::fromType<qint64>())
            return QVariant(v);
        if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
            return {};
        QVariant r{ int(v) };
        return m.valueType == QMetaType::fromType<int>() || r.convert(m.valueType) ? r : QVariant();
    }
    case SqlType::Double: {
        if (from == QMetaType::fromType<float>() || from == QMetaType::fromType<Decimal>())
            return QVariant(value.toDouble());
        if (isIntegral(from)) {
            qint64 v = 0;
            if (!integerOf(value, &v) || v > (qint64(1) << 53) || v < -(qint64(1) << 53))
                return {};
            return QVariant(double(v));
        }
        if (isText(from)) {
            bool ok = false;
            const double d = textOf(value).trimmed().toDouble(&ok);
            return ok ? QVariant(d) : QVariant();
        }
        return {};
    }
    case SqlType::Decimal: {
        Decimal d;
        if (isIntegral(from)) {
            qint64 v = 0;
            if (integerOf(value, &v))
                d = Decimal(v, 0);
        } else if (from == QMetaType::fromType<double>() || from == QMetaType::fromType<float>()) {
            d = Decimal::fromDouble(value.toDouble());
        } else if (isText(from)) {
            d = Decimal::fromString(textOf(value));
        }
        return d.isValid() ? QVariant::fromValue(d) : QVariant();
    }
    case SqlType::String:
        if (m.metaEnum.isValid() && (isIntegral(from) || (from.flags() & QMetaType::IsEnumeration))) {
            const char *key = m.metaEnum.valueToKey(value.toInt());
            return key ? QVariant(QString::fromLatin1(key)) : QVariant();
        }
        if (isText(from) && m.valueType == QMetaType::fromType<QString>()) {
            if (m.metaEnum.isValid()) {
                bool ok = false;
                m.metaEnum.keyToValue(textOf(value).toLatin1().constData(), &ok);
                if (!ok)
                    return {};
            }
            return QVariant(textOf(value));
        }
        return {};
    case SqlType::Bytes:
        return {};
    case SqlType::Date:
        if (isText(from)) {
            const QDate d = QDate::fromString(textOf(value).trimmed(), Qt::ISODate);
            return d.isValid() ? QVariant(d) : QVariant();
        }
        return {};
    case SqlType::Time:
        if (isText(from)) {
            const QTime t = QTime::fromString(textOf(value).trimmed(), Qt::ISODateWithMs);
            return t.isValid() ? QVariant(t) : QVariant();
        }
        return {};
    case SqlType::DateTime:
        if (from == QMetaType::fromType<QDate>()) {
            const QDate d = value.toDate();
            return d.isValid() ? QVariant(d.startOfDay(Qt::UTC)) : QVariant();
        }
        if (isText(from)) {
            const QDateTime dt = QDateTime::fromString(textOf(value).trimmed(), Qt::ISODateWithMs);
            return dt.isValid() ? QVariant(dt) : QVariant();
        }
        return {};
    case SqlType::Uuid:
        if (isText(from)) {
            QString text = textOf(value).trimmed();
            const QUuid u = QUuid::fromString(text);
            const bool nil = text.remove(u'{').remove(u'}').remove(u'-') == QString(32, u'0');
            return !u.isNull() || nil ? QVariant(u) : QVariant();
        }
        if (from == QMetaType::fromType<QByteArray>() && value.toByteArray().size() == 16)
            return QVariant(QUuid::fromRfc4122(value.toByteArray()));
        return {};
    case SqlType::Json: {
        QJsonDocument doc;
        if (from == QMetaType::fromType<QJsonDocument>()) {
            doc = value.toJsonDocument();
        } else if (from == QMetaType::fromType<QVariantMap>()) {
            doc = QJsonDocument(QJsonObject::fromVariantMap(value.toMap()));
        } else if (from == QMetaType::fromType<QVariantList>()) {
            doc = QJsonDocument(QJsonArray::fromVariantList(value.toList()));
        } else if (from == QMetaType::fromType<QJsonValue>()) {
            const QJsonValue v = value.toJsonValue();
            doc = v.isObject() ? QJsonDocument(v.toObject()) : v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument();
        } else if (isText(from)) {
            QJsonParseError err;
            doc = QJsonDocument::fromJson(textOf(value).toUtf8(), &err);
            if (err.error != QJsonParseError::NoError)
                return {};
        } else {
            return {};
        }
        if (m.valueType == QMetaType::fromType<QJsonArray>())
            return doc.isArray() ? QVariant(doc.array()) : QVariant();
        return doc.isObject() ? QVariant(doc.object()) : QVariant();
    }
    }
    return {};
}

} // namespace

Result<QVariant> TypeRegistry::convertExact(const TypeMapping &mapping, const QVariant &value)
{
    if (!value.isValid() || (value.isNull() && value.metaType() != mapping.propertyType && !isText(value.metaType())))
        return QVariant();
    if (value.metaType() == mapping.propertyType)
        return mapping.toValue(mapping, value);
    if (value.metaType() == mapping.valueType)
        return value;
    if (value.metaType().flags() & QMetaType::IsEnumeration && mapping.metaEnum.isValid())
        return convertTo(mapping, QVariant(value.toInt()));
    if (QVariant converted = convertTo(mapping, value); converted.isValid())
        return converted;
    QString shown = value.toString();
    if (shown.size() > 40)
        shown = shown.left(37) + QStringLiteral("...");
    return Error(Error::Kind::TypeMismatch,
                 QStringLiteral("cannot use %1 %2 as %3")
                         .arg(QString::fromLatin1(value.typeName()),
                              shown.isEmpty() && !value.canConvert<QString>() ? QStringLiteral("value") : u'\'' + shown + u'\'',
                              QString::fromLatin1(mapping.valueType.name())));
}

} // namespace qorm
