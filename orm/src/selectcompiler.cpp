// SPDX-License-Identifier: MIT
#include "selectcompiler_p.h"

#include <qorm/decimal.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace qorm::detail {

SelectCompiler::SelectCompiler(const Grammar &grammar, const Mapper &root, MapperSource mappers)
    : m_grammar(grammar), m_root(root), m_mappers(std::move(mappers))
{
    m_aliases.append(Alias{ QString(), &root, QString(), QueryBase::JoinKind::Inner, {}, nullptr });
}

SelectCompiler::SelectCompiler(const Grammar &grammar, const Mapper &root, MapperSource mappers, const SelectCompiler *outer)
    : SelectCompiler(grammar, root, std::move(mappers))
{
    m_outer = outer;
    m_depth = outer ? outer->m_depth + 1 : 0;
    m_qualify = outer != nullptr;
}

QString SelectCompiler::aliasName(int index) const
{
    return m_root.dialect->quoteIdentifier(m_depth == 0 ? QStringLiteral("t%1").arg(index) : QStringLiteral("s%1_%2").arg(m_depth).arg(index));
}

Result<SqlStatement> SelectCompiler::subselect(const QueryBase &query, bool needsOneValue)
{
    if (needsOneValue && query.selection().size() != 1)
        return Error(Error::Kind::InvalidState, QStringLiteral("%1: a subquery compared with a value must select exactly one value")
                                                        .arg(m_root.meta->className()));
    if (!query.selection().isEmpty()) {
        QList<const ColumnMeta *> columns;
        return project(query, &columns);
    }
    if (Error e = collectPaths(query); e.isValid())
        return e;
    SelectParts parts;
    parts.columns = QStringLiteral("1");
    if (Error e = compileFrom(parts.from); e.isValid())
        return e;
    if (Error e = compileWhere(query, parts); e.isValid())
        return e;
    return SqlStatement{ m_grammar.compileSelect(parts), m_values };
}

int SelectCompiler::join(const QString &path, int parent, const RelationMeta &relation, const Mapper &target)
{
    for (qsizetype i = 0; i < m_aliases.size(); ++i)
        if (m_aliases[i].path == path)
            return int(i);
    using Kind = QueryBase::JoinKind;
    using RKind = RelationMeta::Kind;
    const Alias &from = m_aliases[parent];
    // A nullable foreign key may have no related row; after a LEFT OUTER JOIN neither may the
    // next hop (an INNER JOIN there would drop the rows the outer join kept). join() overrides.
    const bool nullable = relation.kind == RKind::ManyToOne && from.mapper->meta->columns()[relation.foreignKeyColumn].nullable();
    Kind kind = nullable || from.kind == Kind::LeftOuter ? Kind::LeftOuter : Kind::Inner;
    if (auto asked = m_pathKinds.constFind(path); asked != m_pathKinds.cend())
        kind = asked->kind;
    const QString joinWord = kind == Kind::LeftOuter ? QStringLiteral(" LEFT OUTER JOIN ") : QStringLiteral(" INNER JOIN ");
    const QString parentAlias = aliasName(parent);
    const QString parentKey = parentAlias + u'.' + from.mapper->columns[from.mapper->meta->primaryKey().value(0)];
    const QString targetKey = target.columns[target.meta->primaryKey().first()];
    int depends = parent;
    QString on;
    if (relation.kind == RKind::ManyToOne) {
        on = targetKey + QStringLiteral(" = ") + parentAlias + u'.' + from.mapper->columns[relation.foreignKeyColumn];
    } else if (relation.kind == RKind::OneToMany || relation.kind == RKind::OneToOne) {
        const RelationMeta &back = target.meta->relations()[relation.inverseIndex];
        on = target.columns[back.foreignKeyColumn] + QStringLiteral(" = ") + parentKey;
    } else {
        // Many-to-many: the association table first, then the target.
        auto through = m_mappers(*relation.through);
        const Mapper &a = *through.value(); // mapped when the relation was linked
        const int link = int(m_aliases.size());
        const QString linkAlias = aliasName(link);
        const int sourceFk = a.meta->relation(relation.throughSource)->foreignKeyColumn;
        m_aliases.append(Alias{ path + QStringLiteral("#link"), &a,
                                joinWord + a.table + QStringLiteral(" AS ") + linkAlias + QStringLiteral(" ON ") + linkAlias + u'.'
                                        + a.columns[sourceFk] + QStringLiteral(" = ") + parentKey,
                                kind, { parent }, nullptr });
        depends = link;
        on = targetKey + QStringLiteral(" = ") + linkAlias + u'.' + a.columns[a.meta->relation(relation.throughTarget)->foreignKeyColumn];
    }
    const int index = int(m_aliases.size());
    const QString alias = aliasName(index);
    on.prepend(alias + u'.');
    m_aliases.append(Alias{ path, &target, joinWord + target.table + QStringLiteral(" AS ") + alias + QStringLiteral(" ON ") + on, kind, { depends }, nullptr });
    return index;
}

