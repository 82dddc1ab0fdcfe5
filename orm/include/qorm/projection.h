// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/query.h>
#include <qorm/value.h>

#include <QVariantMap>

#include <tuple>

namespace qorm {

namespace detail {

/*! The U of std::optional<U>. */
template<typename T>
struct IsOptionalValue
{
    using type = T;
};
template<typename U>
struct IsOptionalValue<std::optional<U>>
{
    using type = U;
};

/*! The C++ type a selected value is read as: a column's property type; a Value's type, in a std::optional unless it is never NULL (COUNT). */
template<typename V>
struct ResultOf;
template<typename E, typename T>
struct ResultOf<Column<E, T>>
{
    using type = T;
};
template<typename E, typename T, bool Nullable>
struct ResultOf<Value<E, T, Nullable>>
{
    using type = std::conditional_t<Nullable, std::optional<T>, T>;
};

} // namespace detail

/*!
 * \brief A query over entity class T that selects values instead of entities — columns, relation
 * paths, functions and aggregates — with GROUP BY and HAVING; its rows are typed tuples (like
 * SQLAlchemy's `select(Genre.name, func.count())` or Django's `values().annotate()`).
 *
 * \code
 * // Tracks per genre, largest first: SELECT t1.Name, COUNT(*) FROM Track t0 JOIN Genre t1 ...
 * //   GROUP BY t1.Name ORDER BY COUNT(*) DESC
 * auto perGenre = session.query<Track>()
 *                         .select(Track::genre_ / Genre::name_, qorm::count())
 *                         .groupBy(Track::genre_ / Genre::name_)
 *                         .orderBy(qorm::count().desc())
 *                         .all();          // Result<QList<std::tuple<QString, qint64>>>
 * \endcode
 * A selected column reads as its property type (std::optional for nullable columns); COUNT as
 * qint64; other aggregates and functions as std::optional of their type (NULL over no rows).
 * A NULL read for a non-optional column (a LEFT JOIN that found nothing) is a TypeMismatch error.
 * Obtained from Query<T>::select(); a value type, same rules as Query.
 */
template<typename T, typename... R>
class Projection
{
public:
    /*! The row type. */
    using Row = std::tuple<R...>;

    /*! Internal: wraps \a query, which selects sizeof...(R) values. */
    explicit Projection(const QueryBase &query) : m_query(query) { }

    /*! Restricted further by \a condition (ANDed). */
    template<typename E>
    [[nodiscard]] Projection where(const Condition<E> &condition) const
    {
        static_assert(std::is_same_v<E, T> || std::is_void_v<E>, "qorm: this condition is over another entity class than the query's");
        return Projection(m_query.where(condition.expr()));
    }
    /*! Grouped by \a values (GROUP BY), added to earlier groupBy() calls. */
    template<typename... V>
    [[nodiscard]] Projection groupBy(const V &...values) const
    {
        static_assert((detail::sameEntity<typename V::EntityType, T> && ...), "qorm: GROUP BY values of another entity class");
        return Projection(m_query.groupBy({ values.toExpr()... }));
    }
    /*! Groups restricted by \a condition (HAVING), e.g. `qorm::count() > 10`. */
    template<typename E>
    [[nodiscard]] Projection having(const Condition<E> &condition) const
    {
        static_assert(std::is_same_v<E, T> || std::is_void_v<E>, "qorm: this condition is over another entity class than the query's");
        return Projection(m_query.having(condition.expr()));
    }
    /*! Ordered additionally by \a key (a column, function or aggregate: `qorm::sum(x).desc()`). */
    template<typename E>
    [[nodiscard]] Projection orderBy(const Order<E> &key) const
    {
        static_assert(std::is_same_v<E, T> || std::is_void_v<E>, "qorm: this ORDER BY key belongs to another entity class");
        return Projection(m_query.orderBy(key.term()));
    }
    /*! At most \a count rows. */
    [[nodiscard]] Projection limit(qint64 count) const { return Projection(m_query.limit(count)); }
    /*! Skips the first \a count rows. */
    [[nodiscard]] Projection offset(qint64 count) const { return Projection(m_query.offset(count)); }
    /*! `SELECT DISTINCT` rows when \a on. */
    [[nodiscard]] Projection distinct(bool on = true) const { return Projection(m_query.distinct(on)); }
    /*! With autoflush \a on or off (see QueryBase::autoflush()). */
    [[nodiscard]] Projection autoflush(bool on) const { return Projection(m_query.autoflush(on)); }

