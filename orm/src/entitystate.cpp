// SPDX-License-Identifier: MIT
#include "entitystate_p.h"

#include "mapper_p.h"
#include "transactionstack_p.h"

#include <qorm/macros.h>

#include <algorithm>

namespace qorm::detail {

EntityState::EntityState(SessionPrivate *s, const std::shared_ptr<Entity> &e, const Mapper *m, Entity::State state)
    : session(s), entity(e.get()), weak(e), mapper(m), m_state(state)
{
}

void EntityState::join(QList<EntityState *> &list, bool &flag)
{
    if (!flag) {
        flag = true;
        list.append(this);
    }
    if (!m_strong)
        m_strong = weak.lock();
}

void EntityState::stage(UnitOfWork &uow)
{
    m_state = Entity::State::Pending;
    join(uow.m_pending, m_inPending);
}

void EntityState::recordChange(UnitOfWork &uow, int column, const QVariant &oldValue)
{
    if (m_state != Entity::State::Persistent)
        return;
    if (!original.contains(column))
        original.insert(column, oldValue);
    join(uow.m_dirty, m_inDirty);
}

void EntityState::markDirty(UnitOfWork &uow)
{
    if (m_state == Entity::State::Persistent)
        join(uow.m_dirty, m_inDirty);
}

void EntityState::markDeleted(UnitOfWork &uow)
{
    if (m_state != Entity::State::Persistent)
        return;
    m_state = Entity::State::Deleted;
    join(uow.m_deleted, m_inDeleted);
}

void EntityState::cancelDelete(UnitOfWork &uow)
{
    if (m_state != Entity::State::Deleted || !m_inDeleted)
        return;
    m_inDeleted = false;
    uow.m_deleted.removeOne(this);
    m_state = Entity::State::Persistent;
    if (!m_inDirty)
        m_strong.reset();
}

void EntityState::inserted(IdentityKey newKey)
{
    m_state = Entity::State::Persistent;
    original.clear();
    key = std::move(newKey);
}

void EntityState::flushed(QList<std::shared_ptr<Entity>> &release)
{
    m_inPending = m_inDirty = m_inDeleted = false;
    if (m_strong)
        release.append(std::move(m_strong));
}

void EntityState::undo(UnitOfWork &uow, const JournalEntry &entry)
{
    switch (entry.action) {
    case JournalEntry::Action::Insert:
        key = IdentityKey();
        m_state = Entity::State::Pending;
        m_strong = entry.keepAlive;
        join(uow.m_pending, m_inPending);
        break;
    case JournalEntry::Action::Update:
        original = entry.previousOriginal;
        m_strong = entry.keepAlive;
        join(uow.m_dirty, m_inDirty);
        break;
    case JournalEntry::Action::Delete:
        original = entry.previousOriginal;
        m_state = Entity::State::Deleted;
        m_strong = entry.keepAlive;
        join(uow.m_deleted, m_inDeleted);
        break;
    case JournalEntry::Action::BulkUpdate: // the caller wrote the old values back
        original = entry.previousOriginal;
        if (!original.isEmpty() && m_state == Entity::State::Persistent && entry.keepAlive && mapper->meta->isFullyTracked()) {
            m_strong = entry.keepAlive;
            join(uow.m_dirty, m_inDirty);
        }
        break;
    case JournalEntry::Action::BulkDelete:
        original = entry.previousOriginal;
        m_state = Entity::State::Persistent;
        break;
    case JournalEntry::Action::Association: // the record itself did not change (the session restores the history)
        break;
    }
}

void EntityState::discardDelete(UnitOfWork &uow, QList<std::shared_ptr<Entity>> &release)
{
    if (m_inDeleted) {
        m_inDeleted = false;
        uow.m_deleted.removeOne(this);
    }
    m_state = Entity::State::Persistent;
    if (!m_inDirty && m_strong)
        release.append(std::move(m_strong));
}

void EntityState::revertChanges(UnitOfWork &uow, QList<std::shared_ptr<Entity>> &release)
{
    if (m_inDirty) {
        uow.m_dirty.removeOne(this);
        discardChanges(release);
    }
}

void EntityState::discardChanges(QList<std::shared_ptr<Entity>> &release)
{
    // UnitOfWork::discardChanges() empties the dirty list itself.
    m_inDirty = false;
    if (!m_inDeleted && !m_inPending && m_strong)
        release.append(std::move(m_strong));
}

std::shared_ptr<Entity> EntityState::leave(UnitOfWork &uow)
{
    if (m_inPending)
        uow.m_pending.removeOne(this);
    if (m_inDirty)
        uow.m_dirty.removeOne(this);
    if (m_inDeleted)
        uow.m_deleted.removeOne(this);
    uow.m_snapshotted.remove(this);
    m_inPending = m_inDirty = m_inDeleted = false;
    return std::move(m_strong);
}

// ---------------------------------------------------------------------------------------------

void UnitOfWork::snapshot(EntityState *state)
{
    const EntityMeta *meta = state->mapper->meta;
    if (meta->isFullyTracked())
        return;
    const auto &columns = meta->columns();
    for (qsizetype c = 0; c < columns.size(); ++c)
        if (!columns[c].tracked)
            state->original.insert(int(c), columns[c].metaProperty.read(state->entity));
    m_snapshotted.insert(state);
}

bool sameVariant(const QVariant &a, const QVariant &b)
{
    if (a.metaType() != b.metaType())
        return a == b;
    if (a.metaType() == QMetaType::fromType<QString>())
        return sameValue(a.toString(), b.toString());
    if (a.metaType() == QMetaType::fromType<QByteArray>())
        return sameValue(a.toByteArray(), b.toByteArray());
    if (a.metaType() == QMetaType::fromType<double>())
        return sameValue(a.toDouble(), b.toDouble());
    return a == b;
}

QList<int> UnitOfWork::changedColumns(const EntityState *state) const
{
    QList<int> changed;
    if (state->state() != Entity::State::Persistent || !state->entity)
        return changed;
    const auto &codecs = state->mapper->codecs;
    for (const auto &[column, value] : state->original)
        if (!sameVariant(codecs.at(column).propertyValue(state->entity), value))
            changed.append(column);
    std::sort(changed.begin(), changed.end());
    return changed;
}

bool UnitOfWork::hasChanges() const
{
    if (!m_pending.isEmpty() || !m_deleted.isEmpty())
        return true;
    for (const EntityState *s : m_dirty)
        if (!changedColumns(s).isEmpty())
            return true;
    for (const EntityState *s : m_snapshotted)
        if (!changedColumns(s).isEmpty())
            return true;
    return false;
}

void UnitOfWork::flushed(QList<std::shared_ptr<Entity>> &release)
{
    for (const QList<EntityState *> *list : { &m_pending, &m_dirty, &m_deleted })
        for (EntityState *s : *list)
            s->flushed(release);
    m_pending.clear();
    m_dirty.clear();
    m_deleted.clear();
}

void UnitOfWork::discardChanges(QList<std::shared_ptr<Entity>> &release)
{
    for (EntityState *s : std::as_const(m_dirty))
        s->discardChanges(release);
    m_dirty.clear();
}

QList<EntityState *> UnitOfWork::all() const
{
    QList<EntityState *> states = m_pending + m_dirty + m_deleted;
    for (EntityState *s : m_snapshotted)
        states.append(s);
    std::sort(states.begin(), states.end());
    states.erase(std::unique(states.begin(), states.end()), states.end());
    return states;
}

} // namespace qorm::detail
