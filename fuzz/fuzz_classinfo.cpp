// SPDX-License-Identifier: MIT
// Fuzz target: building an entity mapping from class information (what the QORM_* macros and
// hand-written Q_CLASSINFO lines declare), on made-up classes: the first two bytes choose the
// class's properties from a fixed set of types, the rest is "key=value" lines. Never crashes;
// a class either maps with consistent indexes (primary key, autoincrement, version, timestamps,
// relations, indexes all inside columns()) or is refused with a Mapping error naming the class.
#include "entitymeta_p.h"

#include <qorm/decimal.h>
#include <qorm/entity.h>

#include <QDate>
#include <QDateTime>
#include <QPoint>

#include <cstdlib>
#include <optional>

namespace {

using qorm::detail::ClassDescription;
using qorm::detail::PropertyDescription;

PropertyDescription property(const char *name, QMetaType type, int index)
{
    PropertyDescription p;
    p.name = name;
    p.type = type;
    p.typeName = type.name();
    p.index = index;
    return p;
}

bool inRange(int column, const qorm::EntityMeta &meta, bool optional)
{
    return (optional && column == -1) || (column >= 0 && column < meta.columns().size());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const std::pair<const char *, QMetaType> candidates[] = {
        { "id", QMetaType::fromType<qint64>() },
        { "name", QMetaType::fromType<QString>() },
        { "price", QMetaType::fromType<qorm::Decimal>() },
        { "flag", QMetaType::fromType<bool>() },
        { "count", QMetaType::fromType<std::optional<int>>() },
        { "created", QMetaType::fromType<QDateTime>() },
        { "day", QMetaType::fromType<QDate>() },
        { "version", QMetaType::fromType<int>() },
        { "owner", QMetaType::fromType<qorm::Entity *>() },
        { "other", QMetaType::fromType<QObject *>() },
        { "where", QMetaType::fromType<QPoint>() },
        { "blob", QMetaType::fromType<QByteArray>() },
    };
    const unsigned mask = unsigned(data[0]) | (unsigned(data[1]) << 8);
    ClassDescription d;
    d.className = "Fuzz";
    const int first = qorm::Entity::staticMetaObject.propertyCount();
    d.propertyCount = first;
    for (unsigned i = 0; i < std::size(candidates); ++i)
        if (mask & (1u << i))
            d.properties.append(property(candidates[i].first, candidates[i].second, d.propertyCount++));
    d.isEntity = !(mask & 0x8000);

    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));
    for (const QString &line : text.split(u'\n')) {
        const qsizetype eq = line.indexOf(u'=');
        d.classInfos.append({ (eq < 0 ? line : line.left(eq)).toUtf8(), eq < 0 ? QString() : line.mid(eq + 1) });
    }

    auto built = qorm::detail::EntityMetaBuilder::build(d);
    if (!built) {
        if (built.error().kind() != qorm::Error::Kind::Mapping || !built.error().message().startsWith(u"Fuzz"))
            std::abort();
        return 0;
    }
    std::unique_ptr<qorm::EntityMeta> meta(built.value());
    if (meta->columns().isEmpty() || meta->primaryKey().isEmpty())
        std::abort();
    for (int c : meta->primaryKey())
        if (!inRange(c, *meta, false) || !meta->columns().at(c).primaryKey)
            std::abort();
    for (int c : { meta->autoIncrementColumn(), meta->versionColumn(), meta->createdAtColumn(), meta->updatedAtColumn() })
        if (!inRange(c, *meta, true))
            std::abort();
    for (const qorm::RelationMeta &r : meta->relations())
        if (!inRange(r.foreignKeyColumn, *meta, false) || !r.target)
            std::abort();
    for (const auto *lists : { &meta->indexes(), &meta->uniqueTogether() })
        for (const QList<int> &cols : *lists)
            for (int c : cols)
                if (!inRange(c, *meta, false))
                    std::abort();
    for (const qorm::ColumnMeta &c : meta->columns())
        if (!c.type || meta->columnIndex(c.property) < 0 || (c.length < 0) || (c.precision && c.scale > c.precision))
            std::abort();
    return 0;
}
