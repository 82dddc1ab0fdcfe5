// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/orderterm.h>

namespace qorm {

/*!
 * \brief A typed ORDER BY key of entity class E: `Track::name_.asc()`, `Track::composer_.desc().nullsLast()`.
 *
 * Query<E>::orderBy() accepts it; a key of another class does not compile. A value type around
 * an OrderTerm.
 */
template<typename E>
class Order
{
public:
    /*! Orders by \a expression (a column or a value expression) in \a order. */
    Order(const Expr &expression, Qt::SortOrder order)
    {
        const detail::ExprNode *n = expression.node();
        if (n && n->op == detail::ExprNode::Op::Column)
            m_term.property = n->property;
        else
            m_term.expression = expression;
        m_term.order = order;
    }
    /*! The same key with NULLs first (`NULLS FIRST`; emulated on MariaDB). */
    Order nullsFirst() const { return withNulls(OrderTerm::Nulls::First); }
    /*! The same key with NULLs last (`NULLS LAST`; emulated on MariaDB). */
    Order nullsLast() const { return withNulls(OrderTerm::Nulls::Last); }
    /*! The untyped term. */
    const OrderTerm &term() const { return m_term; }

private:
    Order withNulls(OrderTerm::Nulls nulls) const
    {
        Order o = *this;
        o.m_term.nulls = nulls;
        return o;
    }
    OrderTerm m_term;
};

} // namespace qorm