Error SelectCompiler::reach(const QString &path, bool endsInColumn, int *alias, const Mapper **mapper, QString *column)
{
    QStringList parts = path.split(u'.');
    *alias = 0;
    *mapper = &m_root;
    QString prefix;
    if (parts.first().startsWith(u'@')) { // from an explicit join: "@line.invoice.total"
        prefix = parts.takeFirst();
        *alias = -1;
        for (qsizetype i = 1; i < m_aliases.size() && *alias < 0; ++i)
            if (m_aliases[i].join && m_aliases[i].path == prefix)
                *alias = int(i);
        if (*alias < 0 || parts.isEmpty())
            return Error(Error::Kind::UnknownColumn, QStringLiteral("%1: the query has no join named '%2' (in '%3'); join it first")
                                                             .arg(m_root.meta->className(), prefix.mid(1), path));
        *mapper = m_aliases[*alias].mapper;
    }
    if (endsInColumn)
        *column = parts.takeLast();
    for (const QString &name : std::as_const(parts)) {
        const RelationMeta *relation = (*mapper)->meta->relation(name);
        if (!relation) {
            Error e(Error::Kind::UnknownColumn, QStringLiteral("%1.%2: no such relation (in the path '%3')")
                                                        .arg((*mapper)->meta->className(), name, path));
            e.setSubject((*mapper)->meta->className(), name);
            return e;
        }
        auto target = m_mappers(*relation->target);
        if (!target)
            return target.error();
        if (target.value()->meta->primaryKey().size() != 1)
            return Error(Error::Kind::Mapping, QStringLiteral("%1: relation targets need a single-column key (in the path '%2')")
                                                       .arg(target.value()->meta->className(), path));
        if (relation->kind == RelationMeta::Kind::ManyToMany)
            if (auto through = m_mappers(*relation->through); !through)
                return through.error();
        prefix = prefix.isEmpty() ? name : prefix + u'.' + name;
        *alias = join(prefix, *alias, *relation, *target.value());
        *mapper = target.value();
    }
    return {};
}

Result<SelectCompiler::ColumnRef> SelectCompiler::resolve(const QString &path)
{
    int alias = 0;
    const Mapper *mapper = nullptr;
    QString property;
    if (Error e = reach(path, true, &alias, &mapper, &property); e.isValid())
        return e;
    const int column = mapper->meta->columnIndex(property);
    if (column < 0)
        return mapper->meta->unknownPropertyError(property);
    if (m_dependencies && !m_dependencies->contains(alias))
        m_dependencies->append(alias);
    return ColumnRef{ mapper, column, alias };
}

Error SelectCompiler::collectJoins(const QueryBase &query)
{
    if (m_joinsCollected)
        return {};
    m_joinsCollected = true;
    if (query.joins().isEmpty())
        return {};
    const QString className = m_root.meta->className();
    // The kinds asked for relation paths: a path's own kind wins over one implied by a longer path.
    for (const QueryBase::Join &j : query.joins()) {
        if (j.entity)
            continue;
        const QStringList parts = j.name.split(u'.');
        QString prefix = parts.first().startsWith(u'@') ? parts.first() : QString();
        for (qsizetype i = prefix.isEmpty() ? 0 : 1; i < parts.size(); ++i) {
            prefix = prefix.isEmpty() ? parts[i] : prefix + u'.' + parts[i];
            const bool exact = i + 1 == parts.size();
            PathKind &k = m_pathKinds[prefix];
            if (exact || !k.exact)
                k = PathKind{ j.kind, exact };
        }
    }
    // Explicit joins, all registered before any ON is read (an ON may name a later join).
    QList<int> explicitJoins;
    for (const QueryBase::Join &j : query.joins()) {
        if (!j.entity)
            continue;
        if (j.name.isEmpty() || j.name.contains(u'.') || j.name.contains(u'@'))
            return Error(Error::Kind::InvalidState, QStringLiteral("%1: '%2' cannot name a join (empty, or with '.' or '@'; "
                                                                   "a qorm::Alias reached through a relation cannot be joined)")
                                                            .arg(className, j.name));
        const QString path = u'@' + j.name;
        for (qsizetype i = 1; i < m_aliases.size(); ++i)
            if (m_aliases[i].path == path)
                return Error(Error::Kind::InvalidState, QStringLiteral("%1: two joins are named '%2'").arg(className, j.name));
        if (j.on.isEmpty())
            return Error(Error::Kind::InvalidState, QStringLiteral("%1: the join '%2' has no ON condition").arg(className, j.name));
        auto mapper = m_mappers(*j.entity);
        if (!mapper)
            return mapper.error();
        explicitJoins.append(int(m_aliases.size()));
        m_aliases.append(Alias{ path, mapper.value(), QString(), j.kind, {}, &j });
    }
    for (int index : std::as_const(explicitJoins)) {
        QList<int> dependencies;
        m_dependencies = &dependencies;
        const Error e = collectPaths(m_aliases[index].join->on.node());
        m_dependencies = nullptr;
        if (e.isValid())
            return e;
        dependencies.removeAll(index);
        dependencies.removeAll(0);
        m_aliases[index].dependencies = dependencies;
    }
    // Relation path joins: made even when nothing uses their columns.
    for (const QueryBase::Join &j : query.joins()) {
        if (j.entity)
            continue;
        int alias = 0;
        const Mapper *mapper = nullptr;
        if (Error e = reach(j.name, false, &alias, &mapper, nullptr); e.isValid())
            return e;
    }
    return {};
}

