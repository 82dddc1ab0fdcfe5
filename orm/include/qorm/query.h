// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/column.h>
#include <qorm/condition.h>
#include <qorm/expr.h>
#include <qorm/loadstrategy.h>
#include <qorm/order.h>
#include <qorm/orderterm.h>
#include <qorm/result.h>
#include <qorm/sqlstatement.h>

#include <QList>
#include <QMetaObject>
#include <QPointer>
#include <memory>
#include <tuple>
#include <utility>

namespace qorm {

class Entity;
class Session;

namespace detail {

/*! The C++ type a row value of type X is read as: X, or U for std::optional<U>. */
template<typename X>
QMetaType rowType()
{
    if constexpr (IsOptional<X>::value)
        return QMetaType::fromType<typename X::value_type>();
    else
        return QMetaType::fromType<X>();
}

/*! \a v (a value-type QVariant, null for NULL) as R; \a ok false for NULL where R is not optional. */
template<typename R>
R fromRowValue(const QVariant &v, bool *ok)
{
    if constexpr (IsOptional<R>::value) {
        if (v.isNull())
            return std::nullopt;
        return R(v.value<typename R::value_type>());
    } else {
        if (v.isNull()) {
            *ok = false;
            return R{};
        }
        return v.value<R>();
    }
}

/*! \a row (value-type QVariants) as a tuple of \a Ts; \a ok false when a NULL meets a non-optional type. */
template<typename... Ts>
std::tuple<Ts...> toRow(const QVariantList &row, bool *ok)
{
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return std::tuple<Ts...>(fromRowValue<Ts>(row.value(qsizetype(I)), ok)...);
    }(std::index_sequence_for<Ts...>{});
}

} // namespace detail
template<typename T>
class Stream;
template<typename E>
class Alias;



/*!
 * \brief An untyped query over one entity class: filter, order, limit/offset; run by a Session.
 *
 * The builder calls return modified copies, so a query can be kept and refined. The SQL is
 * `SELECT <mapped columns> FROM <table> [WHERE ...] [ORDER BY ...] [LIMIT ? OFFSET ?]`, every
 * value bound. A query refers to its Session by pointer: it must not outlive it, and it runs on
 * the session's thread. Query<T> is the typed wrapper users normally hold.
 */
class QORM_CORE_EXPORT QueryBase
{
public:
    QueryBase();
    /*!
     * A query over every entity of class \a metaObject (a qorm::Entity subclass), run by
     * \a session; neither is owned. Without a factory() the entities are created with
     * QMetaObject::newInstance(), which needs a Q_INVOKABLE default constructor. Normally
     * obtained as Session::query<T>().
     */
    QueryBase(Session *session, const QMetaObject *metaObject);
    /*! A copy of \a other (the builder calls copy; defined out of line to keep user code small). */
    QueryBase(const QueryBase &other);
    /*! Takes \a other's state. */
    QueryBase(QueryBase &&other) noexcept;
    /*! Copies \a other's state. */
    QueryBase &operator=(const QueryBase &other);
    /*! Takes \a other's state. */
    QueryBase &operator=(QueryBase &&other) noexcept;
    /*! Destroys the query (not its session). */
    ~QueryBase();

