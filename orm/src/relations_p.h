// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include "rowsource_p.h"
#include "selectcompiler_p.h"

#include <qorm/entity.h>
#include <qorm/entitymeta.h>
#include <qorm/error.h>
#include <qorm/query.h>

#include <QList>
#include <QVariant>

#include <memory>

namespace qorm::detail {

class EntityState;
class SessionPrivate;

/*!
 * One relation of one entity, in memory (SQLAlchemy keeps the same in the instance's `__dict__`
 * and its attribute history). A single-valued relation (many-to-one, one-to-one) holds its
 * target; a collection holds its items and, since the last flush, what was appended and removed.
 *
 * Ownership follows ODB's rule for bidirectional relations: the "one" side owns. A parent's
 * collection holds its children strongly; a child refers back to a parent that lists it weakly
 * (#weakTarget), so the pair is no reference cycle; a many-to-one without such an inverse holds
 * its target strongly (an eager load keeps what it loaded).
 */
struct RelationSlot
{
    // --- single-valued ---
    std::shared_ptr<Entity> target;   //!< The target, held strongly.
    std::weak_ptr<Entity> weakTarget; //!< The target, when its inverse collection holds this entity.
    bool hasTarget = false;           //!< The target is known in memory (set, back-populated or loaded); may be null.
    bool pendingLink = false;         //!< Set to a target without a key yet (or to none, with a NOT NULL key): the flush writes the key.
    // --- collections ---
    QList<std::shared_ptr<Entity>> items; //!< Loaded (or complete, for a new owner) items.
    bool loaded = false;
    QList<std::shared_ptr<Entity>> added;   //!< Appended since the last flush (not yet loaded: merged on load).
    QList<std::shared_ptr<Entity>> removed; //!< Removed since the last flush.
    Error error;                            //!< The last load's error.

    /*! The single target, strong or weak; null when none is known or a weak one died. */
    std::shared_ptr<Entity> currentTarget() const { return target ? target : weakTarget.lock(); }
    /*! Holds \a t strongly, or weakly when \a weak. */
    void setTarget(const std::shared_ptr<Entity> &t, bool weak)
    {
        hasTarget = true;
        target = weak ? nullptr : t;
        weakTarget = weak ? std::weak_ptr<Entity>(t) : std::weak_ptr<Entity>();
    }
    /*! Forgets everything held in memory (the next read loads again). */
    void expire() { *this = RelationSlot(); }
};

/*! The RelationSlots of one entity, by index into its EntityMeta::relations(). */
class RelationStore
{
public:
    RelationSlot *find(int relation)
    {
        for (auto &[index, slot] : m_slots)
            if (index == relation)
                return &slot;
        return nullptr;
    }
    RelationSlot &slot(int relation)
    {
        if (RelationSlot *s = find(relation))
            return *s;
        m_slots.append({ relation, RelationSlot() });
        return m_slots.last().second;
    }
    QList<std::pair<int, RelationSlot>> &slots() { return m_slots; }

private:
    QList<std::pair<int, RelationSlot>> m_slots;
};

/*!
 * The relation behaviour: the macros' getters and setters, collections, lazy loading,
 * back-population (SQLAlchemy's backref listeners) and the session's hooks for cascades and the
 * flush (SQLAlchemy's dependency processors). A friend of Entity; single-threaded (the owner's
 * session thread).
 */
struct Relations
{
    /*! \a e's store, or nullptr when no relation of it was touched. */
    static RelationStore *store(const Entity *e) { return e->m_relations; }
    /*! \a e's store, created when needed. */
    static RelationStore &ensureStore(Entity *e);
    /*! Deletes \a e's store (its destructor). */
    static void destroyStore(Entity *e);
    /*! The session record of \a e, or nullptr. */
    static EntityState *state(const Entity *e) { return e->m_state; }

    /*! \a e's single-column primary key when it is known (not a key the database will generate); else invalid. */
    static QVariant knownKey(const Entity *e);
    /*!
     * The target \a slot holds (null \a slot: none) while it agrees with foreign key value \a key:
     * the target has no key yet, there is no key to compare, or they are equal. Null when the key
     * names another row (changed directly since) or the target held weakly is gone.
     */
    static std::shared_ptr<Entity> agreeingTarget(const RelationSlot *slot, const QVariant &key);
    /*! What \a slot holds, appended to \a out: a collection's items, or its single target. */
    static void appendHeld(const RelationSlot &slot, bool collection, QList<std::shared_ptr<Entity>> *out);

    /*! Sets many-to-one \a relation of \a child to \a target, with back-population, the foreign key and the save-update cascade. */
    static void setManyToOne(Entity *child, const EntityMeta &meta, int relation, const std::shared_ptr<Entity> &target);
    /*! Sets one-to-one \a relation of \a owner to \a target (the target's inverse many-to-one). */
    static void setOneToOne(Entity *owner, const EntityMeta &meta, int relation, const std::shared_ptr<Entity> &target);

