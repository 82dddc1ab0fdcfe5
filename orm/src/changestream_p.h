// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include <QHash>
#include <QList>

#include <functional>
#include <memory>

namespace qorm {
class Entity;
class Session;
struct ColumnMeta;
}

namespace qorm::detail {

class EntityState;

/*!
 * The session's change stream: records which tracked columns of which entities changed
 * (after the values were stored) and delivers one Session::entityChanged() per entity and batch.
 * Delivery is queued to the session's event loop once per batch, or forced by deliver() at flush,
 * commit and rollback. Records nothing while nobody listens (setListening(false)), so the setter
 * path costs one branch then. Entities are held weakly: one destroyed before delivery is skipped.
 */
class ChangeStream
{
public:
    /*! For \a session; \a hasListeners says whether Session::entityChanged() has a receiver. */
    ChangeStream(Session *session, std::function<bool()> hasListeners)
        : m_session(session), m_hasListeners(std::move(hasListeners))
    {
    }

    bool isListening() const { return m_listening; }
    /*! A receiver connected to Session::entityChanged(). */
    void listenerConnected() { m_listening = true; }
    /*!
     * A receiver disconnected (or everything was): whether anyone still listens is checked at
     * the next record(). Session::disconnectNotify() may run with Qt's connection lock held, so
     * it must not ask QObject::isSignalConnected() itself.
     */
    void listenerDisconnected() { m_recheck = true; }
    /*! Column \a column of \a state's entity was stored. */
    void record(EntityState *state, int column);
    /*! Emits everything recorded so far (in recording order) and forgets it. */
    void deliver();

private:
    struct Pending
    {
        std::weak_ptr<Entity> entity;
        const QList<ColumnMeta> *columns; // the class's mapping (lives for the process)
        QList<int> changed;
    };
    Session *m_session;
    std::function<bool()> m_hasListeners;
    QList<Pending> m_pending;
    QHash<const Entity *, qsizetype> m_index; // entity -> position in m_pending
    bool m_listening = false;
    bool m_recheck = false;
    bool m_scheduled = false;
};

} // namespace qorm::detail