QString SelectCompiler::columnSql(const ColumnRef &ref) const
{
    if (!qualified())
        return ref.mapper->columns[ref.column]; // no join: unqualified, as a reader writes it
    return aliasName(ref.alias) + u'.' + ref.mapper->columns[ref.column];
}

Error SelectCompiler::compileFrom(QString &sql)
{
    if (!qualified()) {
        sql = m_root.table;
        return {};
    }
    sql = m_root.table + QStringLiteral(" AS ") + aliasName(0);
    // Each join after the aliases its ON uses: a path hop after its parent, an explicit join
    // after whatever its condition names (it may name a join added later).
    const qsizetype count = m_aliases.size();
    QList<bool> emitted(count, false);
    emitted[0] = true;
    for (qsizetype remaining = count - 1; remaining > 0;) {
        bool progress = false;
        for (qsizetype i = 1; i < count; ++i) {
            const Alias &a = m_aliases[i];
            if (emitted[i] || !std::all_of(a.dependencies.cbegin(), a.dependencies.cend(), [&](int d) { return emitted[d]; }))
                continue;
            if (a.join) {
                QString on;
                if (Error e = compileExpr(a.join->on.node(), on); e.isValid())
                    return e;
                sql += (a.kind == QueryBase::JoinKind::LeftOuter ? QStringLiteral(" LEFT OUTER JOIN ") : QStringLiteral(" INNER JOIN "))
                        + a.mapper->table + QStringLiteral(" AS ") + aliasName(int(i)) + QStringLiteral(" ON ") + on;
            } else {
                sql += a.joinSql;
            }
            emitted[i] = true;
            --remaining;
            progress = true;
        }
        if (!progress)
            return Error(Error::Kind::InvalidState, QStringLiteral("%1: the ON conditions of the joins refer to each other in a cycle")
                                                            .arg(m_root.meta->className()));
    }
    Q_ASSERT(m_aliases.size() == count); // every path was registered before the FROM clause
    return {};
}

Error SelectCompiler::collectPaths(const ExprNode *node)
{
    if (!node)
        return {};
    if (node->op == ExprNode::Op::InQuery || node->op == ExprNode::Op::Exists || node->op == ExprNode::Op::Scalar)
        m_qualify = true; // a subquery may refer to this statement's columns: qualify them
    if (node->op == ExprNode::Op::Column && !node->outer && node->property.contains(u'.'))
        if (auto ref = resolve(node->property); !ref)
            return ref.error();
    if (Error e = collectPaths(node->left.get()); e.isValid())
        return e;
    if (Error e = collectPaths(node->third.get()); e.isValid())
        return e;
    for (const auto &a : node->args)
        if (Error e = collectPaths(a.get()); e.isValid())
            return e;
    return collectPaths(node->right.get());
}

Error SelectCompiler::collectPaths(const QueryBase &query)
{
    if (query.builderError().isValid())
        return query.builderError();
    if (Error e = collectJoins(query); e.isValid())
        return e;
    if (Error e = collectPaths(query.condition().node()); e.isValid())
        return e;
    for (const OrderTerm &t : query.ordering()) {
        if (Error e = collectPaths(t.expression.node()); e.isValid())
            return e;
        if (t.property.contains(u'.'))
            if (auto ref = resolve(t.property); !ref)
                return ref.error();
    }
    return {};
}

Error SelectCompiler::compileWhere(const QueryBase &query, SelectParts &parts)
{
    if (query.condition().isEmpty())
        return {};
    return compileExpr(query.condition().node(), parts.where);
}