    // --- eager loading ---
    /*! One hop of an eager load: relation \a relation of the entities loaded by hop \a parent (-1: the query's). */
    struct EagerHop
    {
        int parent = -1;
        QString relation;
        LoadStrategy strategy = LoadStrategy::Lazy;
    };
    /*!
     * The hops \a query's load() options and the root class's QORM_LOAD defaults ask for, parents
     * first, without Lazy ones (nor what lies below them). Joined hops below a SelectIn hop, and
     * joined collections of a query with LIMIT/OFFSET, become SelectIn. Errors: UnknownColumn.
     */
    static Result<QList<EagerHop>> eagerPlan(const EntityMeta &root, const QueryBase &query, bool defaults);
    /*!
     * The rows of a SELECT with joined eager loads (\a layout from SelectCompiler::select()):
     * the root entities, de-duplicated in first-seen order, with the joined relations filled.
     */
    static Result<QList<std::shared_ptr<Entity>>> loadJoined(SessionPrivate &session, RowSource &rows, const Mapper &root,
                                                             QueryBase::Factory factory, const QString &sql,
                                                             const QList<SelectCompiler::EagerColumns> &layout);
    /*!
     * Loads relation \a relation (of class \a meta) of \a parents with `WHERE ... IN (...)`
     * statements, in batches; the loaded entities (for the next hop) go to \a loaded.
     */
    static Error selectIn(SessionPrivate &session, const EntityMeta &meta, int relation, const QList<std::shared_ptr<Entity>> &parents,
                          QList<std::shared_ptr<Entity>> *loaded);
    /*! An eager load's target of single-valued \a relation of \a owner (kept if the slot is set in memory). */
    static void setLoadedTarget(Entity *owner, const EntityMeta &meta, int relation, const std::shared_ptr<Entity> &target);
    /*! An eager or lazy load's \a rows for collection \a relation of \a owner, merged with its history (kept if loaded). */
    static void setLoadedCollection(Entity *owner, const EntityMeta &meta, int relation, QList<std::shared_ptr<Entity>> rows);

    // --- session hooks ---
    /*!
     * add() of \a e: adds the new entities its relations hold (save-update cascade) and registers
     * it for the flush when its relations have work. Errors as Session::add().
     */
    static Error cascadeAdd(SessionPrivate &session, Entity *e);
    /*!
     * Before \a state's row is written: its many-to-one foreign keys take their targets' keys
     * (known now that earlier INSERTs ran). A target not inserted yet is left NULL and returned
     * in \a postUpdate for an UPDATE after the INSERTs (a cycle); a NOT NULL key in a cycle is
     * an InvalidState error. \a restore collects the previous values.
     */
    static Error syncForeignKeys(SessionPrivate &session, EntityState *state, QList<int> *postUpdate,
                                 QList<std::pair<EntityState *, std::pair<int, QVariant>>> *restore);
    /*!
     * remove() of persistent \a e with the delete rules: Restrict (checked first, for every rule,
     * before anything changes), then \a e is marked deleted, then Cascade (its referring rows,
     * and the children of a QORM_DELETE_ORPHAN collection, removed in turn), SetNull (their
     * foreign keys set NULL) and its many-to-many association rows (removed). Loads the referring
     * rows (one SELECT per rule). \a marked collects the entities marked deleted and \a nulled the
     * foreign keys written, for the caller to undo if an error comes back.
     */
    /*! A foreign key a SetNull rule wrote: the entity, its many-to-one relation, the key's previous property value. */
    struct NulledKey
    {
        std::shared_ptr<Entity> entity;
        int relation;
        QVariant previous;
    };
    static Error removeWithCascades(SessionPrivate &session, Entity *e, QList<Entity *> *marked, QList<NulledKey> *nulled);
    /*! Undoes what a failed removeWithCascades() did. */
    static void undoRemove(SessionPrivate &session, const QList<Entity *> &marked, const QList<NulledKey> &nulled);
    /*! A failed flush put back foreign key \a column of \a state: its link waits for the next flush again. */
    static void relinkAfterFailure(EntityState *state, int column);
    /*! The pending entities \a state's many-to-one targets are (rows that must be inserted first). */
    static QList<const Entity *> pendingTargets(const EntityState *state);
    /*! The association rows to write: (owner, relation index, item, insert?) from every collection history. */
    struct AssociationChange
    {
        Entity *owner;
        int relation;
        std::shared_ptr<Entity> item;
        bool insert;
    };
    static QList<AssociationChange> associationChanges(const QList<Entity *> &owners);
    /*! Undo of a written association row: \a item goes back into the history of \a owner's collection \a relation. */
    static void restoreHistory(Entity *owner, int relation, const std::shared_ptr<Entity> &item, bool inserted);
    /*! The flush succeeded: collection histories are written. */
    static void clearHistory(const QList<Entity *> &owners);
    /*!
     * rollback(): \a e's collections and its targets without a row are expired (loaded again on
     * next use); persistent targets stay (checked against the restored foreign key when read).
     */
    static void expire(Entity *e);
    /*!
     * The session goes away: among \a entities, the relations that hold each other strongly in a
     * cycle (two loaded many-to-many sides, rows that are each other's parent) are expired, so
     * that the cycle does not outlive the session; every other loaded relation stays readable.
     */
    static void breakCycles(const QList<std::shared_ptr<Entity>> &entities);
};

} // namespace qorm::detail