    /*! The query restricted further by \a condition (ANDed with earlier conditions). */
    [[nodiscard]] QueryBase where(const Expr &condition) const;
    /*! The query ordered additionally by \a property. */
    [[nodiscard]] QueryBase orderBy(const QString &property, Qt::SortOrder order = Qt::AscendingOrder) const;
    /*!
     * Keyset pagination: the rows that come after \a row in the query's order, e.g. the next page
     * after the last row shown: `WHERE (a > ?) OR (a = ? AND b > ?) ...` over the ORDER BY
     * columns (`<` for descending ones), with the primary key added as the last key when the
     * order does not end in it. Costs the same for every page, where offset() makes the database
     * skip all earlier rows. Order first, by a total order (end with the key: the first page,
     * asked without after(), must have the same order); the order must use the entity's own columns (no paths,
     * expressions or NULLS FIRST/LAST) and \a row's values in them must not be NULL: otherwise
     * the query fails with InvalidState when it runs.
     */
    [[nodiscard]] QueryBase after(const Entity &row) const;
    /*! What subqueryExpr() makes. */
    enum class SubqueryKind { In, Exists, Scalar };
    /*!
     * Internal: this query (a selection of one value for In and Scalar) as a subquery
     * expression: `(lhs IN (SELECT ...))`, `(EXISTS (SELECT ...))` or `(SELECT ...)`.
     */
    Expr subqueryExpr(SubqueryKind kind, const Expr &lhs = {}) const;
    /*! The problem a builder call found (after() with an unusable order), reported when the query runs. */
    const Error &builderError() const { return m_builderError; }
    /*! The query ordered additionally by \a term (a property or an expression, with NULLS FIRST/LAST). */
    [[nodiscard]] QueryBase orderBy(const OrderTerm &term) const;
    /*!
     * `SELECT DISTINCT` when \a on. Entity rows are distinct by their key already; it matters once
     * a join repeats rows. count() then counts the distinct rows; exists() ignores it.
     */
    [[nodiscard]] QueryBase distinct(bool on = true) const;
    /*!
     * The query with autoflush \a on or off (on by default; it applies only while the session's
     * own Session::autoflush() is on).
     */
    [[nodiscard]] QueryBase autoflush(bool on) const;
    /*!
     * The query selecting \a values (columns, functions, aggregates) instead of whole entities:
     * run it with rows(). Usually written through Query<T>::select(), which types the rows.
     */
    [[nodiscard]] QueryBase select(const QList<Expr> &values) const;
    /*! The query grouped by \a values (GROUP BY), added to earlier groupBy() calls. */
    [[nodiscard]] QueryBase groupBy(const QList<Expr> &values) const;
    /*! The groups restricted by \a condition (HAVING; ANDed with earlier having() calls). */
    [[nodiscard]] QueryBase having(const Expr &condition) const;
    /*!
     * This selection followed by `UNION` (or `UNION ALL` when \a all) and \a other's, a selection
     * of as many values. The members have no ORDER BY, LIMIT or OFFSET of their own (an
     * InvalidState error when the query runs); this query's order — by selected values, compiled
     * as their positions — and LIMIT/OFFSET apply to the whole compound.
     */
    [[nodiscard]] QueryBase compound(const QueryBase &other, bool all) const;
    /*! The queries compound() appended, with whether each is UNION ALL. */
    const QList<std::pair<std::shared_ptr<const QueryBase>, bool>> &compounds() const { return m_compounds; }
    /*! Internal: this query without its compounds, order, limit and offset (a compound's member). */
    QueryBase compoundMember() const;
    /*! How join() joins a table. */
    enum class JoinKind {
        Inner,     //!< `INNER JOIN`: only rows that have a match.
        LeftOuter  //!< `LEFT OUTER JOIN`: every row, with NULLs where nothing matches.
    };
    /*!
     * \brief One join() of a query: along a relation path, or of an entity class on a condition.
     */
    struct Join
    {
        /*!
         * A relation path ("album", "album.artist") for a join along declared relations; for an
         * explicit join, the name its columns are reached by (`@name.property`).
         */
        QString name;
        const QMetaObject *entity = nullptr; //!< The joined class of an explicit join; nullptr for a relation path.
        Expr on;                             //!< The ON condition of an explicit join.
        JoinKind kind = JoinKind::Inner;     //!< INNER or LEFT OUTER.
    };
    /*!
     * The query joined along the relation path \a relationPath ("album", "album.artist") with an
     * explicit \a kind, like SQLAlchemy's `join(Track.album)` / `outerjoin(...)`. Without it, a
     * path that a condition, order or selection uses is joined anyway, `INNER JOIN` when the
     * foreign key is NOT NULL and `LEFT OUTER JOIN` when it is nullable (or when an earlier hop
     * of the path is a LEFT OUTER JOIN). With it, every hop of the path takes \a kind unless its
     * own shorter path was joined explicitly, and the join is made even when nothing uses its
     * columns: an INNER JOIN over a nullable foreign key drops the rows that have no related row.
     * Joining the same path again replaces the kind. An unknown relation is an
     * Error::Kind::UnknownColumn when the query runs.
     */
    [[nodiscard]] QueryBase join(const QString &relationPath, JoinKind kind = JoinKind::Inner) const;
    /*!
     * The query joined with entity class \a entity on the condition \a on, for the rare join no
     * declared relation expresses (a self-join, a join on two columns, the "many" side of a
     * relation): `<kind> JOIN <table> AS tN ON <on>`, values in \a on bound. The joined
     * class's columns are `@name.property` in \a on and in every later condition, order or
     * selection (qorm::Alias writes them for typed queries); \a on may use the query's own
     * columns, relation paths and earlier joins. A join that matches several rows repeats the
     * query's row (distinct() removes the repeats; count() of a distinct query counts distinct
     * rows). Errors, when the query runs: InvalidState for a name used twice, an empty name or
     * an empty condition; UnknownColumn for `@name` of a join the query does not have (yet),
     * and as for any condition.
     */
    [[nodiscard]] QueryBase join(const QString &name, const QMetaObject *entity, const Expr &on, JoinKind kind = JoinKind::Inner) const;
    /*! The joins, in the order join() added them. */
    const QList<Join> &joins() const { return m_joins; }
    /*!
     * The query loading the relation path \a relationPath ("album", "album.artist",
     * "tracks.album") of the entities it returns with \a strategy, every hop of the path (a
     * shorter path given its own load() keeps its strategy); overrides the relations' QORM_LOAD.
     * Like SQLAlchemy's `options(selectinload(...))` / `joinedload(...)`. Applies to all(),
     * first(), one(), page() and get-like queries, not to stream() or projections. An unknown
     * relation is an UnknownColumn error when the query runs.
     */
    [[nodiscard]] QueryBase load(const QString &relationPath, LoadStrategy strategy) const;
    /*! The load() options, in order. */
    const QList<std::pair<QString, LoadStrategy>> &loadOptions() const { return m_loads; }
    /*! The query without any ORDER BY terms. */
    [[nodiscard]] QueryBase unordered() const;
    /*! At most \a count rows; a negative count means no limit. */
    [[nodiscard]] QueryBase limit(qint64 count) const;
    /*! Skips the first \a count rows; a negative count is taken as 0. */
    [[nodiscard]] QueryBase offset(qint64 count) const;

