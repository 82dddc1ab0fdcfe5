// SPDX-License-Identifier: MIT
#include <qorm/session.h>
#include <qorm/stream.h>

namespace qorm {

EntityStream::EntityStream(const QueryBase &query) : m_query(query) { }

EntityStream::~EntityStream()
{
    close();
}

EntityStream::EntityStream(EntityStream &&other) noexcept
    : m_query(std::move(other.m_query)), m_cursor(std::exchange(other.m_cursor, 0)), m_done(other.m_done), m_error(std::move(other.m_error))
{
}

EntityStream &EntityStream::operator=(EntityStream &&other) noexcept
{
    if (this != &other) {
        close();
        m_query = std::move(other.m_query);
        m_cursor = std::exchange(other.m_cursor, 0);
        m_done = other.m_done;
        m_error = std::move(other.m_error);
    }
    return *this;
}

void EntityStream::close()
{
    if (m_cursor && m_query.session())
        m_query.session()->closeStream(m_cursor);
    m_cursor = 0;
}

std::shared_ptr<Entity> EntityStream::next()
{
    if (m_done)
        return {};
    Session *session = m_query.session();
    if (!session) {
        m_done = true;
        m_cursor = 0;
        m_error = Error(Error::Kind::InvalidState, QStringLiteral("stream(): the query's session was deleted"));
        return {};
    }
    if (!m_cursor) {
        auto opened = session->openStream(m_query);
        if (!opened) {
            m_done = true;
            m_error = opened.error();
            return {};
        }
        m_cursor = opened.value();
    }
    auto entity = session->streamNext(m_query, m_cursor);
    if (!entity || !entity.value()) {
        if (!entity)
            m_error = entity.error();
        m_done = true;
        close();
        return {};
    }
    return entity.value();
}

} // namespace qorm