Result<SqlStatement> SelectCompiler::select(const QueryBase &query, const QList<EagerJoin> &eager, QList<EagerColumns> *layout)
{
    if (Error e = collectPaths(query); e.isValid())
        return e;
    // Eager joins: aliases of their own ("~" paths), always LEFT OUTER, registered before the
    // columns are written so that the statement is qualified.
    QList<int> eagerAliases;
    QStringList eagerOrder;
    for (const EagerJoin &j : eager) {
        const int parentAlias = j.parent < 0 ? 0 : eagerAliases[j.parent];
        const Mapper &parent = j.parent < 0 ? m_root : *layout->at(j.parent).mapper;
        const int index = parent.meta->relationIndex(j.relation);
        if (index < 0)
            return Error(Error::Kind::UnknownColumn, QStringLiteral("%1.%2: no such relation (to load)").arg(parent.meta->className(), j.relation));
        const RelationMeta &r = parent.meta->relations()[index];
        auto target = m_mappers(*r.target);
        if (!target)
            return target.error();
        if (r.kind == RelationMeta::Kind::ManyToMany)
            if (auto through = m_mappers(*r.through); !through)
                return through.error();
        const QString key = u'~' + m_aliases[parentAlias].path + u'/' + j.relation;
        m_pathKinds.insert(key, PathKind{ QueryBase::JoinKind::LeftOuter, true });
        const int alias = join(key, parentAlias, r, *target.value());
        eagerAliases.append(alias);
        layout->append(EagerColumns{ j.parent, index, target.value(), 0 });
        if (r.isCollection()) {
            const Mapper &t = *target.value();
            if (r.orderBy.isEmpty())
                eagerOrder.append(columnSql(ColumnRef{ &t, t.meta->primaryKey().first(), alias }));
            for (const auto &[property, order] : r.orderBy)
                eagerOrder.append(columnSql(ColumnRef{ &t, t.meta->columnIndex(property), alias })
                                  + (order == Qt::AscendingOrder ? QStringLiteral(" ASC") : QStringLiteral(" DESC")));
        }
    }
    SelectParts parts;
    QStringList columns;
    for (qsizetype c = 0; c < m_root.columns.size(); ++c)
        columns.append(columnSql(ColumnRef{ &m_root, int(c), 0 }));
    int offset = int(m_root.columns.size());
    for (qsizetype i = 0; i < eager.size(); ++i) {
        EagerColumns &entry = (*layout)[i];
        entry.offset = offset;
        for (qsizetype c = 0; c < entry.mapper->columns.size(); ++c)
            columns.append(columnSql(ColumnRef{ entry.mapper, int(c), eagerAliases[i] }));
        offset += int(entry.mapper->columns.size());
    }
    parts.columns = columns.join(QStringLiteral(", "));
    if (Error e = compileFrom(parts.from); e.isValid())
        return e;
    if (Error e = compileWhere(query, parts); e.isValid())
        return e;
    if (Error e = compileOrder(query, parts); e.isValid())
        return e;
    if (!eagerOrder.isEmpty())
        parts.orderBy += (parts.orderBy.isEmpty() ? QString() : QStringLiteral(", ")) + eagerOrder.join(QStringLiteral(", "));
    parts.distinct = query.isDistinct();
    parts.hasLimit = query.limitCount() >= 0;
    parts.hasOffset = query.offsetCount() > 0;
    if (parts.hasLimit)
        m_values.append(query.limitCount());
    if (parts.hasOffset)
        m_values.append(query.offsetCount());
    return SqlStatement{ m_grammar.compileSelect(parts), m_values };
}

Error SelectCompiler::compileOrder(const QueryBase &query, SelectParts &parts)
{
    QStringList order;
    for (const OrderTerm &t : query.ordering()) {
        QString term;
        if (!t.expression.isEmpty()) {
            if (Error e = compileExpr(t.expression.node(), term); e.isValid())
                return e;
        } else {
            auto ref = resolve(t.property);
            if (!ref)
                return ref.error();
            term = columnSql(ref.value());
        }
        order.append(m_grammar.compileOrderTerm(term, t.order, t.nulls));
    }
    parts.orderBy = order.join(QStringLiteral(", "));
    return {};
}

namespace {

/*! Whether \a a and \a b are the same expression (a column by its path, a value by value, a call by name and arguments). */
bool sameExpr(const ExprNode *a, const ExprNode *b)
{
    if (a == b)
        return true;
    if (!a || !b || a->op != b->op || a->property != b->property || a->distinct != b->distinct || a->outer != b->outer
        || a->args.size() != b->args.size() || a->subquery || b->subquery)
        return false;
    if (a->op == ExprNode::Op::Value && a->value != b->value)
        return false;
    for (qsizetype i = 0; i < a->args.size(); ++i)
        if (!sameExpr(a->args[i].get(), b->args[i].get()))
            return false;
    return sameExpr(a->left.get(), b->left.get()) && sameExpr(a->right.get(), b->right.get()) && sameExpr(a->third.get(), b->third.get());
}

} // namespace