    /*!
     * Runs the query: every row as a tuple. Errors as QueryBase::allEntities(), and TypeMismatch
     * for a value that cannot be read as its tuple type (a NULL into a non-optional type).
     */
    Result<QList<Row>> all() const
    {
        auto rows = m_query.rows({ detail::rowType<R>()... });
        if (!rows)
            return rows.error();
        QList<Row> out;
        out.reserve(rows.value().size());
        for (const QVariantList &raw : rows.value()) {
            bool ok = true;
            out.append(detail::toRow<R...>(raw, &ok));
            if (!ok)
                return Error(Error::Kind::TypeMismatch,
                             QStringLiteral("%1: a selected value is NULL but its tuple type is not a std::optional "
                                            "(a LEFT JOIN found nothing? filter with isNotNull())")
                                     .arg(QLatin1StringView(T::staticMetaObject.className())));
        }
        return out;
    }
    /*! The first row (LIMIT 1), or std::nullopt when there is none. Errors as all(). */
    Result<std::optional<Row>> first() const
    {
        auto rows = limit(1).all();
        if (!rows)
            return rows.error();
        return rows.value().isEmpty() ? std::optional<Row>() : std::optional<Row>(rows.value().first());
    }
    /*!
     * Runs the query: every row as a QVariantMap keyed by \a names (one per selected value, in
     * order), for QML and dynamic code. NULL is a null QVariant. Errors as all().
     */
    Result<QList<QVariantMap>> maps(const QStringList &names) const
    {
        if (names.size() != qsizetype(sizeof...(R)))
            return Error(Error::Kind::InvalidState, QStringLiteral("maps(): %1 names for %2 values").arg(names.size()).arg(sizeof...(R)));
        auto rows = m_query.rows({ detail::rowType<R>()... });
        if (!rows)
            return rows.error();
        QList<QVariantMap> out;
        for (const QVariantList &raw : rows.value()) {
            QVariantMap m;
            for (qsizetype i = 0; i < names.size(); ++i)
                m.insert(names[i], raw[i]);
            out.append(m);
        }
        return out;
    }
    /*!
     * These rows followed by \a other's, duplicates removed (`UNION`), like SQLAlchemy's
     * `union()`; \a other selects values of the same types (it may query another class). Order
     * and limit the result on the union itself, by its selected values.
     */
    template<typename T2>
    [[nodiscard]] Projection unionWith(const Projection<T2, R...> &other) const { return Projection(m_query.compound(other.query(), false)); }
    /*! These rows followed by \a other's, duplicates kept (`UNION ALL`). */
    template<typename T2>
    [[nodiscard]] Projection unionAll(const Projection<T2, R...> &other) const { return Projection(m_query.compound(other.query(), true)); }
    /*! The SELECT with its bound values, without running it. */
    Result<SqlStatement> toSql() const { return m_query.toSql(); }
    /*! The untyped query. */
    const QueryBase &query() const { return m_query; }

private:
    QueryBase m_query;
};

// --- subqueries ----------------------------------------------------------------------------------

/*!
 * `column IN (SELECT ...)` over a one-value selection, e.g. tracks on any invoice:
 * `Track::id_.in(session.query<InvoiceLine>().select(InvoiceLine::trackId_))`.
 * (A member of every column handle and Value; see detail::TypedValueOps::in().)
 */
template<detail::TypedValue L, typename T, typename R>
Condition<typename L::EntityType> inSubquery(const L &value, const Projection<T, R> &subquery)
{
    using W = std::conditional_t<detail::IsOptional<R>::value, typename detail::IsOptionalValue<R>::type, R>;
    static_assert(detail::comparable<typename L::ValueType, W>(), "qorm: the subquery's values cannot be compared with this column");
    return Condition<typename L::EntityType>(subquery.query().subqueryExpr(QueryBase::SubqueryKind::In, value.toExpr()));
}

/*!
 * `EXISTS (SELECT ...)`: true where \a subquery finds a row. Correlate it with the enclosing
 * query through qorm::outer(): tracks that were sold at least once:
 * `qorm::exists(session.query<InvoiceLine>().where(InvoiceLine::trackId_ == qorm::outer(Track::id_)))`.
 */
template<typename T>
Condition<void> exists(const Query<T> &subquery)
{
    return Condition<void>(subquery.subqueryExpr(QueryBase::SubqueryKind::Exists));
}

/*! A one-value, one-row selection as a value: `Track::milliseconds_ > qorm::scalar(session.query<Track>().select(qorm::avg(Track::milliseconds_)))`. */
template<typename T, typename R>
Value<void, std::conditional_t<detail::IsOptional<R>::value, typename detail::IsOptionalValue<R>::type, R>> scalar(const Projection<T, R> &subquery)
{
    using W = std::conditional_t<detail::IsOptional<R>::value, typename detail::IsOptionalValue<R>::type, R>;
    return Value<void, W>(subquery.query().subqueryExpr(QueryBase::SubqueryKind::Scalar));
}

/*!
 * The column \a column of the enclosing query, inside a subquery (a correlated subquery): its
 * own column, not one reached through a relation.
 */
template<typename E, typename V>
Value<void, typename detail::ColumnValue<V>::type> outer(const Column<E, V> &column)
{
    return Value<void, typename detail::ColumnValue<V>::type>(detail::outerColumn(column.path()));
}

template<typename T>
template<typename... V>
auto Query<T>::select(const V &...values) const
{
    static_assert(sizeof...(V) > 0, "qorm: select() needs at least one value");
    static_assert((detail::sameEntity<typename V::EntityType, T> && ...), "qorm: a selected value belongs to another entity class than the query's");
    return Projection<T, typename detail::ResultOf<V>::type...>(QueryBase::select({ values.toExpr()... }));
}

} // namespace qorm
