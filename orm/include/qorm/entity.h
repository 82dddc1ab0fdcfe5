// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/macros.h>
#include <qorm/qorm_core_export.h>

#include <QObject>
#include <QStringList>
#include <QVariant>
#include <memory>

namespace qorm {

class Session;
namespace detail {
class EntityState;
class SessionPrivate;
class RelationStore;
struct Relations;
}

/*!
 * \brief Base class of every mapped entity: a QObject whose Q_PROPERTYs are its columns.
 *
 * Declare columns with QORM_COLUMN / QORM_ID (or plain Q_PROPERTY), give the class a
 * Q_INVOKABLE default constructor (or let qorm::Session::query<T>() construct it), and hand
 * instances to a Session as std::shared_ptr. Entities loaded by qorm have no QObject parent and
 * are owned by the shared pointers handed out; the session's identity map holds clean entities
 * weakly and new, changed and deleted ones strongly until they are flushed (like SQLAlchemy).
 *
 * Relations (QORM_BELONGS_TO, QORM_HAS_MANY...) keep their targets and collections in the
 * entity itself, so they work before the entity is added to a session; they need the entity to
 * be owned by a std::shared_ptr (make it with std::make_shared), which is how the other side of a
 * relation refers back to it.
 *
 * Thread affinity: an entity belongs to the thread of the session it is attached to.
 */
class QORM_CORE_EXPORT Entity : public QObject, public std::enable_shared_from_this<Entity>
{
    Q_OBJECT
public:
    /*! The class the typed column handles belong to; QORM_ENTITY(Class) redeclares it in a subclass. */
    using qormSelf = Entity;
    /*! Life-cycle state, with SQLAlchemy's names. */
    enum class State {
        Transient,  //!< Not in any session and never stored.
        Pending,    //!< Added to a session; INSERTed at the next flush.
        Persistent, //!< Has a row and is tracked by a session's identity map.
        Deleted,    //!< Removed from a session; DELETEd at the next flush.
        Detached,   //!< Has (or had) a row, but its session is gone.
    };
    Q_ENUM(State)

    /*!
     * Constructs a Transient entity with QObject parent \a parent. Leave \a parent null for
     * entities handed to a Session: they are owned through std::shared_ptr, and a QObject parent
     * would delete them a second time.
     */
    explicit Entity(QObject *parent = nullptr);
    ~Entity() override;

    /*! The entity's state in its session. */
    State entityState() const;
    /*! The session tracking this entity, or nullptr. */
    Session *session() const;
    /*! True when the entity has changes that the next flush will write (pending, deleted or modified). */
    bool isDirty() const;
    /*! Names of the properties changed since the entity was loaded or last flushed. */
    QStringList dirtyProperties() const;

    /*!
     * Sets every property that has a QORM_DEFAULT to that default. QORM_COLUMN members start
     * with their default already; a class written with plain Q_PROPERTY calls this at the end
     * of its constructor to get the same behaviour. Returns false (and logs a warning) when the
     * class's mapping is invalid.
     */
    bool applyDefaults();

protected:
    /*! True when a session tracks this entity; used by the QORM_COLUMN setters. */
    bool qormIsTracked() const noexcept { return m_state != nullptr; }
    /*! Called by QORM_COLUMN setters before property \a propertyIndex changes from \a oldValue. */
    void qormWillChange(int propertyIndex, const QVariant &oldValue);
    /*! Called by QORM_COLUMN setters after property \a propertyIndex stored its new value (the change stream). */
    void qormDidChange(int propertyIndex);

private:
    friend class detail::SessionPrivate;
    friend class Session;
    friend struct detail::Relations;
    detail::EntityState *m_state = nullptr; //!< The session's record while tracked.
    detail::RelationStore *m_relations = nullptr; //!< Relation targets and collections; created on first use.
    bool m_detached = false;
};

} // namespace qorm