    /*!
     * The session that runs the query; nullptr for a default-constructed query and once the
     * session has been deleted (the query then reports Error::Kind::InvalidState, never touches
     * freed memory).
     */
    Session *session() const;
    /*! The QMetaObject of the queried entity class, or nullptr for a default-constructed query. */
    const QMetaObject *entityMetaObject() const { return m_metaObject; }
    /*! The WHERE condition: every where() ANDed together; an empty Expr when there is none. */
    const Expr &condition() const { return m_where; }
    /*! The ORDER BY terms, in the order orderBy() added them; empty when unordered. */
    const QList<OrderTerm> &ordering() const { return m_order; }
    /*! The LIMIT set by limit(); negative (-1 by default) when there is none. */
    qint64 limitCount() const { return m_limit; }
    /*! The OFFSET set by offset(); 0 (the default) when there is none. */
    qint64 offsetCount() const { return m_offset; }
    /*! True after distinct(). */
    bool isDistinct() const { return m_distinct; }
    /*! False after autoflush(false). */
    bool isAutoflush() const { return m_autoflush; }
    /*! The selected values (empty: whole entities). */
    const QList<Expr> &selection() const { return m_select; }
    /*! The GROUP BY values. */
    const QList<Expr> &grouping() const { return m_groupBy; }
    /*! The HAVING condition; empty when there is none. */
    const Expr &havingCondition() const { return m_having; }

