// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include "grammar_p.h"
#include "mapper_p.h"

#include <qorm/expr.h>
#include <qorm/query.h>
#include <qorm/sqlstatement.h>

namespace qorm::detail {

/*!
 * Compiles one query into a SELECT (or its COUNT): resolves property paths, hands out table
 * aliases, compiles the condition and the ordering, and lets the Grammar assemble the
 * statement. Like QDjango's QDjangoCompiler, an alias registry gives each relation path its own
 * alias: `where(col("album.title") == "x")` on Track joins Album as `t1` along the many-to-one
 * relation `album` (`LEFT OUTER JOIN` when the foreign key is nullable, `INNER JOIN` when it is
 * NOT NULL); the root table is `t0`. A statement without joins keeps its columns unqualified.
 *
 * One object per statement; not thread-safe (it is a local).
 */
class SelectCompiler
{
public:
    SelectCompiler(const Grammar &grammar, const Mapper &root, MapperSource mappers);
    /*!
     * The compiler of a subquery inside \a outer's statement: its aliases are `s<depth>_0`,
     * `s<depth>_1`..., always qualified, and qorm::outer() columns resolve in \a outer.
     */
    SelectCompiler(const Grammar &grammar, const Mapper &root, MapperSource mappers, const SelectCompiler *outer);

    /*! One relation a joined eager load reads from each row (Relations::loadJoined()). */
    struct EagerColumns
    {
        int parent = -1;               //!< The entry whose entity owns it (-1: the root entity).
        int relation = -1;             //!< Index into the owner class's relations().
        const Mapper *mapper = nullptr; //!< The related class.
        int offset = 0;                //!< Its first column in the row.
    };
    /*! A relation to join for eager loading: \a parent entry (-1: root) and the relation's name. */
    struct EagerJoin
    {
        int parent = -1;
        QString relation;
    };
    /*!
     * SELECT of the root's columns with \a query's condition, order, limit and offset; with
     * \a eager, also the columns of those relations, each through a LEFT OUTER JOIN of its own
     * (never shared with the query's conditions) after the root's, their offsets in \a layout
     * (one entry per EagerJoin, same order), and a collection's own order appended to ORDER BY.
     */
    Result<SqlStatement> select(const QueryBase &query, const QList<EagerJoin> &eager = {}, QList<EagerColumns> *layout = nullptr);
    /*!
     * SELECT of \a query's selection (values, then WHERE, GROUP BY, HAVING, ORDER BY, LIMIT) and,
     * in \a columns, for each selected value the column it is (or nullptr for an expression),
     * so that the caller reads it through the column's own mapping.
     */
    Result<SqlStatement> project(const QueryBase &query, QList<const ColumnMeta *> *columns);
    /*!
     * The WHERE of a bulk statement on the root table: \a query's condition with unqualified
     * columns, or `<key> IN (SELECT t0.<key> FROM ... joins ... WHERE ...)` when it follows
     * relations (Grammar::compileKeyIn()). Empty for no condition. Values go to the statement.
     */
    Result<SqlStatement> bulkWhere(const QueryBase &query);
    /*! `SET a = ?, b = <expr>` of a bulk UPDATE on the root table (no relation paths). */
    Result<SqlStatement> bulkSet(const QList<std::pair<QString, Expr>> &assignments);
    /*! SELECT <key columns> with \a query's condition (the rows a bulk statement will touch). */
    Result<SqlStatement> keys(const QueryBase &query);
    /*! A compound selection (UNION / UNION ALL): each member by its own compiler, then ORDER BY positions and LIMIT. */
    Result<SqlStatement> compound(const QueryBase &query, QList<const ColumnMeta *> *columns);
    /*! SELECT 1 ... WHERE <condition> LIMIT 1: whether any row matches (order, limit and offset ignored). */
    Result<SqlStatement> exists(const QueryBase &query);
    /*! SELECT COUNT(*) with \a query's condition (order, limit and offset ignored). */
    Result<SqlStatement> count(const QueryBase &query);

private:
    /*! A column reached through a property path. */
    struct ColumnRef
    {
        const Mapper *mapper = nullptr;
        int column = -1;
        int alias = 0; //!< Index into m_aliases (0: the root).
    };
    struct Alias
    {
        QString path;                 //!< "" for the root, the relation path ("album", "@line.invoice"), or "@name" for an explicit join.
        const Mapper *mapper = nullptr;
        QString joinSql;              //!< " LEFT OUTER JOIN <table> AS "tN" ON ..." (empty for the root and explicit joins).
        QueryBase::JoinKind kind = QueryBase::JoinKind::Inner;
        QList<int> dependencies;      //!< The aliases its ON condition uses (FROM lists them first).
        const QueryBase::Join *join = nullptr; //!< An explicit join: its ON is compiled with the FROM clause.
    };
    /*! A kind join() asked for a relation path; \a exact when asked for that very path, not a longer one. */
    struct PathKind
    {
        QueryBase::JoinKind kind = QueryBase::JoinKind::Inner;
        bool exact = false;
    };

