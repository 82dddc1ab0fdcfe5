// SPDX-License-Identifier: MIT
#include <qorm/query.h>
#include <qorm/session.h>

namespace qorm {

QueryBase::QueryBase(Session *session, const QMetaObject *metaObject) : m_session(session), m_metaObject(metaObject) { }

QueryBase QueryBase::where(const Expr &condition) const
{
    QueryBase q(*this);
    q.m_where = q.m_where && condition;
    return q;
}

QueryBase QueryBase::orderBy(const QString &property, Qt::SortOrder order) const
{
    QueryBase q(*this);
    q.m_order.append({ property, order });
    return q;
}

QueryBase QueryBase::unordered() const
{
    QueryBase q(*this);
    q.m_order.clear();
    return q;
}

QueryBase QueryBase::limit(qint64 count) const
{
    QueryBase q(*this);
    q.m_limit = count;
    return q;
}

QueryBase QueryBase::offset(qint64 count) const
{
    QueryBase q(*this);
    q.m_offset = qMax<qint64>(0, count);
    return q;
}

Result<QList<std::shared_ptr<Entity>>> QueryBase::allEntities() const
{
    if (!m_session)
        return Error(Error::Kind::InvalidState, QStringLiteral("query has no session"));
    return m_session->execute(*this);
}

Result<qint64> QueryBase::count() const
{
    if (!m_session)
        return Error(Error::Kind::InvalidState, QStringLiteral("query has no session"));
    return m_session->executeCount(*this);
}

} // namespace qorm