    /*!
     * Runs the query: the matching entities, through the session's identity map. Errors:
     * InvalidState (no session, or an empty Expr used inside the condition), Mapping,
     * UnknownColumn, TypeMismatch (a value that does not convert to its column's type, or a
     * stored value that cannot be read), Connection, ConnectionLost and the database's errors
     * (Statement...).
     */
    Result<QList<std::shared_ptr<Entity>>> allEntities() const;
    /*!
     * `SELECT COUNT(*)` over the query's condition and joins (order, limit and offset ignored); a
     * distinct, grouped or compound query counts the rows it returns: `SELECT COUNT(*) FROM
     * (SELECT DISTINCT ...) AS qorm_count`. Errors as allEntities().
     */
    Result<qint64> count() const;
    /*!
     * Whether any row matches: `SELECT 1 FROM ... WHERE ... LIMIT 1` (Django's `exists()`).
     * Errors as allEntities().
     */
    Result<bool> exists() const;
    /*!
     * The SELECT this query runs, with its bound values, compiled for the session's dialect
     * without running it (nothing is sent). Errors as allEntities() before any SQL.
     */
    Result<SqlStatement> toSql() const;
    /*!
     * Runs a query with a selection (select()): one list per row, value i read as \a types[i]
     * (a column as its own mapping reads it; a null QVariant for NULL). Errors as allEntities(),
     * and InvalidState when the query selects nothing or \a types does not match the selection.
     */
    Result<QList<QVariantList>> rows(const QList<QMetaType> &types) const;
    /*!
     * Bulk `UPDATE <table> SET <property> = <value>, ... WHERE <condition>` of every matching row
     * in one statement (with a relation path in the condition: `WHERE <key> IN (SELECT ...)`),
     * in the session's transaction (after an autoflush); returns the number of rows changed.
     * Loaded entities matching the condition get the new values (SQLAlchemy's
     * `synchronize_session="fetch"`): the session asks for their keys before the statement and
     * reads the new values after it; a rollback puts the old values back. Version and timestamp
     * columns (QORM_VERSION, QORM_UPDATED_AT) are not touched. Errors: UnknownColumn,
     * TypeMismatch, InvalidState (no assignment, an assignment through a relation), the
     * database's errors (the transaction is then rolled back, as commit() would).
     */
    Result<qint64> updateAll(const QList<std::pair<QString, Expr>> &assignments) const;
    /*!
     * Bulk `DELETE FROM <table> WHERE <condition>` in one statement, like updateAll(); returns
     * the number of rows deleted. Loaded entities whose rows it deleted become Deleted and leave
     * the identity map (a rollback brings them back, Persistent). No cascade beyond what the
     * database's foreign keys do. Errors as updateAll().
     */
    Result<qint64> deleteAll() const;

    /*! Internal: a factory creating an empty T, set by Query<T> (faster than QMetaObject::newInstance). */
    using Factory = Entity *(*)();
    /*! Internal: the factory that creates loaded entities, or nullptr for QMetaObject::newInstance(). */
    Factory factory() const { return m_factory; }

protected:
    QPointer<Session> m_session;           //!< Internal: see session(); a guarded pointer.
    const QMetaObject *m_metaObject = nullptr; //!< Internal: see entityMetaObject().
    Factory m_factory = nullptr;           //!< Internal: see factory(); set by Query<T>.
    Expr m_where;                          //!< Internal: see condition().
    QList<OrderTerm> m_order;              //!< Internal: see ordering().
    qint64 m_limit = -1;                   //!< Internal: see limitCount().
    qint64 m_offset = 0;                   //!< Internal: see offsetCount().
    bool m_distinct = false;               //!< Internal: see isDistinct().
    bool m_autoflush = true;               //!< Internal: see isAutoflush().
    QList<Expr> m_select;                  //!< Internal: see selection().
    QList<Expr> m_groupBy;                 //!< Internal: see grouping().
    Expr m_having;                         //!< Internal: see havingCondition().
    Error m_builderError;                  //!< Internal: see builderError().
    QList<std::pair<std::shared_ptr<const QueryBase>, bool>> m_compounds; //!< Internal: see compounds().
    QList<Join> m_joins;                   //!< Internal: see joins().
    QList<std::pair<QString, LoadStrategy>> m_loads; //!< Internal: see loadOptions().
};