Result<SqlStatement> SelectCompiler::compound(const QueryBase &query, QList<const ColumnMeta *> *columns)
{
    auto first = project(query.compoundMember(), columns);
    if (!first)
        return first.error();
    SqlStatement st = first.value();
    for (const auto &[member, all] : query.compounds()) {
        if (!member->compounds().isEmpty() || !member->ordering().isEmpty() || member->limitCount() >= 0 || member->offsetCount() > 0)
            return Error(Error::Kind::InvalidState,
                         QStringLiteral("%1: a UNION member has its own ORDER BY, LIMIT or OFFSET; order and limit the union instead")
                                 .arg(m_root.meta->className()));
        if (member->selection().size() != query.selection().size())
            return Error(Error::Kind::InvalidState, QStringLiteral("%1: UNION members select %2 and %3 values")
                                                            .arg(m_root.meta->className())
                                                            .arg(query.selection().size())
                                                            .arg(member->selection().size()));
        auto mapper = m_mappers(*member->entityMetaObject());
        if (!mapper)
            return mapper.error();
        QList<const ColumnMeta *> ignored;
        auto next = SelectCompiler(m_grammar, *mapper.value(), m_mappers).project(*member, &ignored);
        if (!next)
            return next.error();
        st.sql += (all ? QStringLiteral(" UNION ALL ") : QStringLiteral(" UNION ")) + next.value().sql;
        st.values += next.value().values;
    }
    // ORDER BY the selected values, by position (what every backend accepts after a UNION).
    QStringList order;
    for (const OrderTerm &t : query.ordering()) {
        const Expr key = t.expression.isEmpty() ? Expr::column(t.property) : t.expression;
        qsizetype position = -1;
        for (qsizetype i = 0; i < query.selection().size() && position < 0; ++i) {
            if (sameExpr(query.selection()[i].node(), key.node()))
                position = i + 1;
        }
        if (position < 0 || t.nulls != OrderTerm::Nulls::Default)
            return Error(Error::Kind::InvalidState, QStringLiteral("%1: order a UNION by its selected values (without NULLS FIRST/LAST)")
                                                            .arg(m_root.meta->className()));
        order.append(QString::number(position) + (t.order == Qt::AscendingOrder ? QStringLiteral(" ASC") : QStringLiteral(" DESC")));
    }
    if (!order.isEmpty())
        st.sql += QStringLiteral(" ORDER BY ") + order.join(QStringLiteral(", "));
    const bool hasLimit = query.limitCount() >= 0;
    const bool hasOffset = query.offsetCount() > 0;
    st.sql += m_root.dialect->limitClause(hasLimit, hasOffset);
    if (hasLimit)
        st.values.append(query.limitCount());
    if (hasOffset)
        st.values.append(query.offsetCount());
    return st;
}

Result<SqlStatement> SelectCompiler::project(const QueryBase &query, QList<const ColumnMeta *> *columns)
{
    if (!query.compounds().isEmpty())
        return compound(query, columns);
    if (Error e = collectPaths(query); e.isValid())
        return e;
    for (const QList<Expr> *list : { &query.selection(), &query.grouping() })
        for (const Expr &v : *list)
            if (Error e = collectPaths(v.node()); e.isValid())
                return e;
    if (Error e = collectPaths(query.havingCondition().node()); e.isValid())
        return e;
    SelectParts parts;
    QStringList list;
    for (const Expr &v : query.selection()) {
        QString sql;
        if (Error e = compileExpr(v.node(), sql); e.isValid())
            return e;
        list.append(sql);
        const ColumnMeta *column = nullptr;
        if (v.node() && v.node()->op == ExprNode::Op::Column) {
            auto ref = resolve(v.node()->property);
            if (!ref)
                return ref.error();
            column = &ref.value().mapper->meta->columns()[ref.value().column];
        }
        columns->append(column);
    }
    parts.columns = list.join(QStringLiteral(", "));
    if (Error e = compileFrom(parts.from); e.isValid())
        return e;
    if (Error e = compileWhere(query, parts); e.isValid())
        return e;
    QStringList groups;
    for (const Expr &g : query.grouping()) {
        QString sql;
        if (Error e = compileExpr(g.node(), sql); e.isValid())
            return e;
        groups.append(sql);
    }
    parts.groupBy = groups.join(QStringLiteral(", "));
    if (!query.havingCondition().isEmpty())
        if (Error e = compileExpr(query.havingCondition().node(), parts.having); e.isValid())
            return e;
    if (Error e = compileOrder(query, parts); e.isValid())
        return e;
    parts.distinct = query.isDistinct();
    parts.hasLimit = query.limitCount() >= 0;
    parts.hasOffset = query.offsetCount() > 0;
    if (parts.hasLimit)
        m_values.append(query.limitCount());
    if (parts.hasOffset)
        m_values.append(query.offsetCount());
    return SqlStatement{ m_grammar.compileSelect(parts), m_values };
}

