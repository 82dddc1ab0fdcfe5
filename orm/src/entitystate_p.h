// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include "identitykey_p.h"
#include "smallmap_p.h"

#include <qorm/entity.h>

#include <QSet>
#include <QVariant>

#include <memory>

namespace qorm::detail {

class SessionPrivate;
class UnitOfWork;
struct JournalEntry;
struct Mapper;

/*!
 * A session's record of one entity it tracks, and the only code that changes the record's state,
 * its membership in the unit of work's lists and its strong handle — like Qt's
 * QSqlTableModelPrivate::ModifiedRow owns setOp()/setSubmitted()/revert(). Every transition
 * keeps three invariants: the state says which list the record is in (Pending: pending;
 * Deleted: deleted; Persistent with recorded changes: dirty), a record in a list holds the
 * entity strongly (so unflushed work cannot be destroyed), and a record outside every list
 * holds it weakly only.
 *
 * Owned by the SessionPrivate (created by track(), deleted by untrack()); the entity points
 * back to it while tracked. Single-threaded, on the session's thread.
 */
class EntityState
{
public:
    EntityState(SessionPrivate *session, const std::shared_ptr<Entity> &entity, const Mapper *mapper, Entity::State state);

    SessionPrivate *const session;
    Entity *entity;           //!< Valid while tracked (the entity's destructor clears it).
    std::weak_ptr<Entity> weak; //!< The handle the session gives out.
    const Mapper *const mapper;
    IdentityKey key;          //!< Identity-map key; null while pending.
    /*! Column -> property value as last synchronised with the database: changed tracked columns
     *  only, plus every untracked column (a snapshot). */
    SmallMap<int, QVariant> original;

    Entity::State state() const { return m_state; }
    bool isInDirtyList() const { return m_inDirty; }

    // --- transitions -----------------------------------------------------------------------
    /*! add(): a new entity joins the pending list. */
    void stage(UnitOfWork &uow);
    /*! A tracked setter changes column \a column from \a oldValue (Persistent only). */
    void recordChange(UnitOfWork &uow, int column, const QVariant &oldValue);
    /*! Session::markDirty(): joins the dirty list (Persistent only). */
    void markDirty(UnitOfWork &uow);
    /*! remove() of a persistent entity: Deleted, in the deleted list. */
    void markDeleted(UnitOfWork &uow);
    /*! add() of a deleted entity before the flush: Persistent again. */
    void cancelDelete(UnitOfWork &uow);
    /*! The INSERT succeeded: Persistent with identity \a newKey and no recorded changes. */
    void inserted(IdentityKey newKey);
    /*!
     * Rolls back what the journal entry \a entry recorded for this record (in reverse order of
     * the flush): an insert becomes pending again, an update dirty again with its earlier
     * originals, a delete deleted again. Identity-map changes are the caller's.
     */
    void undo(UnitOfWork &uow, const JournalEntry &entry);
    /*! rollback() of a staged delete: Persistent, out of the deleted list. */
    void discardDelete(UnitOfWork &uow, QList<std::shared_ptr<Entity>> &release);
    /*! Session::revert() of this record's changes (the caller restored the values): out of the dirty list. */
    void revertChanges(UnitOfWork &uow, QList<std::shared_ptr<Entity>> &release);
    /*! A bulk DELETE removed the row: Deleted, out of every list (staged changes dropped); returns the handle it held. */
    std::shared_ptr<Entity> bulkDeleted(UnitOfWork &uow)
    {
        auto handle = leave(uow);
        m_state = Entity::State::Deleted;
        return handle;
    }
    /*! Leaves every list of \a uow (before the record is deleted), keeping no handle. */
    std::shared_ptr<Entity> leave(UnitOfWork &uow);

private:
    friend class UnitOfWork;
    void join(QList<EntityState *> &list, bool &flag);
    /*! Leaves the lists after a successful flush (the journal keeps the entity alive). */
    void flushed(QList<std::shared_ptr<Entity>> &release);
    /*! Leaves the dirty list after rollback() restored the values. */
    void discardChanges(QList<std::shared_ptr<Entity>> &release);

    Entity::State m_state;
    std::shared_ptr<Entity> m_strong; //!< Held while the entity is in a list.
    bool m_inPending = false;
    bool m_inDirty = false;
    bool m_inDeleted = false;
};

/*!
 * The unit of work's bookkeeping: what the next flush writes. Pending (INSERT), dirty (UPDATE
 * of recorded changes), deleted (DELETE) lists in staging order, and the persistent records with
 * untracked columns whose snapshots are compared at flush. The lists change only through
 * EntityState's transitions. Like SQLAlchemy's session `_new`, `_dirty`, `_deleted`.
 */
class UnitOfWork
{
public:
    const QList<EntityState *> &pending() const { return m_pending; }
    const QList<EntityState *> &dirty() const { return m_dirty; }
    const QList<EntityState *> &deleted() const { return m_deleted; }
    const QSet<EntityState *> &snapshotted() const { return m_snapshotted; }

    /*! Records the current values of \a state's untracked columns (compared at flush). */
    void snapshot(EntityState *state);
    void forgetSnapshot(EntityState *state) { m_snapshotted.remove(state); }
    /*! The columns of \a state whose value differs from its original, in column order. */
    QList<int> changedColumns(const EntityState *state) const;
    /*! True when a flush would write anything. */
    bool hasChanges() const;
    /*! Every record in a list or with a snapshot, without duplicates. */
    QList<EntityState *> all() const;
    /*!
     * The flush succeeded: every record leaves the pending, dirty and deleted lists (snapshots
     * stay); their strong handles are moved into \a release.
     */
    void flushed(QList<std::shared_ptr<Entity>> &release);
    /*! rollback(): every dirty record leaves the dirty list (the caller restored the values). */
    void discardChanges(QList<std::shared_ptr<Entity>> &release);

private:
    friend class EntityState;
    QList<EntityState *> m_pending;
    QList<EntityState *> m_dirty;
    QList<EntityState *> m_deleted;
    QSet<EntityState *> m_snapshotted;
};

/*!
 * Like QVariant::operator==, but a null string or byte array differs from an empty one and the
 * sign of a zero double counts (SQL stores both differences).
 */
bool sameVariant(const QVariant &a, const QVariant &b);

} // namespace qorm::detail