/*!
 * \brief A typed query over entity class T (like SQLAlchemy's `session.query(T)`); obtain it from
 * Session::query<T>().
 */
template<typename T>
class Query : public QueryBase
{
public:
    Query() = default;
    /*!
     * The typed form of \a base, which must be a query over T (not checked). Loaded entities are
     * created with `new T`, so T needs a default constructor but no Q_INVOKABLE one.
     */
    explicit Query(const QueryBase &base) : QueryBase(base) { m_factory = [] () -> Entity * { return new T; }; }

    /*! The query restricted further by \a condition (ANDed with earlier conditions), still typed. */
    [[nodiscard]] Query where(const Expr &condition) const { return Query(QueryBase::where(condition)); }
    /*!
     * The query restricted further by the typed \a condition over T's column handles
     * (`Track::milliseconds_ > 300000`). A condition over another class does not compile.
     */
    template<typename E>
    [[nodiscard]] Query where(const Condition<E> &condition) const
    {
        static_assert(std::is_same_v<E, T> || std::is_void_v<E>, "qorm: this condition is over another entity class than the query's "
                                            "(declare QORM_ENTITY(ClassName) in the class for typed column handles)");
        return Query(QueryBase::where(condition.expr()));
    }
    /*! The query ordered additionally by the typed \a key (`Track::name_.desc().nullsLast()`). */
    template<typename E>
    [[nodiscard]] Query orderBy(const Order<E> &key) const
    {
        static_assert(std::is_same_v<E, T> || std::is_void_v<E>, "qorm: this ORDER BY key belongs to another entity class than the query's");
        return Query(QueryBase::orderBy(key.term()));
    }
    /*! The query ordered additionally by \a column, ascending. */
    template<typename E, typename V>
    [[nodiscard]] Query orderBy(const Column<E, V> &column) const { return orderBy(column.asc()); }
    /*!
     * The query loading \a relation (`Album::artist_`, a collection `Artist::albums_`, or a path
     * `Playlist::tracks_ / Track::album_`) of the entities it returns with \a strategy:
     * `session.query<Album>().load(Album::artist_, qorm::LoadStrategy::Joined)`. See QueryBase::load().
     */
    template<typename S, typename U>
    [[nodiscard]] Query load(const Relation<S, U> &relation, LoadStrategy strategy) const
    {
        static_assert(std::is_same_v<S, T>, "qorm: this relation starts at another entity class than the query's (reach it through a path)");
        return Query(QueryBase::load(relation.propertyPath().toString(), strategy));
    }
    /*!
     * The query with an `INNER JOIN` along \a relation (`Track::album_`, or a path
     * `Track::album_ / Album::artist_`), like SQLAlchemy's `join(Track.album)`: rows without a
     * related row are dropped. See QueryBase::join().
     */
    template<typename S, typename U>
    [[nodiscard]] Query join(const Relation<S, U> &relation) const
    {
        static_assert(std::is_same_v<S, T>, "qorm: this relation starts at another entity class than the query's (reach it through a path)");
        return Query(QueryBase::join(relation.propertyPath().toString(), JoinKind::Inner));
    }
    /*!
     * The query with a `LEFT OUTER JOIN` along \a relation (and every hop of its path), like
     * SQLAlchemy's `outerjoin(Track.album)`: rows without a related row stay, with NULLs in its
     * columns (read them through qorm::nullable() in a selection). See QueryBase::join().
     */
    template<typename S, typename U>
    [[nodiscard]] Query leftJoin(const Relation<S, U> &relation) const
    {
        static_assert(std::is_same_v<S, T>, "qorm: this relation starts at another entity class than the query's (reach it through a path)");
        return Query(QueryBase::join(relation.propertyPath().toString(), JoinKind::LeftOuter));
    }
    /*!
     * The query with `INNER JOIN <U's table> ON <on>`: the explicit join for what no declared
     * relation says, with \a alias naming the joined rows (<qorm/alias.h>):
     * \code
     * const qorm::Alias<InvoiceLine> line;
     * session.query<Track>().join(line, line / InvoiceLine::trackId_ == Track::id_).distinct();
     * \endcode
     * \a on is over T's columns and the alias's. See QueryBase::join(const QString &, const QMetaObject *, const Expr &, JoinKind).
     */
    template<typename U, typename E>
    [[nodiscard]] Query join(const Alias<U> &alias, const Condition<E> &on) const
    {
        static_assert(std::is_same_v<E, T> || std::is_void_v<E>, "qorm: the ON condition is over another entity class than the query's");
        return Query(QueryBase::join(alias.name(), &U::staticMetaObject, on.expr(), JoinKind::Inner));
    }
    /*!
     * The query with `LEFT OUTER JOIN <U's table> ON <on>`: like join(alias, on), but rows without
     * a match stay, with the alias's columns NULL: `where((line / InvoiceLine::id_) == std::nullopt)`
     * keeps exactly those (an anti-join).
     */
    template<typename U, typename E>
    [[nodiscard]] Query leftJoin(const Alias<U> &alias, const Condition<E> &on) const
    {
        static_assert(std::is_same_v<E, T> || std::is_void_v<E>, "qorm: the ON condition is over another entity class than the query's");
        return Query(QueryBase::join(alias.name(), &U::staticMetaObject, on.expr(), JoinKind::LeftOuter));
    }
    /*!
     * The query selecting \a values — columns, relation paths, functions, aggregates — instead
     * of entities: a Projection whose rows are typed tuples (see qorm::Projection). Include
     * <qorm/projection.h> to call it (kept out of this header for compile time).
     */
    template<typename... V>
    [[nodiscard]] auto select(const V &...values) const;
    /*!
     * The matching entities one row at a time, in constant memory: `for (auto &t : q.stream())`;
     * check `error()` after the loop. See qorm::Stream (<qorm/stream.h>).
     */
    Stream<T> stream() const;
    /*!
     * Bulk UPDATE of the matching rows: `query.update(Track::unitPrice_.set(price), ...)`; see
     * QueryBase::updateAll() (Django's `QuerySet.update()`, SQLAlchemy's `update()` with
     * `synchronize_session="fetch"`).
     */
    template<typename... A>
    Result<qint64> update(const Assignment<A> &...assignments) const
    {
        static_assert(sizeof...(A) > 0, "qorm: update() needs at least one assignment");
        static_assert((std::is_same_v<A, T> && ...), "qorm: an assignment to another entity class's column");
        return updateAll({ std::pair<QString, Expr>(assignments.property, assignments.value)... });
    }
    /*! Bulk DELETE of the matching rows; see QueryBase::deleteAll() (Django's `QuerySet.delete()`). */
    Result<qint64> remove() const { return deleteAll(); }
    /*! The rows after \a row in the query's order (keyset pagination), still typed; see QueryBase::after(). */
    [[nodiscard]] Query after(const T &row) const { return Query(QueryBase::after(row)); }
    /*! The query without any ORDER BY terms, still typed. */
    [[nodiscard]] Query unordered() const { return Query(QueryBase::unordered()); }
    /*! `SELECT DISTINCT` when \a on, still typed; see QueryBase::distinct(). */
    [[nodiscard]] Query distinct(bool on = true) const { return Query(QueryBase::distinct(on)); }
    /*! The query with autoflush \a on or off, still typed; see QueryBase::autoflush(). */
    [[nodiscard]] Query autoflush(bool on) const { return Query(QueryBase::autoflush(on)); }
    /*! The query ordered additionally by \a property in \a order, still typed. */
    [[nodiscard]] Query orderBy(const QString &property, Qt::SortOrder order = Qt::AscendingOrder) const { return Query(QueryBase::orderBy(property, order)); }
    /*! At most \a count rows (negative: no limit), still typed. */
    [[nodiscard]] Query limit(qint64 count) const { return Query(QueryBase::limit(count)); }
    /*! Skips the first \a count rows (negative: 0), still typed. */
    [[nodiscard]] Query offset(qint64 count) const { return Query(QueryBase::offset(count)); }

