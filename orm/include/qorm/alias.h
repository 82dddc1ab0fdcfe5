// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/value.h>

namespace qorm {

namespace detail {
/*! A name no other Alias made by the default constructor has ("_1", "_2", ...); thread-safe. */
QORM_CORE_EXPORT QString nextAliasName();
} // namespace detail

/*!
 * \brief Rows of entity class E joined into a query explicitly, under a name (like SQLAlchemy's
 * `aliased(Employee)`): the handle for Query::join(alias, on) and Query::leftJoin(alias, on) and
 * for the joined rows' columns.
 *
 * `alias / E::column_` is that column of the joined rows, and `alias / E::relation_ / F::column_`
 * follows a relation from them. A self-join, each employee with their manager:
 * \code
 * const qorm::Alias<Employee> boss;
 * auto rows = session.query<Employee>()
 *                     .leftJoin(boss, boss / Employee::id_ == Employee::reportsTo_)
 *                     .select(Employee::lastName_, boss / Employee::lastName_)
 *                     .all(); // QList<std::tuple<QString, std::optional<QString>>>
 * // SELECT t0.LastName, t1.LastName FROM Employee AS t0 LEFT OUTER JOIN Employee AS t1 ON (t1.EmployeeId = t0.ReportsTo)
 * \endcode
 * The columns reached through an alias are typed as `Value<void, T>`: they fit the query they are
 * joined into (they are not checked against it at compile time: using an alias the query has not
 * joined is an Error::Kind::UnknownColumn when it runs), and they are nullable — a LEFT OUTER
 * JOIN that finds nothing gives NULL, so they read as std::optional<T> and compare with
 * std::nullopt. The name never reaches the SQL (the compiler hands out its own table aliases),
 * so any name is safe; in untyped code the columns are `qorm::col(u"@name.property"_s)`.
 * A value type; any thread.
 */
template<typename E>
class Alias
{
public:
    /*! An alias with a name of its own (unique in the process). */
    Alias() : m_name(detail::nextAliasName()) { }
    /*!
     * An alias called \a name, for readable untyped columns (`@name.property`); it must not
     * contain `.` or `@`, and two joins of one query need two names (else the query fails with
     * InvalidState when it runs).
     */
    explicit Alias(const QString &name) : m_name(name) { }

    /*! The name the query knows the joined rows by. */
    const QString &name() const { return m_name; }

    /*! The column \a column of the joined rows: `line / InvoiceLine::quantity_`. */
    template<typename V>
    friend Value<void, typename detail::ColumnValue<V>::type> operator/(const Alias &alias, const Column<E, V> &column)
    {
        return Value<void, typename detail::ColumnValue<V>::type>(Expr::column(u'@' + alias.m_name + u'.' + column.path()));
    }
    /*! The rows related to the joined rows through \a relation: `line / InvoiceLine::invoice_ / Invoice::total_`. */
    template<typename U>
    friend Alias<U> operator/(const Alias &alias, const Relation<E, U> &relation)
    {
        return follow<U>(alias.m_name + u'.' + relation.propertyPath().toString());
    }

private:
    template<typename>
    friend class Alias;
    /*! A path from a joined alias (\a path "line.invoice"); such an alias cannot be joined itself. */
    Alias(const QString &path, int) : m_name(path) { }
    template<typename U>
    static Alias<U> follow(const QString &path) { return Alias<U>(path, 0); }

    QString m_name;
};

/*!
 * \a value as a nullable Value: selected, it reads as std::optional<T>, and it compares with
 * std::nullopt. For a column reached through a LEFT OUTER JOIN, which is NULL where the join found
 * nothing even though the column itself is NOT NULL:
 * `session.query<Employee>().leftJoin(Employee::manager_).select(qorm::nullable(Employee::manager_ / Employee::lastName_))`.
 */
template<detail::TypedValue V>
Value<typename V::EntityType, typename V::ValueType> nullable(const V &value)
{
    return Value<typename V::EntityType, typename V::ValueType>(value.toExpr());
}

} // namespace qorm
