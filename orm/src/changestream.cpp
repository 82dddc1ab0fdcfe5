// SPDX-License-Identifier: MIT
#include "changestream_p.h"

#include "entitystate_p.h"
#include "mapper_p.h"

#include <qorm/session.h>

#include <QMetaObject>
#include <QPointer>

#include <algorithm>

namespace qorm::detail {

void ChangeStream::record(EntityState *state, int column)
{
    if (!m_listening || !state->entity)
        return;
    if (m_recheck) {
        m_recheck = false;
        m_listening = m_hasListeners();
        if (!m_listening) {
            m_pending.clear();
            m_index.clear();
            return;
        }
    }
    const auto it = m_index.constFind(state->entity);
    if (it != m_index.cend()) {
        QList<int> &changed = m_pending[it.value()].changed;
        if (!changed.contains(column))
            changed.append(column);
    } else {
        m_index.insert(state->entity, m_pending.size());
        m_pending.append(Pending{ state->weak, &state->mapper->meta->columns(), { column } });
    }
    if (!m_scheduled) {
        m_scheduled = true;
        QMetaObject::invokeMethod(
                m_session, [session = QPointer<Session>(m_session), this] {
                    if (session)
                        deliver();
                },
                Qt::QueuedConnection);
    }
}

void ChangeStream::deliver()
{
    m_scheduled = false;
    const QList<Pending> batch = std::move(m_pending); // listeners may change entities again
    m_pending.clear();
    m_index.clear();
    for (const Pending &p : batch) {
        const std::shared_ptr<Entity> entity = p.entity.lock();
        if (!entity || entity->session() != m_session)
            continue;
        QList<int> changed = p.changed;
        std::sort(changed.begin(), changed.end()); // declaration order, whatever the order of the edits
        QStringList properties;
        for (int c : std::as_const(changed))
            properties.append(p.columns->at(c).property);
        Q_EMIT m_session->entityChanged(entity.get(), properties);
    }
}

} // namespace qorm::detail