Result<SqlStatement> SelectCompiler::keys(const QueryBase &query)
{
    if (query.builderError().isValid())
        return query.builderError();
    if (Error e = collectJoins(query); e.isValid())
        return e;
    if (Error e = collectPaths(query.condition().node()); e.isValid())
        return e;
    SelectParts parts;
    QStringList list;
    for (int c : m_root.meta->primaryKey())
        list.append(columnSql(ColumnRef{ &m_root, c, 0 }));
    parts.columns = list.join(QStringLiteral(", "));
    if (Error e = compileFrom(parts.from); e.isValid())
        return e;
    if (Error e = compileWhere(query, parts); e.isValid())
        return e;
    return SqlStatement{ m_grammar.compileSelect(parts), m_values };
}

Result<SqlStatement> SelectCompiler::bulkWhere(const QueryBase &query)
{
    if (query.builderError().isValid())
        return query.builderError();
    if (Error e = collectJoins(query); e.isValid())
        return e;
    if (Error e = collectPaths(query.condition().node()); e.isValid())
        return e;
    if (!qualified()) { // no joins: the condition as it is, unqualified
        SelectParts parts;
        if (Error e = compileWhere(query, parts); e.isValid())
            return e;
        return SqlStatement{ parts.where, m_values };
    }
    if (m_root.meta->primaryKey().size() != 1)
        return Error(Error::Kind::InvalidState, QStringLiteral("%1: a bulk statement whose condition follows relations needs a single-column key")
                                                        .arg(m_root.meta->className()));
    auto keySelect = keys(query);
    if (!keySelect)
        return keySelect.error();
    const QString key = m_root.columns[m_root.meta->primaryKey().first()];
    return SqlStatement{ m_grammar.compileKeyIn(key, keySelect.value().sql), keySelect.value().values };
}

Result<SqlStatement> SelectCompiler::bulkSet(const QList<std::pair<QString, Expr>> &assignments)
{
    if (assignments.isEmpty())
        return Error(Error::Kind::InvalidState, QStringLiteral("%1: update() needs at least one assignment").arg(m_root.meta->className()));
    QStringList sets;
    for (const auto &[property, value] : assignments) {
        if (property.contains(u'.'))
            return Error(Error::Kind::InvalidState,
                         QStringLiteral("%1: update() sets the query's own columns, not '%2' through a relation").arg(m_root.meta->className(), property));
        const auto column = Expr::column(property);
        if (Error e = collectPaths(value.node()); e.isValid())
            return e;
        if (m_aliases.size() > 1)
            return Error(Error::Kind::InvalidState,
                         QStringLiteral("%1: update() values use the query's own columns, not relations").arg(m_root.meta->className()));
        auto ref = resolve(property);
        if (!ref)
            return ref.error();
        QString sql = columnSql(ref.value()) + QStringLiteral(" = ");
        if (Error e = compileOperand(value.node(), column.node(), sql); e.isValid())
            return e;
        sets.append(sql);
    }
    return SqlStatement{ sets.join(QStringLiteral(", ")), m_values };
}

Result<SqlStatement> SelectCompiler::exists(const QueryBase &query)
{
    if (query.builderError().isValid())
        return query.builderError();
    if (Error e = collectJoins(query); e.isValid())
        return e;
    if (Error e = collectPaths(query.condition().node()); e.isValid())
        return e;
    SelectParts parts;
    parts.columns = QStringLiteral("1");
    if (Error e = compileFrom(parts.from); e.isValid())
        return e;
    if (Error e = compileWhere(query, parts); e.isValid())
        return e;
    parts.hasLimit = true;
    m_values.append(qint64(1));
    return SqlStatement{ m_grammar.compileSelect(parts), m_values };
}

Result<SqlStatement> SelectCompiler::count(const QueryBase &query)
{
    if (query.builderError().isValid())
        return query.builderError();
    if (query.isDistinct() || !query.grouping().isEmpty() || !query.compounds().isEmpty()) {
        // Distinct rows, groups or a union: count the rows the whole SELECT returns.
        const QueryBase whole = query.unordered().limit(-1).offset(0);
        QList<const ColumnMeta *> columns;
        auto inner = whole.selection().isEmpty() ? select(whole) : project(whole, &columns);
        if (!inner)
            return inner.error();
        return SqlStatement{ QStringLiteral("SELECT COUNT(*) FROM (") + inner.value().sql + QStringLiteral(") AS ")
                                     + m_root.dialect->quoteIdentifier(QStringLiteral("qorm_count")),
                             inner.value().values };
    }
    if (Error e = collectJoins(query); e.isValid())
        return e;
    if (Error e = collectPaths(query.condition().node()); e.isValid())
        return e;
    SelectParts parts;
    parts.columns = QStringLiteral("COUNT(*)");
    if (Error e = compileFrom(parts.from); e.isValid())
        return e;
    if (Error e = compileWhere(query, parts); e.isValid())
        return e;
    return SqlStatement{ m_grammar.compileSelect(parts), m_values };
}