    /*! Registers every relation path \a query uses (first pass: the select list must know whether to qualify). */
    Error collectPaths(const QueryBase &query);
    /*!
     * Registers \a query's join() calls (once): explicit joins first, so that any condition may
     * name them, then the relation paths they and the path joins use.
     */
    Error collectJoins(const QueryBase &query);
    Error collectPaths(const ExprNode *node);
    /*! The column for \a path ("name", "album.title"), joining what it passes through. */
    Result<ColumnRef> resolve(const QString &path);
    /*! The alias index of relation path \a path, joined from \a parent through \a relation. */
    int join(const QString &path, int parent, const RelationMeta &relation, const Mapper &target);
    /*!
     * Follows \a path ("album.artist.name", "@line.invoice.total") from the root or the explicit
     * join it names, joining every relation it passes: \a *alias and \a *mapper end at the last
     * one; when \a endsInColumn the last segment is a property, returned in \a *column.
     */
    Error reach(const QString &path, bool endsInColumn, int *alias, const Mapper **mapper, QString *column);
    QString columnSql(const ColumnRef &ref) const;
    /*! True when columns are qualified by their alias (joins, subqueries). */
    bool qualified() const { return m_qualify || m_aliases.size() > 1; }
    QString aliasName(int index) const;
    /*! A subquery's SELECT (its selection, or `1` for EXISTS without one), values in \a values. */
    Result<SqlStatement> subselect(const QueryBase &query, bool needsOneValue);
    /*! The FROM clause: the root and every join, the explicit joins' ON conditions compiled (their values bound). */
    Error compileFrom(QString &sql);
    Error compileWhere(const QueryBase &query, SelectParts &parts);
    Error compileOrder(const QueryBase &query, SelectParts &parts);
    Error compileExpr(const ExprNode *node, QString &sql);
    Error compileOperand(const ExprNode *node, const ExprNode *other, QString &sql);
    Error appendComparedValue(const ColumnRef &ref, const QVariant &value, QString &sql);

    const Grammar &m_grammar;
    const Mapper &m_root;
    MapperSource m_mappers;
    QList<Alias> m_aliases;
    QVariantList m_values;
    QHash<QString, PathKind> m_pathKinds;    //!< Kinds join() asked for relation paths.
    QList<int> *m_dependencies = nullptr;    //!< While collecting an explicit join's ON: the aliases it uses.
    bool m_joinsCollected = false;
    const SelectCompiler *m_outer = nullptr; //!< The enclosing statement's compiler (a subquery).
    int m_depth = 0;                         //!< 0 for a statement, 1 for its subqueries...
    bool m_qualify = false;                  //!< Qualify every column (a subquery, or a statement with one).
};

} // namespace qorm::detail
