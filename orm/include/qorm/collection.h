// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/error.h>
#include <qorm/qorm_core_export.h>

#include <QList>

#include <iterator>
#include <memory>

namespace qorm {

class Entity;

namespace detail {
// The untyped relation operations behind the macros and qorm::Collection (relations.cpp).

/*! The target of single-valued relation \a relation of \a owner (see QORM_BELONGS_TO, QORM_HAS_ONE). */
QORM_CORE_EXPORT std::shared_ptr<Entity> related(const Entity *owner, const char *relation);
/*! Sets single-valued relation \a relation of \a owner to \a target in memory (see QORM_BELONGS_TO). */
QORM_CORE_EXPORT void setRelated(Entity *owner, const char *relation, const std::shared_ptr<Entity> &target);
/*! The items of collection \a relation of \a owner, loaded on first use; empty when the load fails (see collectionError()). */
QORM_CORE_EXPORT const QList<std::shared_ptr<Entity>> &collectionItems(const Entity *owner, const char *relation);
/*! Loads collection \a relation of \a owner unless it is loaded; the error of the load. */
QORM_CORE_EXPORT Error loadCollection(const Entity *owner, const char *relation);
/*! The error of the last load of collection \a relation of \a owner (invalid after a good one). */
QORM_CORE_EXPORT Error collectionError(const Entity *owner, const char *relation);
/*! Whether collection \a relation of \a owner is loaded (or complete in memory, for a new owner). */
QORM_CORE_EXPORT bool isCollectionLoaded(const Entity *owner, const char *relation);
/*! The loaded items of collection \a relation of \a owner, without loading (for the QML property). */
QORM_CORE_EXPORT QList<Entity *> loadedItems(const Entity *owner, const char *relation);
/*! Appends \a item to collection \a relation of \a owner (Collection::append()). */
QORM_CORE_EXPORT Error appendToCollection(Entity *owner, const char *relation, const std::shared_ptr<Entity> &item);
/*! Removes \a item from collection \a relation of \a owner (Collection::remove()). */
QORM_CORE_EXPORT Error removeFromCollection(Entity *owner, const char *relation, const Entity *item);
/*! Removes every item of collection \a relation of \a owner (Collection::clear()). */
QORM_CORE_EXPORT Error clearCollection(Entity *owner, const char *relation);

/*! related() as a Target (complete where the getter is used). */
template<typename Target>
std::shared_ptr<Target> relatedAs(const Entity *owner, const char *relation)
{
    return std::static_pointer_cast<Target>(related(owner, relation));
}
/*! setRelated() of a Target. */
template<typename Target>
void setRelatedAs(Entity *owner, const char *relation, const std::shared_ptr<Target> &target)
{
    setRelated(owner, relation, std::static_pointer_cast<Entity>(target));
}
/*! loadedItems() as Target pointers. */
template<typename Target>
QList<Target *> loadedPointers(const Entity *owner, const char *relation)
{
    QList<Target *> out;
    for (Entity *e : loadedItems(owner, relation))
        out.append(static_cast<Target *>(e));
    return out;
}
} // namespace detail

/*!
 * \brief The collection side of a one-to-many (QORM_HAS_MANY) or many-to-many
 * (QORM_MANY_TO_MANY) relation of one entity: a handle, like SQLAlchemy's instrumented list.
 *
 * `artist->albums()` returns one; the items live in the owning entity, so every handle of the
 * same owner and relation sees the same collection, and the handle must not outlive its owner.
 *
 * **Reading** loads the collection on first use — iterating, size(), at(), contains(),
 * toList() — with one SELECT through the owner's session (`WHERE <fk> = ?`, or a join with the
 * association table for a many-to-many), in the QORM_ORDER_BY order; the items enter the
 * session's identity map. An eager load (Query::load()) fills it instead. The collection of a
 * new entity is complete in memory. When the load fails — the owner is in no session (never
 * added, or Detached after its session was deleted), or the database fails — the collection reads
 * as empty and error() says why; load() returns the error directly. Nothing dangles: the items are
 * held by shared handles.
 *
 * **Changes** work without loading: append() and remove() set the child's many-to-one relation
 * and foreign key (one-to-many) or queue an association row (many-to-many), keep the other side
 * of the pair in step when it is loaded (`back_populates`), and add a new child to the owner's
 * session (save-update cascade). The next flush writes them. Removing a child from a one-to-many
 * collection sets its foreign key NULL, or deletes it with QORM_DELETE_ORPHAN; a NOT NULL key
 * without delete-orphan is refused (InvalidState) before anything changes.
 *
 * Thread affinity: the owner's (its session's) thread. Copyable; cheap (two pointers).
 */
template<typename T>
class Collection
{
public:
    /*! The collection \a relation (a string literal) of \a owner; made by the relation's getter. */
    Collection(const Entity *owner, const char *relation) : m_owner(const_cast<Entity *>(owner)), m_relation(relation) { }