/*!
 * Appends the parameter for \a value compared with the column of \a ref. The value takes the
 * column's type when it converts exactly; a number that does not (1.5 or 2^32 + 1 against an
 * `int` column) is compared as the number it is, as SQL compares numbers (so `num > 1.5` finds
 * 2 and 3, and `num = 4294967297` finds nothing); anything else is a TypeMismatch.
 */
Error SelectCompiler::appendComparedValue(const ColumnRef &ref, const QVariant &value, QString &sql)
{
    const Mapper &mapper = *ref.mapper;
    auto v = mapper.bindValue(ref.column, value);
    if (v) {
        m_values.append(v.value());
        sql += u'?';
        return {};
    }
    const SqlType columnType = mapper.meta->columns()[ref.column].type->sqlType;
    const bool numericColumn = columnType == SqlType::Int32 || columnType == SqlType::Int64
            || columnType == SqlType::Double || columnType == SqlType::Decimal;
    const QMetaType t = value.metaType();
    const bool integral = t == QMetaType::fromType<int>() || t == QMetaType::fromType<qint64>()
            || t == QMetaType::fromType<uint>() || t == QMetaType::fromType<quint64>() || t == QMetaType::fromType<long>()
            || t == QMetaType::fromType<ulong>() || t == QMetaType::fromType<short>() || t == QMetaType::fromType<ushort>();
    const bool floating = t == QMetaType::fromType<double>() || t == QMetaType::fromType<float>();
    if (!numericColumn || !(integral || floating) || (floating && !std::isfinite(value.toDouble())))
        return v.error();
    if (integral && (t != QMetaType::fromType<quint64>() || value.toULongLong() <= quint64(std::numeric_limits<qint64>::max()))) {
        m_values.append(QVariant(value.toLongLong()));
        sql += mapper.dialect->numericParameter(SqlType::Int64);
    } else {
        m_values.append(QVariant(value.toDouble()));
        sql += mapper.dialect->numericParameter(SqlType::Double);
    }
    return {};
}

Error SelectCompiler::compileOperand(const ExprNode *node, const ExprNode *other, QString &sql)
{
    if (!node) // e.g. col("n") == Expr(): a default Expr is "no condition", not a value
        return Error(Error::Kind::InvalidState,
                     QStringLiteral("%1: an empty qorm::Expr cannot be compared (use Expr::value() or a plain value)").arg(m_root.meta->className()));
    if (node->op == ExprNode::Op::Value) {
        // A value compared with a column takes that column's type.
        if (other && other->op == ExprNode::Op::Column) {
            auto ref = resolve(other->property);
            if (!ref)
                return ref.error();
            return appendComparedValue(ref.value(), node->value, sql);
        }
        m_values.append(node->value);
        sql += u'?';
        return {};
    }
    return compileExpr(node, sql);
}

