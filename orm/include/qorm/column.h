// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/condition.h>
#include <qorm/decimal.h>
#include <qorm/expr.h>
#include <qorm/order.h>

#include <QByteArray>
#include <QList>
#include <QString>

#include <array>
#include <initializer_list>
#include <optional>
#include <type_traits>

namespace qorm {

template<typename T, typename... R>
class Projection;

namespace detail {

/*!
 * A property path from an entity class: relation names then a property ("album", "artist",
 * "name"), kept as string literals so that column handles are constexpr. At most MaxDepth
 * segments.
 */
struct PropertyPath
{
    static constexpr int MaxDepth = 6;
    std::array<const char *, MaxDepth> segments{};
    int size = 0;

    constexpr PropertyPath() = default;
    constexpr explicit PropertyPath(const char *name) : size(1) { segments[0] = name; }
    /*! This path followed by \a tail. */
    constexpr PropertyPath joined(const PropertyPath &tail) const
    {
        PropertyPath p = *this;
        for (int i = 0; i < tail.size && p.size < MaxDepth; ++i)
            p.segments[p.size++] = tail.segments[i];
        return p;
    }
    /*! The dotted form the query compiler resolves: "album.artist.name". */
    QString toString() const
    {
        QString s;
        for (int i = 0; i < size; ++i) {
            if (i)
                s += u'.';
            s += QLatin1StringView(segments[i]);
        }
        return s;
    }
};

/*! The value type of a column of property type T: T itself, or U for std::optional<U>. */
template<typename T>
struct ColumnValue
{
    using type = T;
    static constexpr bool nullable = false;
};
/*! \overload */
template<typename U>
struct ColumnValue<std::optional<U>>
{
    using type = U;
    static constexpr bool nullable = true;
};

template<typename T>
inline constexpr bool isNumber = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

template<typename V>
inline constexpr bool isTextValue = std::is_convertible_v<const V &, QString> || std::is_convertible_v<const V &, QStringView>;

/*!
 * Whether a value of type V can be compared with a column whose value type is U: numbers with
 * numbers (and Decimal), text with anything that converts to QString or QStringView, bool with
 * bool, every other type with itself (or what converts to it). std::optional<W> compares as W.
 */
template<typename U, typename V>
consteval bool comparable()
{
    using W = std::remove_cvref_t<V>;
    if constexpr (IsOptional<W>::value)
        return comparable<U, typename W::value_type>();
    else if constexpr (std::is_same_v<U, bool>)
        return std::is_same_v<W, bool>;
    else if constexpr (isNumber<U> || std::is_same_v<U, Decimal>)
        return isNumber<W> || std::is_same_v<W, Decimal>;
    else if constexpr (std::is_same_v<U, QString>)
        return isTextValue<W> && !isNumber<W>;
    else if constexpr (std::is_same_v<U, QByteArray>)
        return std::is_convertible_v<const W &, QByteArray>;
    else
        return std::is_same_v<U, W> || std::is_convertible_v<const W &, U>;
}

/*! The entity class of an expression combining values of \a A and \a B (void fits either). */
template<typename A, typename B>
using CommonEntity = std::conditional_t<std::is_void_v<A>, B, A>;

/*! Whether values of entity classes \a A and \a B may meet in one expression (void fits any). */
template<typename A, typename B>
inline constexpr bool sameEntity = std::is_void_v<A> || std::is_void_v<B> || std::is_same_v<A, B>;

/*! What a typed value (column handle or Value) exposes to the operators below. */
template<typename T>
concept TypedValue = requires(const T &t) {
    typename T::EntityType;
    typename T::ValueType;
    { t.toExpr() } -> std::same_as<Expr>;
};

/*! A value for binding: text values become QString, the rest as exprValue() does. */
template<typename V>
QVariant boundValue(const V &v)
{
    using W = std::remove_cvref_t<V>;
    if constexpr (!IsOptional<W>::value && !std::is_same_v<W, QString> && std::is_convertible_v<const W &, QStringView>
                  && !std::is_convertible_v<const W &, QString>)
        return QVariant(QStringView(v).toString());
    else
        return exprValue(v);
}

/*!
 * The operations every typed value of entity class E with value type U offers: null tests,
 * IN, BETWEEN, the text matches and the ordering keys. Derived provides toExpr().
 */
template<typename Derived, typename E, typename U, bool Nullable>
class TypedValueOps
{
public:
    using EntityType = E;   //!< The entity class the value belongs to.
    using ValueType = U;    //!< The C++ type of the value (std::optional removed).
    static constexpr bool isNullable = Nullable; //!< Whether the value may be NULL.

