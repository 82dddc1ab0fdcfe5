// SPDX-License-Identifier: MIT
#include "relations_p.h"

#include "entitymeta_p.h"
#include "loader_p.h"
#include "rowsource_p.h"
#include "session_p.h"

#include <qorm/collection.h>
#include <qorm/query.h>
#include <qorm/session.h>

#include <QHash>
#include <QSet>

#include <algorithm>
#include <utility>

namespace qorm::detail {

namespace {

using Kind = RelationMeta::Kind;

/*! The mapping of \a e's class; null (with a warning) when it is invalid. */
const EntityMeta *metaOf(const Entity *e)
{
    auto meta = EntityMeta::of(*e->metaObject());
    if (!meta) {
        qWarning("qorm: %s", qPrintable(meta.error().toString()));
        return nullptr;
    }
    return meta.value();
}

SessionPrivate *sessionOf(const Entity *e)
{
    EntityState *s = Relations::state(e);
    return s ? s->session : nullptr;
}

bool holds(const QList<std::shared_ptr<Entity>> &list, const Entity *e)
{
    return std::any_of(list.cbegin(), list.cend(), [&](const auto &p) { return p.get() == e; });
}

bool takeOut(QList<std::shared_ptr<Entity>> &list, const Entity *e)
{
    return list.removeIf([&](const auto &p) { return p.get() == e; }) > 0;
}

/*! A relation error naming \a meta's class and \a relation. */
Error relationError(Error::Kind kind, const EntityMeta &meta, const QString &relation, const QString &what)
{
    Error e(kind, QStringLiteral("%1.%2: %3").arg(meta.className(), relation, what));
    e.setSubject(meta.className(), relation);
    return e;
}

/*! Writes \a key (a value of the target's key type, or null) into foreign key \a column of \a child, as a user change. */
void writeForeignKey(Entity *child, const EntityMeta &meta, int column, const QVariant &key)
{
    const ColumnMeta &c = meta.columns()[column];
    const QVariant current = c.type->toValue(*c.type, c.metaProperty.read(child));
    if (current.isValid() == key.isValid() && (!key.isValid() || sameVariant(current, key)))
        return;
    c.metaProperty.write(child, c.type->fromValue(*c.type, key));
    if (!c.tracked)
        if (EntityState *s = Relations::state(child); s && s->state() == Entity::State::Persistent)
            s->markDirty(s->session->uow);
}

/*! The target of many-to-one \a r of tracked \a child that the foreign key names, if it is in the identity map. */
std::shared_ptr<Entity> targetInMemory(const Entity *child, const EntityMeta &meta, const RelationMeta &r)
{
    SessionPrivate *session = sessionOf(child);
    if (!session)
        return {};
    const ColumnMeta &fk = meta.columns()[r.foreignKeyColumn];
    const QVariant key = session->targetKey(r, fk.type->toValue(*fk.type, fk.metaProperty.read(child)));
    return key.isValid() ? session->identity.lookup(IdentityKey(r.target, key)) : nullptr;
}

/*! Registers \a e (when tracked) as having relation work for the next flush. */
void registerWork(Entity *e)
{
    if (EntityState *s = Relations::state(e))
        s->session->relationWork.insert(s);
}

/*! \a e added to its owner's session when the owner has one and \a e has none (save-update cascade). */
Error cascadeTo(const Entity *owner, const std::shared_ptr<Entity> &e)
{
    SessionPrivate *session = sessionOf(owner);
    if (!session || !e || Relations::state(e.get()))
        return {};
    return session->q->add(e);
}

/*! The relation of \a e named \a name, checked to be of a kind in \a kinds. */
const RelationMeta *relationOf(const Entity *e, const char *name, int *index, std::initializer_list<Kind> kinds)
{
    const EntityMeta *meta = metaOf(e);
    if (!meta)
        return nullptr;
    const int i = meta->relationIndex(QString::fromLatin1(name));
    if (i < 0 || std::find(kinds.begin(), kinds.end(), meta->relations()[i].kind) == kinds.end()) {
        qWarning("qorm: %s has no relation '%s' of that kind", qPrintable(meta->className()), name);
        return nullptr;
    }
    *index = i;
    return &meta->relations()[i];
}

/*! The slot on \a parent of the inverse of many-to-one \a r, and in \a collection whether it is a collection; nullptr for an unmappable parent. */
RelationSlot *inverseSlotOf(Entity *parent, const RelationMeta &r, bool *collection)
{
    const EntityMeta *pmeta = metaOf(parent);
    if (!pmeta)
        return nullptr;
    *collection = pmeta->relations()[r.inverseIndex].kind == Kind::OneToMany;
    return &Relations::ensureStore(parent).slot(r.inverseIndex);
}

/*! Appends \a child to the inverse of many-to-one \a r (child side) on \a parent: its collection or one-to-one slot. */
void addToInverse(Entity *parent, const RelationMeta &r, const std::shared_ptr<Entity> &child)
{
    bool collection = false;
    RelationSlot *slot = inverseSlotOf(parent, r, &collection);
    if (!slot)
        return;
    RelationSlot &ps = *slot;
    if (collection) {
        if (ps.loaded) {
            if (!holds(ps.items, child.get()))
                ps.items.append(child);
        } else {
            takeOut(ps.removed, child.get());
            if (!holds(ps.added, child.get()))
                ps.added.append(child);
        }
        return;
    }
    // One-to-one: the previous child no longer refers to the parent.
    std::shared_ptr<Entity> previous = ps.currentTarget();
    if (previous && previous != child)
        if (const EntityMeta *cmeta = metaOf(previous.get()))
            Relations::setManyToOne(previous.get(), *cmeta, cmeta->relationIndex(r.name), nullptr);
    ps.setTarget(child, false);
}

/*! Takes \a child out of the inverse of many-to-one \a r on \a parent. */
void removeFromInverse(Entity *parent, const RelationMeta &r, const Entity *child, const std::shared_ptr<Entity> &childHandle)
{
    bool collection = false;
    RelationSlot *slot = inverseSlotOf(parent, r, &collection);
    if (!slot)
        return;
    RelationSlot &ps = *slot;
    if (collection) {
        if (ps.loaded)
            takeOut(ps.items, child);
        else if (!takeOut(ps.added, child) && childHandle && !holds(ps.removed, child))
            ps.removed.append(childHandle); // a later load must not list it
        return;
    }
    if (ps.currentTarget().get() == child)
        ps.setTarget(nullptr, false);
}

/*! \a q in the order collection \a r declares (QORM_ORDER_BY), then by the target's key \a targetKey. */
QueryBase inCollectionOrder(QueryBase q, const RelationMeta &r, const QString &targetKey)
{
    for (const auto &[property, order] : r.orderBy)
        q = q.orderBy(property, order);
    return q.orderBy(targetKey);
}

/*! The query that loads collection \a r of \a owner (key \a key) through \a session. */
QueryBase collectionQuery(Session *session, const EntityMeta &ownerMeta, const RelationMeta &r, const QVariant &key)
{
    auto target = EntityMeta::of(*r.target);
    QueryBase q(session, r.target);
    if (r.kind == Kind::OneToMany || r.kind == Kind::OneToOne) {
        const EntityMeta &t = *target.value();
        const RelationMeta &back = t.relations()[r.inverseIndex];
        q = q.where(Expr::column(t.columns()[back.foreignKeyColumn].property) == Expr::value(key));
    } else {
        const EntityMeta &a = *EntityMeta::of(*r.through).value();
        const EntityMeta &t = *target.value();
        const QString link = QStringLiteral("qorm_link");
        const QString sourceFk = a.columns()[a.relation(r.throughSource)->foreignKeyColumn].property;
        const QString targetFk = a.columns()[a.relation(r.throughTarget)->foreignKeyColumn].property;
        q = q.join(link, r.through, Expr::column(u'@' + link + u'.' + targetFk) == Expr::column(t.columns()[t.primaryKey().first()].property))
                    .where(Expr::column(u'@' + link + u'.' + sourceFk) == Expr::value(key));
    }
    Q_UNUSED(ownerMeta);
    return inCollectionOrder(q, r, target.value()->columns()[target.value()->primaryKey().first()].property).autoflush(false); // relation loading never flushes (a view loads relations of half-edited rows)
}

} // namespace

RelationStore &Relations::ensureStore(Entity *e)
{
    if (!e->m_relations)
        e->m_relations = new RelationStore;
    return *e->m_relations;
}

void Relations::destroyStore(Entity *e)
{
    // Releasing the items may destroy other entities; the pointer is cleared first.
    std::unique_ptr<RelationStore> store(std::exchange(e->m_relations, nullptr));
}

QVariant Relations::knownKey(const Entity *e)
{
    const EntityMeta *meta = metaOf(e);
    if (!meta || meta->primaryKey().size() != 1)
        return {};
    EntityState *s = state(e);
    if (s && s->state() != Entity::State::Pending && s->state() != Entity::State::Transient)
        return s->session->keyValues(s).value(0);
    const ColumnMeta &c = meta->columns()[meta->primaryKey().first()];
    const QVariant v = c.type->toValue(*c.type, c.metaProperty.read(e));
    if (!v.isValid() || (c.autoIncrement && v.toLongLong() == 0))
        return {}; // the database generates it at the INSERT
    return v;
}

std::shared_ptr<Entity> Relations::agreeingTarget(const RelationSlot *slot, const QVariant &key)
{
    std::shared_ptr<Entity> t = slot ? slot->currentTarget() : nullptr;
    if (!t)
        return {};
    const QVariant known = knownKey(t.get());
    return !known.isValid() || !key.isValid() || sameVariant(known, key) ? t : nullptr;
}

void Relations::appendHeld(const RelationSlot &slot, bool collection, QList<std::shared_ptr<Entity>> *out)
{
    if (collection)
        *out += slot.items;
    else if (auto t = slot.currentTarget())
        out->append(t);
}

void Relations::setManyToOne(Entity *child, const EntityMeta &meta, int relation, const std::shared_ptr<Entity> &target)
{
    const RelationMeta &r = meta.relations()[relation];
    RelationSlot &slot = ensureStore(child).slot(relation);
    const std::shared_ptr<Entity> old = slot.hasTarget ? slot.currentTarget() : targetInMemory(child, meta, r);
    const std::shared_ptr<Entity> self = child->weak_from_this().lock();
    if (old != target && old && r.inverseIndex >= 0)
        removeFromInverse(old.get(), r, child, self);
    // The target's inverse collection owns the child: the child's reference back is weak.
    const bool owned = target && r.inverseIndex >= 0 && self;
    slot.setTarget(target, owned);
    if (owned && old != target)
        addToInverse(target.get(), r, self);
    const bool nullable = meta.columns()[r.foreignKeyColumn].nullable();
    const QVariant key = target ? knownKey(target.get()) : QVariant();
    // A link the foreign key cannot say yet: a new target, or none where the key is NOT NULL
    // (the flush reports that one). The flush writes the key; until then the slot is the truth.
    slot.pendingLink = target ? !key.isValid() : !nullable;
    if (!slot.pendingLink)
        writeForeignKey(child, meta, r.foreignKeyColumn, key);
    else if (EntityState *s = state(child); s && s->state() == Entity::State::Persistent)
        s->markDirty(s->session->uow); // visited by the flush, which writes the key
    if (target)
        if (Error e = cascadeTo(child, target); e.isValid())
            qWarning("qorm: %s", qPrintable(e.toString()));
}

void Relations::setOneToOne(Entity *owner, const EntityMeta &meta, int relation, const std::shared_ptr<Entity> &target)
{
    const RelationMeta &r = meta.relations()[relation];
    const std::shared_ptr<Entity> current = related(owner, r.name.toLatin1().constData());
    if (current == target)
        return;
    if (current) {
        if (const EntityMeta *cmeta = metaOf(current.get())) {
            if (r.deleteOrphan && state(current.get()))
                (void)state(current.get())->session->q->remove(current.get());
            else
                setManyToOne(current.get(), *cmeta, cmeta->relationIndex(r.inverse), nullptr);
        }
    }
    if (!target) {
        ensureStore(owner).slot(relation).setTarget(nullptr, false);
        return;
    }
    const std::shared_ptr<Entity> self = owner->weak_from_this().lock();
    if (const EntityMeta *tmeta = metaOf(target.get()))
        setManyToOne(target.get(), *tmeta, tmeta->relationIndex(r.inverse), self); // sets the owner's slot too
    if (!self)
        ensureStore(owner).slot(relation).setTarget(target, false);
    if (Error e = cascadeTo(owner, target); e.isValid())
        qWarning("qorm: %s", qPrintable(e.toString()));
}

// --- the macros' entry points --------------------------------------------------------------------

std::shared_ptr<Entity> related(const Entity *owner, const char *name)
{
    int index = -1;
    const RelationMeta *r = relationOf(owner, name, &index, { Kind::ManyToOne, Kind::OneToOne });
    if (!r)
        return {};
    RelationStore *store = Relations::store(owner);
    RelationSlot *slot = store ? store->find(index) : nullptr;
    const EntityMeta &meta = *metaOf(owner);
    if (r->kind == Kind::ManyToOne) {
        const ColumnMeta &fk = meta.columns()[r->foreignKeyColumn];
        const QVariant fkValue = fk.type->toValue(*fk.type, fk.metaProperty.read(owner));
        if (slot && slot->hasTarget) {
            if (auto t = Relations::agreeingTarget(slot, fkValue))
                return t; // set in memory (a new target, or the key still agrees)
            if (!fkValue.isValid())
                return {}; // set to none
            // Otherwise the key was changed directly, or a parent held weakly is gone: load by key.
        }
        EntityState *s = Relations::state(owner);
        if (!s || !fkValue.isValid())
            return {};
        // Loaded by key (the identity map first); Session::related() records errors.
        auto loaded = s->session->q->related(owner, QString::fromLatin1(name));
        return loaded ? loaded.value() : nullptr;
    }
    // One-to-one: the target row that refers to this one.
    if (slot && slot->hasTarget)
        return slot->currentTarget();
    EntityState *s = Relations::state(owner);
    if (!s || s->state() != Entity::State::Persistent)
        return {};
    auto loaded = s->session->q->related(owner, QString::fromLatin1(name));
    return loaded ? loaded.value() : nullptr;
}

void setRelated(Entity *owner, const char *name, const std::shared_ptr<Entity> &target)
{
    int index = -1;
    const RelationMeta *r = relationOf(owner, name, &index, { Kind::ManyToOne, Kind::OneToOne });
    if (!r)
        return;
    if (r->kind == Kind::ManyToOne)
        Relations::setManyToOne(owner, *metaOf(owner), index, target);
    else
        Relations::setOneToOne(owner, *metaOf(owner), index, target);
}

Error loadCollection(const Entity *owner, const char *name)
{
    int index = -1;
    const RelationMeta *r = relationOf(owner, name, &index, { Kind::OneToMany, Kind::ManyToMany });
    if (!r)
        return Error(Error::Kind::UnknownColumn, QStringLiteral("%1 has no collection '%2'")
                                                         .arg(QString::fromLatin1(owner->metaObject()->className()), QLatin1StringView(name)));
    Entity *e = const_cast<Entity *>(owner);
    RelationSlot &slot = Relations::ensureStore(e).slot(index);
    if (slot.loaded)
        return {};
    const EntityMeta &meta = *metaOf(owner);
    EntityState *s = Relations::state(owner);
    const bool oneToMany = r->kind == Kind::OneToMany;
    if (!s || s->state() == Entity::State::Pending) {
        if (owner->entityState() == Entity::State::Detached) {
            slot.error = relationError(Error::Kind::InvalidState, meta, r->name,
                                       QStringLiteral("is not loaded, and the %1 is in no session (Detached: its session was deleted)")
                                               .arg(meta.className()));
            return slot.error;
        }
        // A new owner has no rows referring to it: the collection is what memory holds.
        slot.items = slot.added;
        slot.loaded = true;
        if (oneToMany)
            slot.added.clear();
        slot.error = {};
        return {};
    }
    if (s->state() == Entity::State::Deleted) {
        slot.error = relationError(Error::Kind::InvalidState, meta, r->name, QStringLiteral("is not loaded, and the %1 is deleted").arg(meta.className()));
        return slot.error;
    }
    auto rows = s->session->q->execute(collectionQuery(s->session->q, meta, *r, Relations::knownKey(owner)));
    if (!rows) {
        slot.error = rows.error();
        return slot.error;
    }
    Relations::setLoadedCollection(e, meta, index, std::move(rows.value()));
    return {};
}

const QList<std::shared_ptr<Entity>> &collectionItems(const Entity *owner, const char *name)
{
    static const QList<std::shared_ptr<Entity>> none;
    int index = -1;
    if (!relationOf(owner, name, &index, { Kind::OneToMany, Kind::ManyToMany }))
        return none;
    (void)loadCollection(owner, name);
    return Relations::ensureStore(const_cast<Entity *>(owner)).slot(index).items;
}

namespace {
/*! The slot of collection \a name of \a owner when it exists (nothing loaded or changed yet: nullptr), without creating it. */
const RelationSlot *collectionSlot(const Entity *owner, const char *name)
{
    int index = -1;
    if (!relationOf(owner, name, &index, { Kind::OneToMany, Kind::ManyToMany }))
        return nullptr;
    RelationStore *store = Relations::store(owner);
    return store ? store->find(index) : nullptr;
}
} // namespace

Error collectionError(const Entity *owner, const char *name)
{
    const RelationSlot *slot = collectionSlot(owner, name);
    return slot ? slot->error : Error();
}

bool isCollectionLoaded(const Entity *owner, const char *name)
{
    const RelationSlot *slot = collectionSlot(owner, name);
    return slot && slot->loaded;
}

QList<Entity *> loadedItems(const Entity *owner, const char *name)
{
    QList<Entity *> out;
    if (const RelationSlot *slot = collectionSlot(owner, name); slot && slot->loaded)
        for (const auto &e : std::as_const(slot->items))
            out.append(e.get());
    return out;
}

namespace {

/*! Checks \a item for collection \a r of \a owner: not null, of the target class, not from another session. */
Error checkItem(const Entity *owner, const EntityMeta &meta, const RelationMeta &r, const Entity *item)
{
    if (!item)
        return relationError(Error::Kind::InvalidState, meta, r.name, QStringLiteral("a null item"));
    if (!item->metaObject()->inherits(r.target))
        return relationError(Error::Kind::InvalidState, meta, r.name,
                             QStringLiteral("a %1 is not a %2").arg(QString::fromLatin1(item->metaObject()->className()),
                                                                    QString::fromLatin1(r.target->className())));
    SessionPrivate *a = sessionOf(owner);
    SessionPrivate *b = sessionOf(item);
    if (a && b && a != b)
        return relationError(Error::Kind::InvalidState, meta, r.name, QStringLiteral("the item belongs to another session"));
    return {};
}

/*! The inverse many-to-many collection slot of \a item for \a r (its other side), or nullptr. */
RelationSlot *inverseSlot(Entity *item, const RelationMeta &r)
{
    if (r.inverseIndex < 0)
        return nullptr;
    const EntityMeta *imeta = metaOf(item);
    const int i = imeta ? imeta->relationIndex(r.inverse) : -1;
    return i < 0 ? nullptr : &Relations::ensureStore(item).slot(i);
}

/*!
 * A many-to-many change of one side's pair with \a item: an opposite change still unwritten is
 * cancelled, else it is recorded. Both sides of a pair record it (each merges it when it loads);
 * the flush writes each association row once.
 */
void recordPairChange(RelationSlot &slot, const std::shared_ptr<Entity> &item, bool add)
{
    if (takeOut(add ? slot.removed : slot.added, item.get()))
        return;
    QList<std::shared_ptr<Entity>> &same = add ? slot.added : slot.removed;
    if (!holds(same, item.get()))
        same.append(item);
}

} // namespace

Error appendToCollection(Entity *owner, const char *name, const std::shared_ptr<Entity> &item)
{
    int index = -1;
    const RelationMeta *r = relationOf(owner, name, &index, { Kind::OneToMany, Kind::ManyToMany });
    if (!r)
        return Error(Error::Kind::UnknownColumn, QStringLiteral("no collection '%1'").arg(QLatin1StringView(name)));
    const EntityMeta &meta = *metaOf(owner);
    if (Error e = checkItem(owner, meta, *r, item.get()); e.isValid())
        return e;
    const std::shared_ptr<Entity> self = owner->weak_from_this().lock();
    if (!self)
        return relationError(Error::Kind::InvalidState, meta, r->name,
                             QStringLiteral("the %1 is not owned by a std::shared_ptr (create entities with std::make_shared)").arg(meta.className()));
    if (r->kind == Kind::OneToMany) {
        const EntityMeta *imeta = metaOf(item.get());
        Relations::setManyToOne(item.get(), *imeta, imeta->relationIndex(r->inverse), self); // back-populates this collection
        return cascadeTo(owner, item);
    }
    RelationSlot &slot = Relations::ensureStore(owner).slot(index);
    if (slot.loaded ? holds(slot.items, item.get()) : holds(slot.added, item.get()))
        return {};
    if (slot.loaded)
        slot.items.append(item);
    recordPairChange(slot, item, true);
    if (RelationSlot *other = inverseSlot(item.get(), *r)) {
        recordPairChange(*other, self, true);
        if (other->loaded && !holds(other->items, owner))
            other->items.append(self);
    }
    registerWork(owner);
    registerWork(item.get());
    return cascadeTo(owner, item);
}

Error removeFromCollection(Entity *owner, const char *name, const Entity *item)
{
    int index = -1;
    const RelationMeta *r = relationOf(owner, name, &index, { Kind::OneToMany, Kind::ManyToMany });
    if (!r)
        return Error(Error::Kind::UnknownColumn, QStringLiteral("no collection '%1'").arg(QLatin1StringView(name)));
    const EntityMeta &meta = *metaOf(owner);
    if (Error e = checkItem(owner, meta, *r, item); e.isValid())
        return e;
    Entity *child = const_cast<Entity *>(item);
    std::shared_ptr<Entity> handle = child->weak_from_this().lock();
    if (r->kind == Kind::OneToMany) {
        const EntityMeta *imeta = metaOf(item);
        const int back = imeta->relationIndex(r->inverse);
        const RelationMeta &m2o = imeta->relations()[back];
        if (related(child, m2o.name.toLatin1().constData()).get() != owner)
            return {}; // not in the collection
        if (r->deleteOrphan) {
            RelationSlot &slot = Relations::ensureStore(owner).slot(index);
            takeOut(slot.items, item);
            takeOut(slot.added, item);
            if (EntityState *s = Relations::state(item))
                return s->session->q->remove(child);
            return {};
        }
        if (!imeta->columns()[m2o.foreignKeyColumn].nullable())
            return relationError(Error::Kind::InvalidState, meta, r->name,
                                 QStringLiteral("%1.%2 is NOT NULL: removing a %1 from the collection would orphan it "
                                                "(declare QORM_DELETE_ORPHAN(%3) to delete it, or move it to another %4)")
                                         .arg(imeta->className(), imeta->columns()[m2o.foreignKeyColumn].property, r->name, meta.className()));
        Relations::setManyToOne(child, *imeta, back, nullptr);
        return {};
    }
    RelationSlot &slot = Relations::ensureStore(owner).slot(index);
    const bool present = slot.loaded ? holds(slot.items, item) : !holds(slot.removed, item);
    if (!present || !handle)
        return {};
    takeOut(slot.items, item);
    recordPairChange(slot, handle, false);
    if (RelationSlot *other = inverseSlot(child, *r)) {
        if (auto self = owner->weak_from_this().lock())
            recordPairChange(*other, self, false);
        if (other->loaded)
            takeOut(other->items, owner);
    }
    registerWork(owner);
    registerWork(child);
    return {};
}

Error clearCollection(Entity *owner, const char *name)
{
    if (Error e = loadCollection(owner, name); e.isValid())
        return e;
    int index = -1;
    const RelationMeta *r = relationOf(owner, name, &index, { Kind::OneToMany, Kind::ManyToMany });
    const QList<std::shared_ptr<Entity>> items = Relations::ensureStore(owner).slot(index).items;
    if (r->kind == Kind::OneToMany && !r->deleteOrphan && !items.isEmpty()) {
        const EntityMeta &t = *EntityMeta::of(*r->target).value();
        const RelationMeta &m2o = t.relations()[r->inverseIndex];
        if (!t.columns()[m2o.foreignKeyColumn].nullable())
            return removeFromCollection(owner, name, items.first().get()); // the NOT NULL error, nothing changed
    }
    for (const auto &item : items)
        if (Error e = removeFromCollection(owner, name, item.get()); e.isValid())
            return e;
    return {};
}

// --- eager loading -------------------------------------------------------------------------------

void Relations::setLoadedTarget(Entity *owner, const EntityMeta &meta, int relation, const std::shared_ptr<Entity> &target)
{
    RelationSlot &slot = ensureStore(owner).slot(relation);
    if (slot.hasTarget && slot.currentTarget())
        return; // set in memory: in-memory state wins, as for column values
    const RelationMeta &r = meta.relations()[relation];
    slot.setTarget(target, false);
    if (r.kind == Kind::OneToOne && target)
        if (auto self = owner->weak_from_this().lock())
            if (const EntityMeta *tmeta = metaOf(target.get()))
                ensureStore(target.get()).slot(tmeta->relationIndex(r.inverse)).setTarget(self, true);
}

void Relations::setLoadedCollection(Entity *owner, const EntityMeta &meta, int relation, QList<std::shared_ptr<Entity>> rows)
{
    RelationSlot &slot = ensureStore(owner).slot(relation);
    if (slot.loaded)
        return;
    const RelationMeta &r = meta.relations()[relation];
    const bool oneToMany = r.kind == Kind::OneToMany;
    // The rows, minus what was removed in memory, plus what was appended (merged in memory order).
    QList<std::shared_ptr<Entity>> items;
    items.reserve(rows.size() + slot.added.size());
    for (auto &row : rows)
        if (!holds(slot.removed, row.get()) && !holds(items, row.get()))
            items.append(std::move(row));
    for (const auto &a : std::as_const(slot.added))
        if (!holds(items, a.get()))
            items.append(a);
    const std::shared_ptr<Entity> self = owner->weak_from_this().lock();
    if (oneToMany && self) {
        // Each child refers back to the owner, weakly (the collection owns the child).
        for (const auto &child : std::as_const(items)) {
            const EntityMeta *cmeta = metaOf(child.get());
            const int back = cmeta ? cmeta->relationIndex(r.inverse) : -1;
            if (back < 0)
                continue;
            RelationSlot &cs = ensureStore(child.get()).slot(back);
            if (!cs.hasTarget || cs.currentTarget() == self)
                cs.setTarget(self, true);
        }
    }
    slot.items = std::move(items);
    slot.loaded = true;
    if (oneToMany) {
        slot.added.clear();
        slot.removed.clear();
    }
    slot.error = {};
}

Result<QList<Relations::EagerHop>> Relations::eagerPlan(const EntityMeta &root, const QueryBase &query, bool defaults)
{
    QList<EagerHop> hops;
    QList<QString> paths;           // the path of each hop
    QList<const EntityMeta *> metas; // the class each hop loads
    QList<bool> explicitHop;
    auto hopOf = [&](const QString &path) { return paths.indexOf(path); };
    // Every hop of every load() path; a path's own load() wins over a longer path's.
    auto add = [&](const QString &path, LoadStrategy strategy, bool fromOption) -> Error {
        const QStringList names = path.split(u'.');
        QString prefix;
        int parent = -1;
        const EntityMeta *meta = &root;
        for (qsizetype i = 0; i < names.size(); ++i) {
            prefix = prefix.isEmpty() ? names[i] : prefix + u'.' + names[i];
            const int index = meta->relationIndex(names[i]);
            if (index < 0) {
                Error e(Error::Kind::UnknownColumn, QStringLiteral("%1.%2: no such relation (in the load path '%3')").arg(meta->className(), names[i], path));
                e.setSubject(meta->className(), names[i]);
                return e;
            }
            auto target = EntityMeta::of(*meta->relations()[index].target);
            if (!target)
                return target.error();
            const bool exact = i + 1 == names.size();
            int hop = hopOf(prefix);
            if (hop < 0) {
                hop = int(hops.size());
                hops.append(EagerHop{ parent, names[i], strategy });
                paths.append(prefix);
                metas.append(target.value());
                explicitHop.append(exact && fromOption);
            } else if (exact && fromOption) {
                hops[hop].strategy = strategy;
                explicitHop[hop] = true;
            } else if (!explicitHop[hop] && fromOption) {
                hops[hop].strategy = strategy;
            }
            parent = hop;
            meta = target.value();
        }
        return {};
    };
    for (const RelationMeta &r : root.relations())
        if (defaults && r.load != LoadStrategy::Lazy)
            if (Error e = add(r.name, r.load, false); e.isValid())
                return e;
    for (const auto &[path, strategy] : query.loadOptions())
        if (Error e = add(path, strategy, true); e.isValid())
            return e;
    // Parents first (they are, by construction); drop Lazy hops and what lies below them; a joined
    // hop under a select-in one, or a joined collection under a LIMIT, is loaded select-in.
    const bool limited = query.limitCount() >= 0 || query.offsetCount() > 0;
    QList<int> kept(hops.size(), -1);
    QList<EagerHop> plan;
    for (qsizetype i = 0; i < hops.size(); ++i) {
        EagerHop hop = hops[i];
        if (hop.strategy == LoadStrategy::Lazy || (hop.parent >= 0 && kept[hop.parent] < 0))
            continue;
        const EntityMeta &owner = hop.parent < 0 ? root : *metas[hop.parent];
        const bool collection = owner.relation(hop.relation)->isCollection();
        if (hop.strategy == LoadStrategy::Joined
            && ((hop.parent >= 0 && plan[kept[hop.parent]].strategy != LoadStrategy::Joined) || (collection && limited)))
            hop.strategy = LoadStrategy::SelectIn;
        hop.parent = hop.parent < 0 ? -1 : kept[hop.parent];
        kept[i] = int(plan.size());
        plan.append(hop);
    }
    return plan;
}

Result<QList<std::shared_ptr<Entity>>> Relations::loadJoined(SessionPrivate &session, RowSource &rows, const Mapper &root,
                                                             QueryBase::Factory factory, const QString &sql,
                                                             const QList<SelectCompiler::EagerColumns> &layout)
{
    Loader rootLoader(session, root, factory, sql);
    std::vector<std::unique_ptr<Loader>> loaders;
    for (const auto &entry : layout)
        loaders.push_back(std::make_unique<Loader>(session, *entry.mapper, nullptr, sql));
    QList<std::shared_ptr<Entity>> roots;
    QSet<Entity *> seen;
    // Per entry and owner: the loaded entities, in row order (a collection) or the one (single).
    QList<QHash<Entity *, QList<std::shared_ptr<Entity>>>> found(layout.size());
    QList<QList<std::shared_ptr<Entity>>> owners(layout.size()); // first-seen order, kept alive
    QList<std::shared_ptr<Entity>> rowEntities(layout.size());
    auto fail = [&](const Error &e) {
        rows.finish();
        return e;
    };
    while (rows.next()) {
        auto r = rootLoader.loadRow(rows, 0);
        if (!r)
            return fail(r.error());
        if (!seen.contains(r.value().get())) {
            seen.insert(r.value().get());
            roots.append(r.value());
        }
        for (qsizetype i = 0; i < layout.size(); ++i) {
            const auto &entry = layout[i];
            const std::shared_ptr<Entity> owner = entry.parent < 0 ? r.value() : rowEntities[entry.parent];
            rowEntities[i] = nullptr;
            if (!owner)
                continue;
            auto &perOwner = found[i];
            if (!perOwner.contains(owner.get())) {
                perOwner.insert(owner.get(), {});
                owners[i].append(owner);
            }
            bool null = true;
            for (int c : entry.mapper->meta->primaryKey())
                null = null && rows.value(entry.offset + c).isNull();
            if (null)
                continue; // the LEFT OUTER JOIN found nothing
            auto child = loaders[size_t(i)]->loadRow(rows, entry.offset);
            if (!child)
                return fail(child.error());
            rowEntities[i] = child.value();
            QList<std::shared_ptr<Entity>> &list = perOwner[owner.get()];
            if (!holds(list, child.value().get()))
                list.append(child.value());
        }
    }
    if (const Error e = rows.error(sql); e.isValid())
        return fail(e);
    rows.finish();
    for (qsizetype i = 0; i < layout.size(); ++i) {
        for (const auto &owner : std::as_const(owners[i])) {
            const EntityMeta &meta = *metaOf(owner.get());
            const RelationMeta &r = meta.relations()[layout[i].relation];
            QList<std::shared_ptr<Entity>> list = found[i].value(owner.get());
            if (r.isCollection())
                setLoadedCollection(owner.get(), meta, layout[i].relation, std::move(list));
            else
                setLoadedTarget(owner.get(), meta, layout[i].relation, list.value(0));
        }
    }
    return roots;
}

namespace {

/*! \a keys in batches of at most 512, each padded to a power of two by repeating its last key (a few SQL texts for the statement cache). */
QList<QVariantList> batches(const QVariantList &keys)
{
    QList<QVariantList> out;
    constexpr qsizetype maximum = 512;
    for (qsizetype i = 0; i < keys.size(); i += maximum) {
        QVariantList batch = keys.mid(i, maximum);
        qsizetype size = 1;
        while (size < batch.size())
            size *= 2;
        while (batch.size() < size)
            batch.append(batch.last());
        out.append(batch);
    }
    return out;
}

/*! Runs \a query in every batch of \a keys: `WHERE <column> IN (batch)` added to it. */
Result<QList<std::shared_ptr<Entity>>> inBatches(Session *session, const QueryBase &query, const QString &column, const QVariantList &keys)
{
    QList<std::shared_ptr<Entity>> all;
    for (const QVariantList &batch : batches(keys)) {
        auto rows = session->execute(query.where(Expr::column(column).in(batch)));
        if (!rows)
            return rows.error();
        all += rows.value();
    }
    return all;
}

} // namespace

Error Relations::selectIn(SessionPrivate &session, const EntityMeta &meta, int relation, const QList<std::shared_ptr<Entity>> &parents,
                          QList<std::shared_ptr<Entity>> *loaded)
{
    const RelationMeta &r = meta.relations()[relation];
    auto targetMeta = EntityMeta::of(*r.target);
    if (!targetMeta)
        return targetMeta.error();
    const EntityMeta &t = *targetMeta.value();
    const QString targetKey = t.columns()[t.primaryKey().first()].property;
    Session *q = session.q;
    // The parents still to load (a loaded or set relation keeps what memory holds).
    QList<std::shared_ptr<Entity>> todo;
    for (const auto &p : parents) {
        RelationStore *st = store(p.get());
        RelationSlot *slot = st ? st->find(relation) : nullptr;
        if (slot && (r.isCollection() ? slot->loaded : (slot->hasTarget && slot->currentTarget() != nullptr))) {
            appendHeld(*slot, r.isCollection(), loaded);
            continue;
        }
        if (state(p.get()) && state(p.get())->state() == Entity::State::Persistent)
            todo.append(p);
    }
    if (todo.isEmpty())
        return {};
    const QueryBase base = QueryBase(q, r.target).autoflush(false);
    if (r.kind == Kind::ManyToOne) {
        const ColumnMeta &fk = meta.columns()[r.foreignKeyColumn];
        QVariantList keys;
        QList<QVariant> keyOf;
        for (const auto &p : std::as_const(todo)) {
            const QVariant key = session.targetKey(r, fk.type->toValue(*fk.type, fk.metaProperty.read(p.get())));
            keyOf.append(key);
            if (key.isValid() && !keys.contains(key) && !session.identity.lookup(IdentityKey(r.target, key)))
                keys.append(key);
        }
        auto rows = inBatches(q, base, targetKey, keys); // keeps them alive until they are attached
        if (!rows)
            return rows.error();
        for (qsizetype i = 0; i < todo.size(); ++i) {
            const auto target = keyOf[i].isValid() ? session.identity.lookup(IdentityKey(r.target, keyOf[i])) : nullptr;
            setLoadedTarget(todo[i].get(), meta, relation, target);
            if (target)
                loaded->append(target);
        }
        return {};
    }
    QVariantList ownerKeys;
    QHash<QString, std::shared_ptr<Entity>> ownerByKey;
    for (const auto &p : std::as_const(todo)) {
        const QVariant key = knownKey(p.get());
        ownerKeys.append(key);
        ownerByKey.insert(key.toString(), p);
    }
    QHash<QString, QList<std::shared_ptr<Entity>>> byOwner;
    if (r.kind == Kind::OneToMany || r.kind == Kind::OneToOne) {
        const RelationMeta &back = t.relations()[r.inverseIndex];
        const ColumnMeta &fk = t.columns()[back.foreignKeyColumn];
        const QueryBase query = inCollectionOrder(base, r, targetKey);
        auto rows = inBatches(q, query, fk.property, ownerKeys);
        if (!rows)
            return rows.error();
        for (const auto &child : std::as_const(rows.value()))
            byOwner[fk.type->toValue(*fk.type, fk.metaProperty.read(child.get())).toString()].append(child);
    } else {
        // Many-to-many: the association rows, then their targets.
        auto throughMeta = EntityMeta::of(*r.through);
        const EntityMeta &a = *throughMeta.value();
        const ColumnMeta &sourceFk = a.columns()[a.relation(r.throughSource)->foreignKeyColumn];
        const ColumnMeta &targetFk = a.columns()[a.relation(r.throughTarget)->foreignKeyColumn];
        QList<std::pair<QString, QVariant>> pairs;
        QVariantList targetKeys;
        for (const QVariantList &batch : batches(ownerKeys)) {
            auto links = QueryBase(q, r.through)
                                 .autoflush(false)
                                 .select({ Expr::column(sourceFk.property), Expr::column(targetFk.property) })
                                 .where(Expr::column(sourceFk.property).in(batch))
                                 .rows({ sourceFk.type->valueType, targetFk.type->valueType });
            if (!links)
                return links.error();
            for (const QVariantList &link : std::as_const(links.value())) {
                pairs.append({ link.value(0).toString(), link.value(1) });
                if (!targetKeys.contains(link.value(1)))
                    targetKeys.append(link.value(1));
            }
        }
        const QueryBase query = inCollectionOrder(base, r, targetKey);
        auto targets = inBatches(q, query, targetKey, targetKeys);
        if (!targets)
            return targets.error();
        // Each owner's items in the targets' order.
        QHash<QString, qsizetype> position;
        for (qsizetype i = 0; i < targets.value().size(); ++i)
            position.insert(knownKey(targets.value()[i].get()).toString(), i);
        for (const auto &[owner, target] : std::as_const(pairs))
            if (const qsizetype i = position.value(target.toString(), -1); i >= 0)
                byOwner[owner].append(targets.value()[i]);
        for (auto &list : byOwner)
            std::sort(list.begin(), list.end(), [&](const auto &x, const auto &y) {
                return position.value(knownKey(x.get()).toString()) < position.value(knownKey(y.get()).toString());
            });
    }
    for (auto it = ownerByKey.cbegin(); it != ownerByKey.cend(); ++it) {
        QList<std::shared_ptr<Entity>> items = byOwner.value(it.key());
        *loaded += items;
        if (r.kind == Kind::OneToOne)
            setLoadedTarget(it.value().get(), meta, relation, items.value(0));
        else
            setLoadedCollection(it.value().get(), meta, relation, std::move(items));
    }
    return {};
}

// --- session hooks -------------------------------------------------------------------------------

Error Relations::cascadeAdd(SessionPrivate &session, Entity *e)
{
    RelationStore *s = store(e);
    if (!s)
        return {};
    bool work = false;
    // Copies: adding may change the slots (a target's own relations).
    const auto slots = s->slots();
    for (const auto &[index, slot] : slots) {
        QList<std::shared_ptr<Entity>> reached = slot.items + slot.added;
        if (const auto t = slot.currentTarget())
            reached.append(t);
        for (const auto &other : std::as_const(reached))
            if (other && !state(other.get()))
                if (Error err = session.q->add(other); err.isValid())
                    return err;
        work = work || !slot.added.isEmpty() || !slot.removed.isEmpty(); // association rows to write
    }
    if (work)
        registerWork(e);
    return {};
}

Error Relations::removeWithCascades(SessionPrivate &session, Entity *e, QList<Entity *> *marked, QList<NulledKey> *nulled)
{
    using OnDelete = RelationMeta::OnDelete;
    EntityState *s = state(e);
    const EntityMeta &meta = *s->mapper->meta;
    const QVariant key = knownKey(e);
    struct Rule
    {
        const EntityMeta *child;
        int relation; // the child's many-to-one
        OnDelete action;
        QList<std::shared_ptr<Entity>> rows;
    };
    QList<Rule> rules;
    for (const auto &[child, relation] : deleteRules(*meta.metaObject()))
        rules.append(Rule{ child, relation, child->relations()[relation].onDelete, {} });
    // A delete-orphan collection's children cannot outlive the parent either.
    for (const RelationMeta &r : meta.relations())
        if (r.deleteOrphan) {
            const EntityMeta *child = EntityMeta::of(*r.target).value();
            const bool declared = std::any_of(rules.cbegin(), rules.cend(), [&](const Rule &x) { return x.child == child && x.relation == r.inverseIndex; });
            if (!declared)
                rules.append(Rule{ child, r.inverseIndex, OnDelete::Cascade, {} });
        }
    for (Rule &rule : rules) {
        if (!key.isValid() || meta.primaryKey().size() != 1)
            break;
        const RelationMeta &m2o = rule.child->relations()[rule.relation];
        const QString fk = rule.child->columns()[m2o.foreignKeyColumn].property;
        auto rows = session.q->execute(QueryBase(session.q, rule.child->metaObject()).where(Expr::column(fk) == Expr::value(key)).autoflush(false));
        if (!rows)
            return rows.error();
        for (const auto &row : rows.value()) // a row already removed in this session no longer refers
            if (EntityState *rs = state(row.get()); rs && rs->state() == Entity::State::Persistent)
                rule.rows.append(row);
        if (rule.action == OnDelete::Restrict && !rule.rows.isEmpty())
            return relationError(Error::Kind::ForeignKeyViolation, *rule.child, m2o.name,
                                 QStringLiteral("%1 %2 rows still refer to this %3 (QORM_ON_DELETE(%4, Restrict)); nothing was deleted")
                                         .arg(rule.rows.size()).arg(rule.child->className(), meta.className(), m2o.name));
    }
    s->markDeleted(session.uow);
    marked->append(e);
    for (const Rule &rule : std::as_const(rules)) {
        for (const auto &row : rule.rows) {
            EntityState *rs = state(row.get());
            if (!rs || rs->state() != Entity::State::Persistent)
                continue;
            if (rule.action == OnDelete::Cascade) {
                if (Error err = removeWithCascades(session, row.get(), marked, nulled); err.isValid())
                    return err;
            } else if (rule.action == OnDelete::SetNull) {
                const ColumnMeta &fk = rule.child->columns()[rule.child->relations()[rule.relation].foreignKeyColumn];
                nulled->append(NulledKey{ row, rule.relation, fk.metaProperty.read(row.get()) });
                setManyToOne(row.get(), *rule.child, rule.relation, nullptr);
            }
        }
    }
    // Its association rows go with it (SQLAlchemy deletes the secondary rows too).
    for (const RelationMeta &r : meta.relations()) {
        if (r.kind != Kind::ManyToMany || !key.isValid())
            continue;
        const EntityMeta *a = EntityMeta::of(*r.through).value();
        const QString fk = a->columns()[a->relation(r.throughSource)->foreignKeyColumn].property;
        auto links = session.q->execute(QueryBase(session.q, r.through).where(Expr::column(fk) == Expr::value(key)).autoflush(false));
        if (!links)
            return links.error();
        for (const auto &link : links.value())
            if (EntityState *ls = state(link.get()); ls && ls->state() == Entity::State::Persistent) {
                ls->markDeleted(session.uow);
                marked->append(link.get());
            }
        if (RelationStore *st = store(e))
            if (RelationSlot *slot = st->find(meta.relationIndex(r.name))) {
                slot->added.clear(); // nothing to link to any more
                slot->removed.clear();
            }
    }
    return {};
}

void Relations::undoRemove(SessionPrivate &session, const QList<Entity *> &marked, const QList<NulledKey> &nulled)
{
    QList<std::shared_ptr<Entity>> release;
    for (Entity *m : marked)
        if (EntityState *s = state(m))
            s->discardDelete(session.uow, release);
    for (auto it = nulled.crbegin(); it != nulled.crend(); ++it) {
        const EntityMeta &meta = *metaOf(it->entity.get());
        meta.columns()[meta.relations()[it->relation].foreignKeyColumn].metaProperty.write(it->entity.get(), it->previous);
        ensureStore(it->entity.get()).slot(it->relation).expire(); // read by its key again
    }
}

Error Relations::syncForeignKeys(SessionPrivate &, EntityState *s, QList<int> *postUpdate,
                                 QList<std::pair<EntityState *, std::pair<int, QVariant>>> *restore)
{
    RelationStore *st = s->entity ? store(s->entity) : nullptr;
    if (!st)
        return {};
    const EntityMeta &meta = *s->mapper->meta;
    for (auto &[index, slot] : st->slots()) {
        const RelationMeta &r = meta.relations()[index];
        // Only links made in memory to a target without a key: every other foreign key already
        // says what the relation is (and a key changed directly wins over a loaded target).
        if (r.kind != Kind::ManyToOne || !slot.pendingLink)
            continue;
        const ColumnMeta &fk = meta.columns()[r.foreignKeyColumn];
        const std::shared_ptr<Entity> target = slot.currentTarget();
        if (!target)
            return relationError(Error::Kind::InvalidState, meta, r.name,
                                 QStringLiteral("is set to no %1 (or to a new one that no longer exists), but its foreign key %2 is NOT NULL")
                                         .arg(QString::fromLatin1(r.target->className()), fk.property));
        const QVariant key = knownKey(target.get());
        if (!key.isValid()) {
            // The target is not inserted yet: a cycle. Insert NULL now, UPDATE after the INSERTs.
            if (!fk.nullable())
                return relationError(Error::Kind::InvalidState, meta, r.name,
                                     QStringLiteral("refers to a new %1 that can only be inserted after this row (a cycle); "
                                                    "a nullable foreign key %2 would let qorm insert NULL and update it afterwards")
                                             .arg(QString::fromLatin1(r.target->className()), fk.property));
            if (postUpdate)
                postUpdate->append(index);
            continue;
        }
        restore->append({ s, { r.foreignKeyColumn, fk.metaProperty.read(s->entity) } });
        writeForeignKey(s->entity, meta, r.foreignKeyColumn, key);
        slot.pendingLink = false;
    }
    return {};
}

void Relations::relinkAfterFailure(EntityState *s, int column)
{
    RelationStore *st = s->entity ? store(s->entity) : nullptr;
    if (!st)
        return;
    for (auto &[index, slot] : st->slots())
        if (s->mapper->meta->relations()[index].kind == Kind::ManyToOne && s->mapper->meta->relations()[index].foreignKeyColumn == column)
            slot.pendingLink = true;
}

QList<const Entity *> Relations::pendingTargets(const EntityState *s)
{
    QList<const Entity *> out;
    RelationStore *st = s->entity ? store(s->entity) : nullptr;
    if (!st)
        return out;
    for (auto &[index, slot] : st->slots()) {
        if (s->mapper->meta->relations()[index].kind != Kind::ManyToOne)
            continue;
        if (const auto t = slot.currentTarget(); t && state(t.get()) && state(t.get())->state() == Entity::State::Pending)
            out.append(t.get());
    }
    return out;
}

QList<Relations::AssociationChange> Relations::associationChanges(const QList<Entity *> &owners)
{
    QList<AssociationChange> out;
    for (Entity *owner : owners) {
        RelationStore *st = store(owner);
        const EntityMeta *meta = st ? metaOf(owner) : nullptr;
        if (!meta)
            continue;
        for (auto &[index, slot] : st->slots()) {
            if (meta->relations()[index].kind != Kind::ManyToMany)
                continue;
            for (const auto &item : std::as_const(slot.removed))
                out.append({ owner, index, item, false });
            for (const auto &item : std::as_const(slot.added))
                out.append({ owner, index, item, true });
        }
    }
    return out;
}

void Relations::restoreHistory(Entity *owner, int relation, const std::shared_ptr<Entity> &item, bool inserted)
{
    RelationSlot &slot = ensureStore(owner).slot(relation);
    QList<std::shared_ptr<Entity>> &history = inserted ? slot.added : slot.removed;
    if (!holds(history, item.get()))
        history.append(item);
}

void Relations::clearHistory(const QList<Entity *> &owners)
{
    for (Entity *owner : owners) {
        RelationStore *st = store(owner);
        const EntityMeta *meta = st ? metaOf(owner) : nullptr;
        if (!meta)
            continue;
        for (auto &[index, slot] : st->slots())
            if (meta->relations()[index].kind == Kind::ManyToMany) {
                slot.added.clear();
                slot.removed.clear();
            }
    }
}

void Relations::expire(Entity *e)
{
    RelationStore *st = store(e);
    const EntityMeta *meta = st ? metaOf(e) : nullptr;
    if (!meta)
        return;
    for (auto &[index, slot] : st->slots()) {
        // A target that has its row stays (reading it checks it against the restored foreign
        // key); collections and targets that were never written load again.
        const auto target = slot.currentTarget();
        const bool keep = !meta->relations()[index].isCollection() && target && state(target.get())
                && state(target.get())->state() == Entity::State::Persistent;
        if (!keep)
            slot.expire();
    }
}

void Relations::breakCycles(const QList<std::shared_ptr<Entity>> &entities)
{
    // The strong references between entities with relation state.
    QHash<Entity *, int> ids;
    QList<Entity *> nodes;
    for (const auto &e : entities)
        if (e && store(e.get()) && !ids.contains(e.get())) {
            ids.insert(e.get(), int(nodes.size()));
            nodes.append(e.get());
        }
    auto edges = [&](int v) {
        QList<int> out;
        for (auto &[index, slot] : store(nodes[v])->slots()) {
            auto add = [&](const std::shared_ptr<Entity> &t) {
                if (const int w = t ? ids.value(t.get(), -1) : -1; w >= 0)
                    out.append(w);
            };
            add(slot.target);
            for (const auto *list : { &slot.items, &slot.added, &slot.removed })
                for (const auto &t : *list)
                    add(t);
        }
        return out;
    };
    // Tarjan's strongly connected components, iteratively (a long chain must not overflow the stack).
    const int n = int(nodes.size());
    QList<int> index(n, -1), low(n, 0);
    QList<bool> onStack(n, false);
    QList<int> stack;
    int counter = 0;
    QList<QList<int>> cyclic;
    for (int root = 0; root < n; ++root) {
        if (index[root] >= 0)
            continue;
        QList<std::pair<int, QList<int>>> work{ { root, edges(root) } };
        index[root] = low[root] = counter++;
        stack.append(root);
        onStack[root] = true;
        while (!work.isEmpty()) {
            auto &[v, next] = work.last();
            if (!next.isEmpty()) {
                const int w = next.takeLast();
                if (index[w] < 0) {
                    index[w] = low[w] = counter++;
                    stack.append(w);
                    onStack[w] = true;
                    work.append({ w, edges(w) });
                } else if (onStack[w]) {
                    low[v] = std::min(low[v], index[w]);
                }
                continue;
            }
            const int done = v;
            work.removeLast();
            if (!work.isEmpty())
                low[work.last().first] = std::min(low[work.last().first], low[done]);
            if (low[done] != index[done])
                continue;
            QList<int> component;
            int w = -1;
            do {
                w = stack.takeLast();
                onStack[w] = false;
                component.append(w);
            } while (w != done);
            if (component.size() > 1 || edges(done).contains(done))
                cyclic.append(component);
        }
    }
    // Each cycle is broken where it runs: the slots that hold another member strongly are expired.
    for (const QList<int> &component : std::as_const(cyclic)) {
        QSet<Entity *> members;
        for (int v : component)
            members.insert(nodes[v]);
        for (int v : component)
            for (auto &[i, slot] : store(nodes[v])->slots()) {
                bool inCycle = members.contains(slot.target.get());
                for (const auto *list : { &slot.items, &slot.added, &slot.removed })
                    for (const auto &t : *list)
                        inCycle = inCycle || members.contains(t.get());
                if (inCycle)
                    slot.expire();
            }
    }
}

} // namespace qorm::detail