Error SelectCompiler::compileExpr(const ExprNode *node, QString &sql)
{
    using Op = ExprNode::Op;
    if (!node)
        return Error(Error::Kind::InvalidState,
                     QStringLiteral("%1: an empty qorm::Expr has no SQL (like(), in(), isNull() and ! need a column or value)").arg(m_root.meta->className()));
    auto binary = [&](const char *op, bool comparison = false) -> Error {
        QString lhs;
        QString rhs;
        if (Error e = compileOperand(node->left.get(), node->right.get(), lhs); e.isValid())
            return e;
        if (Error e = compileOperand(node->right.get(), node->left.get(), rhs); e.isValid())
            return e;
        if (comparison)
            m_grammar.adjustComparison(lhs, rhs);
        sql += u'(' + lhs + u' ' + QLatin1StringView(op) + u' ' + rhs + u')';
        return {};
    };
    switch (node->op) {
    case Op::Column: {
        if (node->outer) {
            if (!m_outer)
                return Error(Error::Kind::InvalidState, QStringLiteral("%1: qorm::outer(%2) is used outside a subquery").arg(m_root.meta->className(), node->property));
            const int column = m_outer->m_root.meta->columnIndex(node->property);
            if (column < 0 || node->property.contains(u'.'))
                return m_outer->m_root.meta->unknownPropertyError(node->property);
            sql += m_outer->columnSql(ColumnRef{ &m_outer->m_root, column, 0 });
            return {};
        }
        auto ref = resolve(node->property);
        if (!ref)
            return ref.error();
        sql += columnSql(ref.value());
        return {};
    }
    case Op::InQuery:
    case Op::Exists:
    case Op::Scalar: {
        const QueryBase &inner = *node->subquery;
        auto mapper = m_mappers(*inner.entityMetaObject());
        if (!mapper)
            return mapper.error();
        SelectCompiler nested(m_grammar, *mapper.value(), m_mappers, this);
        QString lhs;
        if (node->op == Op::InQuery)
            if (Error e = compileExpr(node->left.get(), lhs); e.isValid())
                return e;
        auto st = nested.subselect(inner, node->op != Op::Exists);
        if (!st)
            return st.error();
        m_values += st.value().values;
        if (node->op == Op::InQuery)
            sql += u'(' + lhs + QStringLiteral(" IN (") + st.value().sql + QStringLiteral("))");
        else if (node->op == Op::Exists)
            sql += QStringLiteral("(EXISTS (") + st.value().sql + QStringLiteral("))");
        else
            sql += u'(' + st.value().sql + u')';
        return {};
    }
    case Op::Value:
        m_values.append(node->value);
        sql += u'?';
        return {};
    case Op::Eq: return binary("=", true);
    case Op::Ne: return binary("<>", true);
    case Op::Lt: return binary("<", true);
    case Op::Le: return binary("<=", true);
    case Op::Gt: return binary(">", true);
    case Op::Ge: return binary(">=", true);
    case Op::And: return binary("AND");
    case Op::Or: return binary("OR");
    case Op::Like: {
        QString lhs;
        QString rhs;
        if (Error e = compileExpr(node->left.get(), lhs); e.isValid())
            return e;
        if (Error e = compileOperand(node->right.get(), node->left.get(), rhs); e.isValid())
            return e;
        sql += m_grammar.compileLike(lhs, rhs, node->caseInsensitive);
        return {};
    }
    case Op::Match: {
        QString lhs;
        if (Error e = compileExpr(node->left.get(), lhs); e.isValid())
            return e;
        sql += m_grammar.compileMatch(lhs, Expr::Match(node->match), node->value.toString(), node->caseInsensitive, &m_values);
        return {};
    }
    case Op::Function: {
        QStringList args;
        for (const auto &a : node->args) {
            QString arg;
            if (Error e = compileOperand(a.get(), node->args.size() == 2 && node->property == u"coalesce" ? node->args.first().get() : nullptr, arg);
                e.isValid())
                return e;
            args.append(arg);
        }
        const QString call = m_grammar.compileFunction(node->property, args, node->distinct);
        if (call.isEmpty())
            return Error(Error::Kind::InvalidState, QStringLiteral("%1: unknown function '%2'").arg(m_root.meta->className(), node->property));
        sql += call;
        return {};
    }
    case Op::Add: return binary("+");
    case Op::Sub: return binary("-");
    case Op::Mul: return binary("*");
    case Op::Div: return binary("/");
    case Op::Between: {
        sql += u'(';
        if (Error e = compileExpr(node->left.get(), sql); e.isValid())
            return e;
        sql += QStringLiteral(" BETWEEN ");
        if (Error e = compileOperand(node->right.get(), node->left.get(), sql); e.isValid())
            return e;
        sql += QStringLiteral(" AND ");
        if (Error e = compileOperand(node->third.get(), node->left.get(), sql); e.isValid())
            return e;
        sql += u')';
        return {};
    }
    case Op::Not: {
        sql += QStringLiteral("(NOT ");
        if (Error e = compileExpr(node->left.get(), sql); e.isValid())
            return e;
        sql += u')';
        return {};
    }
    case Op::IsNull:
    case Op::IsNotNull: {
        sql += u'(';
        if (Error e = compileExpr(node->left.get(), sql); e.isValid())
            return e;
        sql += node->op == Op::IsNull ? QStringLiteral(" IS NULL)") : QStringLiteral(" IS NOT NULL)");
        return {};
    }
    case Op::In: {
        if (node->values.isEmpty()) {
            sql += QStringLiteral("(1 = 0)");
            return {};
        }
        sql += u'(';
        if (Error e = compileExpr(node->left.get(), sql); e.isValid())
            return e;
        sql += QStringLiteral(" IN (");
        const ExprNode *column = node->left && node->left->op == Op::Column ? node->left.get() : nullptr;
        std::optional<ColumnRef> ref;
        if (column) {
            auto resolved = resolve(column->property);
            if (!resolved)
                return resolved.error();
            ref = resolved.value();
        }
        for (qsizetype i = 0; i < node->values.size(); ++i) {
            if (i)
                sql += QStringLiteral(", ");
            if (ref) {
                if (Error e = appendComparedValue(*ref, node->values[i], sql); e.isValid())
                    return e;
            } else {
                sql += u'?';
                m_values.append(node->values[i]);
            }
        }
        sql += QStringLiteral("))");
        return {};
    }
    }
    return {};
}

} // namespace qorm::detail
