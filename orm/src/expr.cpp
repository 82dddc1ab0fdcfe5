// SPDX-License-Identifier: MIT
#include <qorm/alias.h>
#include <qorm/expr.h>

#include <atomic>

namespace qorm {

using detail::ExprNode;

namespace {
std::shared_ptr<const ExprNode> makeNode(ExprNode::Op op, std::shared_ptr<const ExprNode> l = {},
                                         std::shared_ptr<const ExprNode> r = {})
{
    auto n = std::make_shared<ExprNode>();
    n->op = op;
    n->left = std::move(l);
    n->right = std::move(r);
    return n;
}
} // namespace

Expr Expr::column(const QString &property)
{
    auto n = std::make_shared<ExprNode>();
    n->op = ExprNode::Op::Column;
    n->property = property;
    return Expr(n);
}

Expr Expr::value(const QVariant &value)
{
    auto n = std::make_shared<ExprNode>();
    n->op = ExprNode::Op::Value;
    n->value = value;
    return Expr(n);
}

Expr Expr::like(const QString &pattern) const
{
    return Expr(makeNode(ExprNode::Op::Like, m_node, Expr::value(pattern).m_node));
}

Expr Expr::like(const QString &pattern, Qt::CaseSensitivity cs) const
{
    auto n = std::make_shared<ExprNode>(*makeNode(ExprNode::Op::Like, m_node, Expr::value(pattern).m_node));
    n->caseInsensitive = cs == Qt::CaseInsensitive;
    return Expr(n);
}

Expr Expr::matches(Match kind, const QString &text, Qt::CaseSensitivity cs) const
{
    auto n = std::make_shared<ExprNode>();
    n->op = ExprNode::Op::Match;
    n->left = m_node;
    n->value = text.isNull() ? QString(u""_qs) : text; // an empty text matches every non-NULL value
    n->match = int(kind);
    n->caseInsensitive = cs == Qt::CaseInsensitive;
    return Expr(n);
}

Expr Expr::between(const Expr &low, const Expr &high) const
{
    auto n = std::make_shared<ExprNode>();
    n->op = ExprNode::Op::Between;
    n->left = m_node;
    n->right = low.m_node;
    n->third = high.m_node;
    return Expr(n);
}

namespace detail {

Expr function(const char *name, const QList<Expr> &args, bool distinct)
{
    auto n = std::make_shared<ExprNode>();
    n->op = ExprNode::Op::Function;
    n->property = QString::fromLatin1(name);
    n->distinct = distinct;
    for (const Expr &a : args)
        n->args.append(a.nodePointer());
    return Expr::fromNode(n);
}

Expr outerColumn(const QString &property)
{
    auto n = std::make_shared<ExprNode>();
    n->op = ExprNode::Op::Column;
    n->property = property;
    n->outer = true;
    return Expr::fromNode(n);
}

QString nextAliasName()
{
    static std::atomic<quint64> counter{ 0 };
    return u'_' + QString::number(++counter);
}

Expr arithmetic(char op, const Expr &a, const Expr &b)
{
    const ExprNode::Op kind = op == '+' ? ExprNode::Op::Add : op == '-' ? ExprNode::Op::Sub : op == '*' ? ExprNode::Op::Mul : ExprNode::Op::Div;
    return Expr::fromNode(makeNode(kind, a.nodePointer(), b.nodePointer()));
}

} // namespace detail

Expr Expr::in(const QVariantList &values) const
{
    auto n = std::make_shared<ExprNode>();
    n->op = ExprNode::Op::In;
    n->left = m_node;
    n->values = values;
    return Expr(n);
}

Expr Expr::isNull() const
{
    return Expr(makeNode(ExprNode::Op::IsNull, m_node));
}

Expr Expr::isNotNull() const
{
    return Expr(makeNode(ExprNode::Op::IsNotNull, m_node));
}

static bool isNullValue(const Expr &e)
{
    return e.node() && e.node()->op == ExprNode::Op::Value && e.node()->value.isNull();
}

Expr operator==(const Expr &a, const Expr &b)
{
    if (isNullValue(b))
        return a.isNull();
    return Expr(makeNode(ExprNode::Op::Eq, a.m_node, b.m_node));
}

Expr operator!=(const Expr &a, const Expr &b)
{
    if (isNullValue(b))
        return a.isNotNull();
    return Expr(makeNode(ExprNode::Op::Ne, a.m_node, b.m_node));
}

Expr operator<(const Expr &a, const Expr &b) { return Expr(makeNode(ExprNode::Op::Lt, a.m_node, b.m_node)); }
Expr operator<=(const Expr &a, const Expr &b) { return Expr(makeNode(ExprNode::Op::Le, a.m_node, b.m_node)); }
Expr operator>(const Expr &a, const Expr &b) { return Expr(makeNode(ExprNode::Op::Gt, a.m_node, b.m_node)); }
Expr operator>=(const Expr &a, const Expr &b) { return Expr(makeNode(ExprNode::Op::Ge, a.m_node, b.m_node)); }

Expr operator&&(const Expr &a, const Expr &b)
{
    if (a.isEmpty())
        return b;
    if (b.isEmpty())
        return a;
    return Expr(makeNode(ExprNode::Op::And, a.m_node, b.m_node));
}

Expr operator||(const Expr &a, const Expr &b)
{
    if (a.isEmpty())
        return b;
    if (b.isEmpty())
        return a;
    return Expr(makeNode(ExprNode::Op::Or, a.m_node, b.m_node));
}

Expr operator!(const Expr &a)
{
    return a.isEmpty() ? a : Expr(makeNode(ExprNode::Op::Not, a.m_node));
}

} // namespace qorm
