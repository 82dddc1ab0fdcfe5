// SPDX-License-Identifier: MIT
#include <qorm/query.h>
#include <qorm/session.h>

namespace qorm {

QueryBase::QueryBase(Session *session, const QMetaObject *metaObject) : m_session(session), m_metaObject(metaObject) { }

Session *QueryBase::session() const
{
    return m_session.data();
}

static Error noSession(const QMetaObject *metaObject)
{
    return Error(Error::Kind::InvalidState,
                 metaObject ? QStringLiteral("query over %1 has no session (default-constructed, or its Session was deleted)")
                                      .arg(QString::fromLatin1(metaObject->className()))
                            : QStringLiteral("default-constructed query: obtain queries from Session::query<T>()"));
}

QueryBase QueryBase::where(const Expr &condition) const
{
    QueryBase q(*this);
    q.m_where = q.m_where && condition;
    return q;
}

QueryBase QueryBase::orderBy(const QString &property, Qt::SortOrder order) const
{
    QueryBase q(*this);
    OrderTerm term;
    term.property = property;
    term.order = order;
    q.m_order.append(term);
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
        return noSession(m_metaObject);
    return m_session->execute(*this);
}

Result<qint64> QueryBase::count() const
{
    if (!m_session)
        return noSession(m_metaObject);
    return m_session->executeCount(*this);
}

Result<bool> QueryBase::exists() const
{
    if (!m_session)
        return noSession(m_metaObject);
    return m_session->executeExists(*this);
}

Result<SqlStatement> QueryBase::toSql() const
{
    if (!m_session)
        return noSession(m_metaObject);
    return m_session->compile(*this);
}

QueryBase QueryBase::orderBy(const OrderTerm &term) const
{
    QueryBase q = *this;
    q.m_order.append(term);
    return q;
}

QueryBase QueryBase::autoflush(bool on) const
{
    QueryBase q = *this;
    q.m_autoflush = on;
    return q;
}

QueryBase QueryBase::select(const QList<Expr> &values) const
{
    QueryBase q = *this;
    q.m_select = values;
    return q;
}

QueryBase QueryBase::groupBy(const QList<Expr> &values) const
{
    QueryBase q = *this;
    q.m_groupBy += values;
    return q;
}

QueryBase QueryBase::having(const Expr &condition) const
{
    QueryBase q = *this;
    q.m_having = q.m_having && condition;
    return q;
}

Result<QList<QVariantList>> QueryBase::rows(const QList<QMetaType> &types) const
{
    if (!m_session)
        return noSession(m_metaObject);
    return m_session->executeRows(*this, types);
}

Result<qint64> QueryBase::updateAll(const QList<std::pair<QString, Expr>> &assignments) const
{
    if (!m_session)
        return noSession(m_metaObject);
    return m_session->executeBulk(*this, assignments, false);
}

Result<qint64> QueryBase::deleteAll() const
{
    if (!m_session)
        return noSession(m_metaObject);
    return m_session->executeBulk(*this, {}, true);
}

QueryBase QueryBase::distinct(bool on) const
{
    QueryBase q = *this;
    q.m_distinct = on;
    return q;
}

} // namespace qorm
