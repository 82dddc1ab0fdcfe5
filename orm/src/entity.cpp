// SPDX-License-Identifier: MIT
#include "relations_p.h"
#include "session_p.h"

#include <qorm/entity.h>

namespace qorm {

Entity::Entity(QObject *parent) : QObject(parent) { }

Entity::~Entity()
{
    if (m_state)
        m_state->session->entityDestroyed(this);
    detail::Relations::destroyStore(this);
}

Entity::State Entity::entityState() const
{
    if (m_state)
        return m_state->state();
    return m_detached ? State::Detached : State::Transient;
}

Session *Entity::session() const
{
    return m_state ? m_state->session->q : nullptr;
}

bool Entity::isDirty() const
{
    if (!m_state)
        return false;
    if (m_state->state() == State::Pending || m_state->state() == State::Deleted)
        return true;
    return !m_state->session->uow.changedColumns(m_state).isEmpty();
}

QStringList Entity::dirtyProperties() const
{
    QStringList names;
    if (!m_state)
        return names;
    const auto &columns = m_state->mapper->meta->columns();
    for (int c : m_state->session->uow.changedColumns(m_state))
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
    if (m_state)
        m_state->session->willChange(this, propertyIndex, oldValue);
}

void Entity::qormDidChange(int propertyIndex)
{
    if (m_state)
        m_state->session->didChange(m_state, propertyIndex);
}


} // namespace qorm