    /*! Runs the query and returns every matching entity. */
    Result<QList<std::shared_ptr<T>>> all() const
    {
        auto rows = allEntities();
        if (!rows)
            return rows.error();
        QList<std::shared_ptr<T>> typed;
        typed.reserve(rows.value().size());
        for (auto &e : rows.value())
            typed.append(std::static_pointer_cast<T>(std::move(e)));
        return typed;
    }
    /*!
     * Exactly one matching entity, like SQLAlchemy's `Query.one()`: Error::Kind::NoResult when
     * none matches, MultipleResults when more than one does (it asks with LIMIT 2). Other errors
     * as allEntities().
     */
    Result<std::shared_ptr<T>> one() const
    {
        auto found = oneOrNone();
        if (found && !found.value())
            return Error(Error::Kind::NoResult, QStringLiteral("%1: no row matches (one())").arg(QLatin1StringView(T::staticMetaObject.className())));
        return found;
    }
    /*!
     * The one matching entity or nullptr when none matches, like SQLAlchemy's `one_or_none()`;
     * Error::Kind::MultipleResults when more than one does (LIMIT 2). Other errors as allEntities().
     */
    Result<std::shared_ptr<T>> oneOrNone() const
    {
        auto rows = limit(2).allEntities();
        if (!rows)
            return rows.error();
        if (rows.value().size() > 1)
            return Error(Error::Kind::MultipleResults,
                         QStringLiteral("%1: more than one row matches (one())").arg(QLatin1StringView(T::staticMetaObject.className())));
        return rows.value().isEmpty() ? std::shared_ptr<T>() : std::static_pointer_cast<T>(rows.value().first());
    }
    /*! One page of a query's results and the total (Django's Paginator page). */
    struct Page
    {
        QList<std::shared_ptr<T>> items; //!< The page's entities, in the query's order.
        qint64 total = 0;                 //!< Rows matching the query in all pages (COUNT(*)).
        qint64 number = 1;                //!< The page number, from 1.
        qint64 size = 0;                  //!< Rows per page.
        /*! The number of pages (0 when nothing matches). */
        qint64 pageCount() const { return size > 0 ? (total + size - 1) / size : 0; }
    };
    /*!
     * Page \a number (from 1) of \a size rows: LIMIT size OFFSET (number - 1) * size, plus a
     * COUNT(*) for the total; order the query first (a page of an unordered query is whatever the
     * database returns). Errors: InvalidState for a number below 1 or a size below 1; others as
     * allEntities().
     */
    Result<Page> page(qint64 number, qint64 size) const
    {
        if (number < 1 || size < 1)
            return Error(Error::Kind::InvalidState, QStringLiteral("page(%1, %2): pages count from 1 and hold at least one row").arg(number).arg(size));
        auto total = count();
        if (!total)
            return total.error();
        auto rows = limit(size).offset((number - 1) * size).all();
        if (!rows)
            return rows.error();
        return Page{ std::move(rows.value()), total.value(), number, size };
    }
    /*! The first matching entity (with LIMIT 1), or nullptr when none matches. */
    Result<std::shared_ptr<T>> first() const
    {
        auto rows = limit(1).allEntities();
        if (!rows)
            return rows.error();
        return rows.value().isEmpty() ? std::shared_ptr<T>() : std::static_pointer_cast<T>(rows.value().first());
    }
};

} // namespace qorm

#include <qorm/stream.h>
