// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include "entitystate_p.h"
#include "identitykey_p.h"

#include <QHash>

#include <memory>

namespace qorm::detail {

/*!
 * One object per database row and session: persistent records by IdentityKey, like
 * SQLAlchemy's `identity.py` WeakInstanceDict. The map holds records, not entities; a record
 * holds its entity weakly unless the unit of work needs it, so clean entities nobody uses are
 * freed and leave the map (Entity's destructor untracks them).
 */
class IdentityMap
{
public:
    /*! The record with key \a key, or nullptr. */
    EntityState *find(const IdentityKey &key) const { return m_states.value(key); }
    /*! The live entity with key \a key, or nullptr. */
    std::shared_ptr<Entity> lookup(const IdentityKey &key) const
    {
        const EntityState *s = m_states.value(key);
        return s ? s->weak.lock() : std::shared_ptr<Entity>();
    }
    /*! Maps \a state under its key (replacing nothing: a key maps one record). */
    void insert(EntityState *state) { m_states.insert(state->key, state); }
    /*! Unmaps \a state if its key maps it. */
    void remove(const EntityState *state)
    {
        const auto it = m_states.constFind(state->key);
        if (it != m_states.cend() && it.value() == state)
            m_states.erase(it);
    }
    /*! Moves \a state to \a newKey (its primary key was changed and flushed, or rolled back). */
    void rekey(EntityState *state, IdentityKey newKey)
    {
        if (newKey == state->key)
            return;
        remove(state);
        state->key = std::move(newKey);
        insert(state);
    }
    /*! Every mapped record. */
    QList<EntityState *> states() const { return m_states.values(); }
    void clear() { m_states.clear(); }
    qsizetype size() const { return m_states.size(); }

private:
    QHash<IdentityKey, EntityState *> m_states;
};

} // namespace qorm::detail
