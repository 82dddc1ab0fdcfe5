// SPDX-License-Identifier: MIT
#include "session_p.h"

#include <qorm/entity.h>

namespace qorm {

Entity::Entity(QObject *parent) : QObject(parent) { }

Entity::~Entity()
{
    if (m_tracked)
        m_tracked->session->entityDestroyed(this);
}

Entity::State Entity::entityState() const
{
    if (m_tracked)
        return m_tracked->state;
    return m_detached ? State::Detached : State::Transient;
}

Session *Entity::session() const
{
    return m_tracked ? m_tracked->session->q : nullptr;
}

bool Entity::isDirty() const
{
    if (!m_tracked)
        return false;
    if (m_tracked->state == State::Pending || m_tracked->state == State::Deleted)
        return true;
    return !m_tracked->session->changedColumns(m_tracked).isEmpty();
}

QStringList Entity::dirtyProperties() const
{
    QStringList names;
    if (!m_tracked)
        return names;
    const auto &columns = m_tracked->mapper->meta->columns();
    for (int c : m_tracked->session->changedColumns(m_tracked))
        names.append(columns[c].property);
    return names;
}

bool Entity::applyDefaults()
{
    auto meta = EntityMeta::of(*metaObject());
    if (!meta) {
        qWarning("qorm: applyDefaults(): %s", qPrintable(meta.error().toString()));
        return false;
    }
    for (const ColumnMeta &c : meta.value()->columns())
        if (c.defaultValue.isValid())
            c.metaProperty.write(this, c.type->fromValue(*c.type, c.defaultValue));
    return true;
}

void Entity::qormWillChange(int propertyIndex, const QVariant &oldValue)
{
    if (m_tracked)
        m_tracked->session->willChange(this, propertyIndex, oldValue);
}

std::shared_ptr<Entity> Entity::qormRelated(const char *relation) const
{
    if (!m_tracked)
        return {};
    auto r = m_tracked->session->q->related(this, QString::fromLatin1(relation));
    return r ? r.value() : std::shared_ptr<Entity>();
}

} // namespace qorm
