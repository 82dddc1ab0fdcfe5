// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include <qorm/dialect.h>
#include <qorm/expr.h>
#include <qorm/orderterm.h>
#include <qorm/result.h>

#include <QStringList>

#include <functional>
#include <memory>

namespace qorm::detail {

struct Mapper;

/*! Finds the Mapper of an entity class (the session's or the compiler's cache). */
using MapperSource = std::function<Result<const Mapper *>(const QMetaObject &)>;

/*!
 * The parts of a SELECT that the SelectCompiler resolved (aliases, joins, conditions), for
 * Grammar::compileSelect() to assemble. Every text is complete SQL with quoted identifiers.
 */
struct SelectParts
{
    QString columns;    //!< The select list, e.g. `"t0"."id", "t0"."name"` or `COUNT(*)`.
    QString from;       //!< The FROM clause without the keyword: table, alias and joins.
    QString where;      //!< The condition without the keyword, or empty.
    QString orderBy;    //!< The ORDER BY terms without the keyword, or empty.
    QString groupBy;    //!< The GROUP BY terms without the keyword, or empty.
    QString having;     //!< The HAVING condition without the keyword, or empty.
    bool hasLimit = false;
    bool hasOffset = false;
    bool distinct = false; //!< SELECT DISTINCT.
};

/*!
 * Compiles whole statements for one dialect (TinyORM's Grammar / SQLiteGrammar idea): SELECT,
 * INSERT, UPDATE, DELETE, UPSERT and DDL are assembled here and nowhere else, from quoted names
 * the Mapper resolved and from fragments the Dialect answers (types, literals, LIMIT). A dialect
 * whose syntax differs overrides the whole statement: SQLite and PostgreSQL write an upsert as
 * `ON CONFLICT (...) DO UPDATE`, MariaDB as `ON DUPLICATE KEY UPDATE`.
 *
 * Immutable once built; one per Dialect instance (Grammar::of()). Texts only: every value is a
 * `?` placeholder bound by the caller.
 */
class Grammar
{
public:
    explicit Grammar(const Dialect &dialect) : m_dialect(dialect) { }
    virtual ~Grammar();
    /*! The grammar of \a dialect (by its name(); the base grammar for unknown dialects). */
    static std::unique_ptr<Grammar> create(const Dialect &dialect);

    const Dialect &dialect() const { return m_dialect; }

    /*! SELECT <columns> FROM <from> [WHERE] [ORDER BY] [LIMIT ? [OFFSET ?]]. */
    virtual QString compileSelect(const SelectParts &parts) const;
    /*!
     * INSERT INTO <table> (<columns>) VALUES (?, ...): every column, or every column but the
     * autoincrement one when \a generatedKey (then with `RETURNING <key>` where the dialect
     * supports it).
     */
    virtual QString compileInsert(const Mapper &mapper, bool generatedKey) const;
    /*!
     * UPDATE <table> SET <changed> = ? ... WHERE <key> = ?; with a QORM_VERSION column also
     * `, <version> = ?` after the changed columns and `AND <version> = ?` after the key.
     */
    virtual QString compileUpdate(const Mapper &mapper, const QList<int> &changedColumns) const;
    /*! DELETE FROM <table> WHERE <key> = ? [AND <version> = ?]. */
    virtual QString compileDelete(const Mapper &mapper) const;
    /*! INSERT INTO <table> (<columns>) VALUES (?, ...): an association row of a many-to-many relation. */
    QString compileInsertColumns(const Mapper &mapper, const QList<int> &columns) const;
    /*! DELETE FROM <table> WHERE <c1> = ? AND <c2> = ?: an association row of a many-to-many relation. */
    QString compileDeleteWhere(const Mapper &mapper, const QList<int> &columns) const;
    /*!
     * INSERT of every column that, when a row with the same \a conflictColumns exists, updates
     * the other columns instead (SQLAlchemy's `on_conflict_do_update`, Django's
     * `update_or_create` in one statement). Values bind in column order. The base writes
     * `ON CONFLICT (<conflict>) DO UPDATE SET c = excluded.c` (SQLite 3.24+, PostgreSQL 9.5+).
     */
    virtual QString compileUpsert(const Mapper &mapper, const QList<int> &conflictColumns) const;
    /*!
     * CREATE TABLE for \a mapper (columns, NOT NULL, defaults, UNIQUE, length CHECKs, primary
     * key, multi-column UNIQUE, QORM_CHECK with `{property}` placeholders, foreign keys to the
     * relation targets found through \a mappers) followed by its CREATE INDEX statements.
     * Errors: Mapping (a check naming an unmapped property, a relation target without a
     * single-column key).
     */
    virtual Result<QStringList> compileCreateTable(const Mapper &mapper, const MapperSource &mappers) const;
    /*! DROP TABLE [IF EXISTS] <table>. */
    virtual QString compileDropTable(const Mapper &mapper, bool ifExists) const;

    /*!
     * `(<lhs> LIKE <rhs>)` with the user's pattern \a rhs: the database's case rule, or
     * case-insensitive when \a caseInsensitive (base: `ILIKE`, PostgreSQL's).
     */
    virtual QString compileLike(const QString &lhs, const QString &rhs, bool caseInsensitive) const;
    /*!
     * The condition that \a lhs starts with / ends with / contains \a text taken literally,
     * appending the values its `?`s bind to \a values. Base: `(<lhs> LIKE ? ESCAPE '!')` with
     * the wildcards of \a text escaped, `ILIKE` when \a caseInsensitive.
     */
    virtual QString compileMatch(const QString &lhs, Expr::Match kind, const QString &text, bool caseInsensitive, QVariantList *values) const;
    /*!
     * A call of qorm's portable function \a name (lower, upper, length, abs, round, coalesce,
     * count, sum, sum_decimal, avg, min, max) over the compiled \a args; an empty string for an
     * unknown name. `count` without arguments is COUNT(*).
     */
    virtual QString compileFunction(const QString &name, const QStringList &args, bool distinct) const;
    /*! `<key> IN (<select>)` for a bulk statement's WHERE (MariaDB wraps the SELECT in a derived table). */
    virtual QString compileKeyIn(const QString &key, const QString &select) const;
    /*! One ORDER BY term over \a sql (base: `x ASC|DESC [NULLS FIRST|LAST]`). */
    virtual QString compileOrderTerm(const QString &sql, Qt::SortOrder order, OrderTerm::Nulls nulls) const;
    /*!
     * Adjusts the two compiled operands of a comparison (=, <>, <, <=, >, >=) in place; by
     * default nothing. SQLite compares an exact decimal sum (text) as a number.
     */
    virtual void adjustComparison(QString &lhs, QString &rhs) const;

    /*! \a text with LIKE's wildcards and the escape character `!` escaped by `!`, wrapped in `%` for \a kind. */
    static QString likePattern(Expr::Match kind, const QString &text);

protected:
    /*! `"a" = ? AND "b" = ?` over \a columns of \a mapper. */
    QString assignments(const Mapper &mapper, const QList<int> &columns, const QString &separator) const;
    /*! The comma-separated quoted names of \a columns. */
    QString columnList(const Mapper &mapper, const QList<int> &columns) const;

    const Dialect &m_dialect;
};

} // namespace qorm::detail