    /*! `(x IS NULL)`. */
    Condition<E> isNull() const { return Condition<E>(self().toExpr().isNull()); }
    /*! `(x IS NOT NULL)`. */
    Condition<E> isNotNull() const { return Condition<E>(self().toExpr().isNotNull()); }
    /*! `(x IN (?, ?, ...))`; an empty list matches nothing. Each value is checked like a comparison. */
    template<typename V>
    Condition<E> in(const QList<V> &values) const
    {
        static_assert(comparable<U, V>(), "qorm: these values cannot be compared with this column (see qorm::detail::comparable)");
        QVariantList list;
        list.reserve(values.size());
        for (const V &v : values)
            list.append(boundValue(v));
        return Condition<E>(self().toExpr().in(list));
    }
    /*! \overload */
    template<typename V>
    Condition<E> in(std::initializer_list<V> values) const { return in(QList<V>(values)); }
    /*!
     * `(x IN (SELECT ...))` over a one-value selection (<qorm/projection.h>):
     * `Track::id_.in(session.query<InvoiceLine>().select(InvoiceLine::trackId_))`.
     */
    template<typename T, typename R>
    Condition<E> in(const Projection<T, R> &subquery) const { return inSubquery(self(), subquery); }
    /*! `(NOT (x IN (...)))`; an empty list matches every row. */
    template<typename V>
    Condition<E> notIn(const QList<V> &values) const { return !in(values); }
    /*! \overload */
    template<typename V>
    Condition<E> notIn(std::initializer_list<V> values) const { return !in(QList<V>(values)); }
    /*! `(x BETWEEN ? AND ?)`: \a low and \a high included. */
    template<typename V1, typename V2>
    Condition<E> between(const V1 &low, const V2 &high) const
    {
        static_assert(comparable<U, V1>() && comparable<U, V2>(), "qorm: these bounds cannot be compared with this column");
        return Condition<E>(self().toExpr().between(Expr::value(boundValue(low)), Expr::value(boundValue(high))));
    }
    /*!
     * SQL `LIKE` with the user's own \a pattern (`%` and `_` are wildcards), with the database's
     * own case rules (case-sensitive on PostgreSQL; case-insensitive for ASCII on SQLite and with
     * MariaDB's default collation). For user text use startsWith()/endsWith()/contains(), which
     * escape the wildcards.
     */
    Condition<E> like(const QString &pattern) const
    {
        static_assert(std::is_same_v<U, QString>, "qorm: like() needs a text column");
        return Condition<E>(self().toExpr().like(pattern));
    }
    /*! Case-insensitive LIKE on every backend: `ILIKE` on PostgreSQL, `LOWER(x) LIKE LOWER(?)` on MariaDB, `LIKE` on SQLite (ASCII letters only). */
    Condition<E> ilike(const QString &pattern) const
    {
        static_assert(std::is_same_v<U, QString>, "qorm: ilike() needs a text column");
        return Condition<E>(self().toExpr().like(pattern, Qt::CaseInsensitive));
    }
    /*!
     * True where the text starts with \a text, taken literally (`%`, `_` and the escape character
     * in it are escaped: `LIKE ? ESCAPE '!'`; on SQLite no pattern at all: `instr()`/`substr()`,
     * so any length and SQLite's case-ignoring LIKE do not matter). Case-insensitive matching
     * folds ASCII letters only on SQLite.
     */
    Condition<E> startsWith(const QString &text, Qt::CaseSensitivity cs = Qt::CaseSensitive) const
    {
        static_assert(std::is_same_v<U, QString>, "qorm: startsWith() needs a text column");
        return Condition<E>(self().toExpr().matches(Expr::Match::StartsWith, text, cs));
    }
    /*! True where the text ends with \a text, taken literally; see startsWith(). */
    Condition<E> endsWith(const QString &text, Qt::CaseSensitivity cs = Qt::CaseSensitive) const
    {
        static_assert(std::is_same_v<U, QString>, "qorm: endsWith() needs a text column");
        return Condition<E>(self().toExpr().matches(Expr::Match::EndsWith, text, cs));
    }
    /*! True where the text contains \a text, taken literally; see startsWith(). */
    Condition<E> contains(const QString &text, Qt::CaseSensitivity cs = Qt::CaseSensitive) const
    {
        static_assert(std::is_same_v<U, QString>, "qorm: contains() needs a text column");
        return Condition<E>(self().toExpr().matches(Expr::Match::Contains, text, cs));
    }
    /*! Ascending order by this value (`ASC`). */
    Order<E> asc() const { return Order<E>(self().toExpr(), Qt::AscendingOrder); }
    /*! Descending order by this value (`DESC`). */
    Order<E> desc() const { return Order<E>(self().toExpr(), Qt::DescendingOrder); }

private:
    const Derived &self() const { return static_cast<const Derived &>(*this); }
};

} // namespace detail

/*!
 * \brief One `SET column = value` of a bulk UPDATE over entity class E (Query<E>::update()),
 * made by Column::set(): `Track::unitPrice_.set(Decimal::fromString(u"0.89"))`,
 * `Track::milliseconds_.set(Track::milliseconds_ + 1000)`.
 */
template<typename E>
struct Assignment
{
    QString property; //!< The column's property (of E itself, not through a relation).
    Expr value;       //!< The new value: a bound value or an expression over E's columns.
};

/*!
 * \brief The typed handle of a mapped column of entity class E whose property has type T (like
 * SQLAlchemy's `Track.name` or sqlpp11's `tab.name`).
 *
 * QORM_COLUMN(T, name, setter) in a class that declares QORM_ENTITY(E) generates
 * `static constexpr qorm::Column<E, T> name_`; a relation path reaches the columns of related
 * classes (`Track::album_ / Album::title_` is a Column<Track, QString>). Comparisons with values
 * and with other columns of E give a Condition<E>:
 * \code
 * session.query<Track>().where(Track::milliseconds_ > 300000 && Track::name_.startsWith(u"A"_s));
 * \endcode
 * A value that cannot be compared with T (a QString column with an int), a column of another
 * class, or `== std::nullopt` on a NOT NULL column does not compile. std::optional<U> columns
 * compare with U and with std::nullopt (`IS NULL`). Values are bound, converted to the column's
 * type when the query runs (a value that does not convert exactly is a TypeMismatch error).
 * A literal type: handles are compile-time constants, usable from any thread.
 */
template<typename E, typename T>
class Column : public detail::TypedValueOps<Column<E, T>, E, typename detail::ColumnValue<T>::type, detail::ColumnValue<T>::nullable>
{
public:
    /*! The column of property \a name (a string literal). */
    constexpr explicit Column(const char *name) : m_path(name) { }
    /*! The column reached through \a path (relations, then the property). */
    constexpr explicit Column(detail::PropertyPath path) : m_path(path) { }
    /*! The dotted property path, e.g. "album.artist.name". */
    QString path() const { return m_path.toString(); }
    /*! The path's segments (constexpr). */
    constexpr const detail::PropertyPath &propertyPath() const { return m_path; }
    /*! The untyped column expression (Expr::column(path())). */
    Expr toExpr() const { return Expr::column(path()); }
    /*!
     * `SET column = value` for Query<E>::update(): \a value is a value comparable with the
     * column (converted to its type when the statement runs) or a typed value of E.
     */
    template<typename V>
    Assignment<E> set(const V &value) const
    {
        if constexpr (detail::TypedValue<V>) {
            static_assert(std::is_same_v<typename V::EntityType, E> || std::is_void_v<typename V::EntityType>, "qorm: the new value belongs to another entity class");
            static_assert(detail::comparable<typename detail::ColumnValue<T>::type, typename V::ValueType>(), "qorm: this value cannot be stored in this column");
            return Assignment<E>{ path(), value.toExpr() };
        } else if constexpr (std::is_same_v<V, std::nullopt_t>) {
            static_assert(detail::ColumnValue<T>::nullable, "qorm: this column is NOT NULL (not a std::optional)");
            return Assignment<E>{ path(), Expr::value(QVariant()) };
        } else {
            static_assert(detail::comparable<typename detail::ColumnValue<T>::type, V>(), "qorm: this value cannot be stored in this column");
            return Assignment<E>{ path(), Expr::value(detail::boundValue(value)) };
        }
    }

private:
    detail::PropertyPath m_path;
};

/*!
 * \brief The typed handle of a many-to-one relation from entity class S to class T, generated by
 * QORM_BELONGS_TO as `static constexpr qorm::Relation<S, T> name_`. `/` follows it to a column
 * of T or a further relation: `Track::album_ / Album::artist_ / Artist::name_ == u"AC/DC"_s` is a
 * Condition<Track> that joins Album and Artist (INNER JOIN for a NOT NULL foreign key, LEFT OUTER
 * JOIN for a nullable one).
 */
template<typename S, typename T>
class Relation
{
public:
    /*! The relation named \a name (a string literal). */
    constexpr explicit Relation(const char *name) : m_path(name) { }
    /*! The relation reached through \a path. */
    constexpr explicit Relation(detail::PropertyPath path) : m_path(path) { }
    /*! The relation names from S. */
    constexpr const detail::PropertyPath &propertyPath() const { return m_path; }
    /*! The column \a column of T, reached from S. */
    template<typename V>
    friend constexpr Column<S, V> operator/(const Relation &r, const Column<T, V> &column)
    {
        return Column<S, V>(r.m_path.joined(column.propertyPath()));
    }
    /*! The relation \a next of T, reached from S. */
    template<typename U>
    friend constexpr Relation<S, U> operator/(const Relation &r, const Relation<T, U> &next)
    {
        return Relation<S, U>(r.m_path.joined(next.propertyPath()));
    }

private:
    detail::PropertyPath m_path;
};

// --- comparisons ---------------------------------------------------------------------------------

#define QORM_TYPED_COMPARISON(op)                                                                                                   \
    template<detail::TypedValue L, typename R>                                                                                     \
        requires(!detail::TypedValue<R> && !std::is_same_v<R, std::nullopt_t>)                                                    \
    Condition<typename L::EntityType> operator op(const L &left, const R &right)                                                   \
    {                                                                                                                              \
        static_assert(detail::comparable<typename L::ValueType, R>(),                                                              \
                      "qorm: this value cannot be compared with this column (a text column compares with text, a number "         \
                      "column with numbers, other types with their own type)");                                                   \
        return Condition<typename L::EntityType>(left.toExpr() op Expr::value(detail::boundValue(right)));                          \
    }                                                                                                                              \
    template<detail::TypedValue L, detail::TypedValue R>                                                                           \
    Condition<detail::CommonEntity<typename L::EntityType, typename R::EntityType>> operator op(const L &left, const R &right)     \
    {                                                                                                                              \
        static_assert(detail::sameEntity<typename L::EntityType, typename R::EntityType>,                                          \
                      "qorm: these columns belong to two entity classes; reach the other through a relation path");               \
        static_assert(detail::comparable<typename L::ValueType, typename R::ValueType>(),                                          \
                      "qorm: these two columns hold values that cannot be compared");                                              \
        using E = detail::CommonEntity<typename L::EntityType, typename R::EntityType>;                                            \
        return Condition<E>(left.toExpr() op right.toExpr());                                                                      \
    }

QORM_TYPED_COMPARISON(==)
QORM_TYPED_COMPARISON(!=)
QORM_TYPED_COMPARISON(<)
QORM_TYPED_COMPARISON(<=)
QORM_TYPED_COMPARISON(>)
QORM_TYPED_COMPARISON(>=)
#undef QORM_TYPED_COMPARISON

/*! `column == std::nullopt` is `IS NULL`; only for nullable (std::optional) columns. */
template<detail::TypedValue L>
Condition<typename L::EntityType> operator==(const L &left, std::nullopt_t)
{
    static_assert(L::isNullable, "qorm: this column is NOT NULL (not a std::optional): it is never NULL");
    return left.isNull();
}
/*! `column != std::nullopt` is `IS NOT NULL`; only for nullable (std::optional) columns. */
template<detail::TypedValue L>
Condition<typename L::EntityType> operator!=(const L &left, std::nullopt_t)
{
    static_assert(L::isNullable, "qorm: this column is NOT NULL (not a std::optional): it is never NULL");
    return left.isNotNull();
}

} // namespace qorm
