// SPDX-License-Identifier: MIT
#include <qorm/query.h>
#include <qorm/entitymeta.h>
#include <qorm/session.h>

namespace qorm {

QueryBase::QueryBase(Session *session, const QMetaObject *metaObject) : m_session(session), m_metaObject(metaObject) { }
QueryBase::QueryBase() = default;
QueryBase::QueryBase(const QueryBase &other) = default;
QueryBase::QueryBase(QueryBase &&other) noexcept = default;
QueryBase &QueryBase::operator=(const QueryBase &other) = default;
QueryBase &QueryBase::operator=(QueryBase &&other) noexcept = default;
QueryBase::~QueryBase() = default;

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

QueryBase QueryBase::after(const Entity &row) const
{
    QueryBase q = *this;
    auto fail = [&](const QString &why) {
        q.m_builderError = Error(Error::Kind::InvalidState, QStringLiteral("after(): %1").arg(why));
        return q;
    };
    auto meta = m_metaObject ? EntityMeta::of(*m_metaObject) : Result<const EntityMeta *>(Error(Error::Kind::InvalidState, u"no class"_qs));
    if (!meta)
        return fail(meta.error().message());
    if (row.metaObject() != m_metaObject && !row.metaObject()->inherits(m_metaObject))
        return fail(QStringLiteral("the row is not a %1").arg(meta.value()->className()));
    QList<int> keys; // the ORDER BY columns, then the primary key columns not among them
    QList<Qt::SortOrder> directions;
    for (const OrderTerm &t : m_order) {
        const int c = t.expression.isEmpty() && !t.property.contains(u'.') ? meta.value()->columnIndex(t.property) : -1;
        if (c < 0 || t.nulls != OrderTerm::Nulls::Default)
            return fail(QStringLiteral("keyset paging orders by the entity's own columns only ('%1')").arg(t.property));
        keys.append(c);
        directions.append(t.order);
    }
    for (int c : meta.value()->primaryKey())
        if (!keys.contains(c)) {
            keys.append(c);
            directions.append(Qt::AscendingOrder);
            q.m_order.append(OrderTerm{ meta.value()->columns()[c].property, Expr(), Qt::AscendingOrder, OrderTerm::Nulls::Default });
        }
    QList<QVariant> values;
    for (int c : std::as_const(keys)) {
        const ColumnMeta &column = meta.value()->columns()[c];
        const QVariant v = column.type->toValue(*column.type, column.metaProperty.read(&row));
        if (v.isNull())
            return fail(QStringLiteral("%1.%2 is NULL in the row; keyset paging needs values").arg(meta.value()->className(), column.property));
        values.append(v);
    }
    Expr condition;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        Expr step;
        for (qsizetype j = 0; j < i; ++j)
            step = step && (Expr::column(meta.value()->columns()[keys[j]].property) == Expr::value(values[j]));
        const Expr column = Expr::column(meta.value()->columns()[keys[i]].property);
        step = step && (directions[i] == Qt::AscendingOrder ? column > Expr::value(values[i]) : column < Expr::value(values[i]));
        condition = condition || step;
    }
    q.m_where = q.m_where && condition;
    return q;
}

QueryBase QueryBase::compound(const QueryBase &other, bool all) const
{
    QueryBase q = *this;
    q.m_compounds.append({ std::make_shared<const QueryBase>(other), all });
    return q;
}

QueryBase QueryBase::compoundMember() const
{
    QueryBase q = *this;
    q.m_compounds.clear();
    q.m_order.clear();
    q.m_limit = -1;
    q.m_offset = 0;
    return q;
}

Expr QueryBase::subqueryExpr(SubqueryKind kind, const Expr &lhs) const
{
    auto n = std::make_shared<detail::ExprNode>();
    n->op = kind == SubqueryKind::In ? detail::ExprNode::Op::InQuery
            : kind == SubqueryKind::Exists ? detail::ExprNode::Op::Exists
                                            : detail::ExprNode::Op::Scalar;
    n->left = lhs.nodePointer();
    n->subquery = std::make_shared<const QueryBase>(*this);
    return Expr::fromNode(n);
}

QueryBase QueryBase::join(const QString &relationPath, JoinKind kind) const
{
    QueryBase q = *this;
    q.m_joins.append(Join{ relationPath, nullptr, Expr(), kind });
    return q;
}

QueryBase QueryBase::join(const QString &name, const QMetaObject *entity, const Expr &on, JoinKind kind) const
{
    QueryBase q = *this;
    if (!entity && !q.m_builderError.isValid())
        q.m_builderError = Error(Error::Kind::InvalidState, QStringLiteral("join('%1'): no entity class to join").arg(name));
    q.m_joins.append(Join{ name, entity, on, kind });
    return q;
}

QueryBase QueryBase::load(const QString &relationPath, LoadStrategy strategy) const
{
    QueryBase q = *this;
    q.m_loads.append({ relationPath, strategy });
    return q;
}

QueryBase QueryBase::distinct(bool on) const
{
    QueryBase q = *this;
    q.m_distinct = on;
    return q;
}

} // namespace qorm
