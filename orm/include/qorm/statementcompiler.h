// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/database.h>
#include <qorm/namingstrategy.h>
#include <qorm/query.h>
#include <qorm/result.h>
#include <qorm/sqlstatement.h>

#include <QStringList>
#include <memory>

namespace qorm {

class Dialect;
class Entity;
class StatementCompilerPrivate;
template<typename T, typename... R>
class Projection;

/*!
 * \brief The SQL qorm would run, without running it: the "pretend" mode of the statement
 * compiler (like SQLAlchemy's `stmt.compile(dialect=...)` and TinyORM's `pretend()`).
 *
 * Every statement the session and Schema emit is compiled by the same component; this class
 * gives it to users and tests with no connection and no server: the text with `?`
 * placeholders and the values in binding order, exactly as Session::statementExecuted()
 * would report them. Values are never part of the text; identifiers are quoted by the dialect.
 *
 * \code
 * qorm::StatementCompiler compiler(qorm::PostgresqlDialect(), qorm::NamingStrategy::SnakeCase);
 * auto st = compiler.select(qorm::select<Track>().where(qorm::col(u"album.title"_s) == u"Jagged Little Pill"_s));
 * // SELECT "t0"."track_id", ... FROM "track" AS "t0" INNER JOIN "album" AS "t1"
 * //   ON "t1"."album_id" = "t0"."album_id" WHERE ("t1"."title" = ?)      values: {"Jagged Little Pill"}
 * \endcode
 *
 * Property paths through many-to-one relations (`album.title`, `album.artist.name`) join the
 * related tables with aliases `t1`, `t2`... (the root is `t0`); a statement without joins keeps
 * its columns unqualified.
 *
 * Errors (every function): Mapping (an invalid entity mapping, or a name the dialect cannot
 * hold), UnknownColumn (an unknown property or relation, naming the class), TypeMismatch (a
 * value that does not convert exactly to its column's type, or cannot be stored), InvalidState
 * (an empty Expr inside a condition).
 *
 * Not thread-safe; cheap to create. The dialect passed by reference must outlive the compiler.
 */
class QORM_CORE_EXPORT StatementCompiler
{
public:
    /*! Compiles for \a database's dialect and naming strategy (nothing is connected). */
    explicit StatementCompiler(const Database &database);
    /*! Compiles for \a dialect under \a naming; \a dialect must outlive the compiler. */
    explicit StatementCompiler(const Dialect &dialect, NamingStrategy naming = NamingStrategy::AsIs);
    ~StatementCompiler();
    StatementCompiler(const StatementCompiler &) = delete;
    StatementCompiler &operator=(const StatementCompiler &) = delete;

    /*! The SELECT that \a query runs (see QueryBase::allEntities()). */
    Result<SqlStatement> select(const QueryBase &query) const;
    /*!
     * \overload
     * The SELECT of a Projection (values, GROUP BY, HAVING).
     */
    template<typename T, typename... R>
    Result<SqlStatement> select(const Projection<T, R...> &projection) const { return select(projection.query()); }
    /*! The `SELECT COUNT(*)` that QueryBase::count() runs for \a query. */
    Result<SqlStatement> count(const QueryBase &query) const;
    /*!
     * The INSERT of \a entity as a flush writes it: without its autoincrement column when that
     * is unset (0), with every column otherwise; PostgreSQL adds `RETURNING <key>`.
     */
    Result<SqlStatement> insert(const Entity &entity) const;
    /*!
     * The UPDATE of \a properties of \a entity (every non-key column when empty), keyed by its
     * current primary key; with a QORM_VERSION column also the version check.
     */
    Result<SqlStatement> update(const Entity &entity, const QStringList &properties = {}) const;
    /*! The DELETE of \a entity by its primary key (and version). */
    Result<SqlStatement> remove(const Entity &entity) const;
    /*!
     * An INSERT of \a entity that updates the existing row instead when one has the same
     * \a conflictProperties (the primary key when empty): `ON CONFLICT (...) DO UPDATE` on
     * SQLite and PostgreSQL, `ON DUPLICATE KEY UPDATE` on MariaDB (which uses whichever unique
     * key conflicts). Like SQLAlchemy's `insert().on_conflict_do_update()`.
     */
    Result<SqlStatement> upsert(const Entity &entity, const QStringList &conflictProperties = {}) const;
    /*! CREATE TABLE (and CREATE INDEX) for entity class \a metaObject, as Schema runs them. */
    Result<QStringList> createTable(const QMetaObject &metaObject) const;
    /*! DROP TABLE [IF EXISTS] for entity class \a metaObject. */
    Result<QString> dropTable(const QMetaObject &metaObject, bool ifExists = false) const;

private:
    std::unique_ptr<StatementCompilerPrivate> d;
};

/*!
 * A query over entity class T that belongs to no session, for StatementCompiler (like
 * SQLAlchemy 2.0's `select(User)`). Running it (all(), count()) is an InvalidState error:
 * queries that run come from Session::query<T>().
 */
template<typename T>
Query<T> select()
{
    return Query<T>(QueryBase(nullptr, &T::staticMetaObject));
}

} // namespace qorm