    /*! Iterates the items as std::shared_ptr<T> (by value). */
    class const_iterator
    {
    public:
        using iterator_category = std::forward_iterator_tag; //!< A forward iterator.
        using value_type = std::shared_ptr<T>;                //!< The item handle.
        using difference_type = qsizetype;                    //!< Distance between two iterators.
        using pointer = void;                                 //!< Items are returned by value.
        using reference = std::shared_ptr<T>;                 //!< Items are returned by value.
        const_iterator() = default;
        /*! Internal: wraps an iterator of the untyped list. */
        explicit const_iterator(typename QList<std::shared_ptr<Entity>>::const_iterator it) : m_it(it) { }
        /*! The item. */
        std::shared_ptr<T> operator*() const { return std::static_pointer_cast<T>(*m_it); }
        /*! The next item. */
        const_iterator &operator++()
        {
            ++m_it;
            return *this;
        }
        /*! The next item (postfix). */
        const_iterator operator++(int)
        {
            const_iterator old = *this;
            ++m_it;
            return old;
        }
        /*! Same position. */
        bool operator==(const const_iterator &other) const { return m_it == other.m_it; }

    private:
        typename QList<std::shared_ptr<Entity>>::const_iterator m_it;
    };

    /*! The first item (loads the collection when needed). */
    const_iterator begin() const { return const_iterator(detail::collectionItems(m_owner, m_relation).cbegin()); }
    /*! Past the last item. */
    const_iterator end() const { return const_iterator(detail::collectionItems(m_owner, m_relation).cend()); }
    /*! The number of items (loads the collection when needed). */
    qsizetype size() const { return detail::collectionItems(m_owner, m_relation).size(); }
    /*! True when there are no items (loads the collection when needed). */
    bool isEmpty() const { return size() == 0; }
    /*! Item \a i, 0 <= i < size(). */
    std::shared_ptr<T> at(qsizetype i) const { return std::static_pointer_cast<T>(detail::collectionItems(m_owner, m_relation).at(i)); }
    /*! Whether \a item is in the collection (loads it when needed). */
    bool contains(const T *item) const
    {
        for (const auto &e : detail::collectionItems(m_owner, m_relation))
            if (e.get() == item)
                return true;
        return false;
    }
    /*! The items as a list (loads the collection when needed). */
    QList<std::shared_ptr<T>> toList() const
    {
        QList<std::shared_ptr<T>> out;
        for (const auto &e : detail::collectionItems(m_owner, m_relation))
            out.append(std::static_pointer_cast<T>(e));
        return out;
    }
    /*! True when the items are in memory (loaded, eagerly loaded, or a new owner's). */
    bool isLoaded() const { return detail::isCollectionLoaded(m_owner, m_relation); }
    /*!
     * Loads the collection unless it is loaded. Errors: InvalidState (the owner is in no session),
     * the query's errors (Connection, Statement...).
     */
    Error load() const { return detail::loadCollection(m_owner, m_relation); }
    /*! Why the last load failed (the collection then reads as empty); invalid after a good one. */
    Error error() const { return detail::collectionError(m_owner, m_relation); }

    /*!
     * Appends \a item (one-to-many: sets its relation to the owner and its foreign key, moving it
     * out of its previous owner's collection; many-to-many: queues the association row). Appending
     * an item that is in the collection does nothing. Errors: InvalidState for a null item or an
     * item that belongs to another session.
     */
    Error append(const std::shared_ptr<T> &item) const { return detail::appendToCollection(m_owner, m_relation, std::static_pointer_cast<Entity>(item)); }
    /*!
     * Removes \a item (one-to-many: its foreign key becomes NULL, or it is deleted with
     * QORM_DELETE_ORPHAN; many-to-many: its association row is deleted at the flush). Removing an
     * item that is not in the collection does nothing. Errors: InvalidState for a NOT NULL foreign
     * key without QORM_DELETE_ORPHAN (nothing changes).
     */
    Error remove(const std::shared_ptr<T> &item) const { return detail::removeFromCollection(m_owner, m_relation, item.get()); }
    /*! Removes every item (loads the collection first); errors as remove(), before anything changes. */
    Error clear() const { return detail::clearCollection(m_owner, m_relation); }

    /*! The owning entity. */
    Entity *owner() const { return m_owner; }
    /*! The relation's name. */
    const char *relation() const { return m_relation; }

private:
    Entity *m_owner;
    const char *m_relation;
};

} // namespace qorm
