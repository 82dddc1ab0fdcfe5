// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/column.h>

namespace qorm {

/*!
 * \brief A typed value expression of entity class E with C++ value type T: a function of
 * columns (`qorm::lower(Track::name_)`), arithmetic (`Track::unitPrice_ * 2`) or an aggregate
 * (`qorm::sum(InvoiceLine::unitPrice_)`).
 *
 * Compares like a column (giving a Condition<E>), orders (`asc()`, `desc()`), and is selected by
 * Query<T>::select(). E is `void` for values of no particular class (`qorm::count()`), which fit
 * any query. May be NULL (an aggregate over no rows, a function of a NULL) unless \a Nullable is
 * false (COUNT). Immutable, cheap to copy (a shared expression tree).
 */
template<typename E, typename T, bool Nullable = true>
class Value : public detail::TypedValueOps<Value<E, T, Nullable>, E, T, Nullable>
{
public:
    /*! Wraps \a expression, whose SQL value has type T (not checked). */
    explicit Value(Expr expression) : m_expr(std::move(expression)) { }
    /*! The untyped expression. */
    Expr toExpr() const { return m_expr; }

private:
    Expr m_expr;
};

namespace detail {

/*! The typed value \a v as an Expr (a column handle, a Value, or a plain value bound as a parameter). */
template<typename V>
Expr operandExpr(const V &v)
{
    if constexpr (TypedValue<V>)
        return v.toExpr();
    else
        return Expr::value(boundValue(v));
}

/*! The entity type of a typed value, or void for a plain value. */
template<typename V>
struct EntityOf
{
    using type = void;
};
template<TypedValue V>
struct EntityOf<V>
{
    using type = typename V::EntityType;
};

/*! A number, a Decimal or a typed value. */
template<typename T>
concept ArithmeticOperand = TypedValue<T> || isNumber<T> || std::is_same_v<T, Decimal>;
/*! Operands of `+ - * /` over typed values: at least one typed value, the other a typed value or a number. */
template<typename L, typename R>
inline constexpr bool arithmeticOperands = (TypedValue<L> || TypedValue<R>) && ArithmeticOperand<L> && ArithmeticOperand<R>;

/*! The C++ type of a SUM over values of type U: qint64 for integers, Decimal for Decimal, else double. */
template<typename U>
using SumType = std::conditional_t<std::is_integral_v<U>, qint64, std::conditional_t<std::is_same_v<U, Decimal>, Decimal, double>>;

/*! A call of SQL function \a name (rendered per dialect) over \a args. */
QORM_CORE_EXPORT Expr function(const char *name, const QList<Expr> &args, bool distinct = false);
/*! The column \a property of the enclosing query, inside a subquery. */
QORM_CORE_EXPORT Expr outerColumn(const QString &property);
/*! Arithmetic \a op (`+ - * /`) over \a a and \a b. */
QORM_CORE_EXPORT Expr arithmetic(char op, const Expr &a, const Expr &b);

} // namespace detail

// --- functions -----------------------------------------------------------------------------------

/*! `LOWER(x)`: \a text in lower case (SQLite folds ASCII letters only). */
template<detail::TypedValue V>
Value<typename V::EntityType, QString> lower(const V &text)
{
    static_assert(std::is_same_v<typename V::ValueType, QString>, "qorm: lower() needs a text value");
    return Value<typename V::EntityType, QString>(detail::function("lower", { text.toExpr() }));
}
/*! `UPPER(x)`: \a text in upper case (SQLite folds ASCII letters only). */
template<detail::TypedValue V>
Value<typename V::EntityType, QString> upper(const V &text)
{
    static_assert(std::is_same_v<typename V::ValueType, QString>, "qorm: upper() needs a text value");
    return Value<typename V::EntityType, QString>(detail::function("upper", { text.toExpr() }));
}
/*! The number of characters of \a text (`LENGTH`; `CHAR_LENGTH` on MariaDB, whose LENGTH counts bytes). */
template<detail::TypedValue V>
Value<typename V::EntityType, qint64> length(const V &text)
{
    static_assert(std::is_same_v<typename V::ValueType, QString>, "qorm: length() needs a text value");
    return Value<typename V::EntityType, qint64>(detail::function("length", { text.toExpr() }));
}
/*! `ABS(x)`. */
template<detail::TypedValue V>
Value<typename V::EntityType, typename V::ValueType> abs(const V &number)
{
    static_assert(detail::isNumber<typename V::ValueType> || std::is_same_v<typename V::ValueType, Decimal>, "qorm: abs() needs a number");
    return Value<typename V::EntityType, typename V::ValueType>(detail::function("abs", { number.toExpr() }));
}
/*! \a number rounded to \a decimals places (`ROUND(x, n)`; on PostgreSQL through NUMERIC), as a double. */
template<detail::TypedValue V>
Value<typename V::EntityType, double> round(const V &number, int decimals = 0)
{
    static_assert(detail::isNumber<typename V::ValueType> || std::is_same_v<typename V::ValueType, Decimal>, "qorm: round() needs a number");
    return Value<typename V::EntityType, double>(detail::function("round", { number.toExpr(), Expr::value(decimals) }));
}
/*! `COALESCE(x, fallback)`: \a value, or \a fallback where it is NULL. */
template<detail::TypedValue V, typename F>
Value<typename V::EntityType, typename V::ValueType> coalesce(const V &value, const F &fallback)
{
    if constexpr (detail::TypedValue<F>)
        static_assert(detail::comparable<typename V::ValueType, typename F::ValueType>(), "qorm: coalesce() needs a fallback of the value's type");
    else
        static_assert(detail::comparable<typename V::ValueType, F>(), "qorm: coalesce() needs a fallback of the value's type");
    return Value<typename V::EntityType, typename V::ValueType>(detail::function("coalesce", { value.toExpr(), detail::operandExpr(fallback) }));
}

// --- aggregates ----------------------------------------------------------------------------------

/*! `COUNT(*)`: the rows of the query or group. */
inline Value<void, qint64, false> count()
{
    return Value<void, qint64, false>(detail::function("count", {}));
}
/*! `COUNT(x)`: the rows where \a value is not NULL. */
template<detail::TypedValue V>
Value<typename V::EntityType, qint64, false> count(const V &value)
{
    return Value<typename V::EntityType, qint64, false>(detail::function("count", { value.toExpr() }));
}
/*! `COUNT(DISTINCT x)`. */
template<detail::TypedValue V>
Value<typename V::EntityType, qint64, false> countDistinct(const V &value)
{
    return Value<typename V::EntityType, qint64, false>(detail::function("count", { value.toExpr() }, true));
}
/*!
 * `SUM(x)`: qint64 for integers, double for doubles, qorm::Decimal for Decimal columns — exact on
 * every backend (on SQLite through qorm's own aggregate `qorm_decimal_sum`, registered on each
 * connection, because SQLite's SUM adds text decimals as doubles). NULL over no rows.
 */
template<detail::TypedValue V>
Value<typename V::EntityType, detail::SumType<typename V::ValueType>> sum(const V &value)
{
    static_assert(detail::isNumber<typename V::ValueType> || std::is_same_v<typename V::ValueType, Decimal>, "qorm: sum() needs a number");
    return Value<typename V::EntityType, detail::SumType<typename V::ValueType>>(
            detail::function(std::is_same_v<typename V::ValueType, Decimal> ? "sum_decimal" : "sum", { value.toExpr() }));
}
/*! `AVG(x)` as a double (NULL over no rows). */
template<detail::TypedValue V>
Value<typename V::EntityType, double> avg(const V &value)
{
    static_assert(detail::isNumber<typename V::ValueType> || std::is_same_v<typename V::ValueType, Decimal>, "qorm: avg() needs a number");
    return Value<typename V::EntityType, double>(detail::function("avg", { value.toExpr() }));
}
/*! `MIN(x)` (NULL over no rows). */
template<detail::TypedValue V>
Value<typename V::EntityType, typename V::ValueType> min(const V &value)
{
    return Value<typename V::EntityType, typename V::ValueType>(detail::function("min", { value.toExpr() }));
}
/*! `MAX(x)` (NULL over no rows). */
template<detail::TypedValue V>
Value<typename V::EntityType, typename V::ValueType> max(const V &value)
{
    return Value<typename V::EntityType, typename V::ValueType>(detail::function("max", { value.toExpr() }));
}

// --- arithmetic ----------------------------------------------------------------------------------

#define QORM_TYPED_ARITHMETIC(op, ch)                                                                                        \
    template<typename L, typename R>                                                                                        \
        requires(detail::arithmeticOperands<L, R>)                                                                          \
    auto operator op(const L &left, const R &right)                                                                         \
    {                                                                                                                       \
        using LE = typename detail::EntityOf<L>::type;                                                                      \
        using RE = typename detail::EntityOf<R>::type;                                                                      \
        static_assert(detail::sameEntity<LE, RE>, "qorm: these values belong to two entity classes");                       \
        using LV = std::conditional_t<detail::TypedValue<L>, L, R>;                                                         \
        using U = typename LV::ValueType;                                                                                   \
        static_assert(detail::isNumber<U> || std::is_same_v<U, Decimal>, "qorm: arithmetic needs numbers");                 \
        return Value<detail::CommonEntity<LE, RE>, U>(detail::arithmetic(ch, detail::operandExpr(left), detail::operandExpr(right))); \
    }

QORM_TYPED_ARITHMETIC(+, '+')
QORM_TYPED_ARITHMETIC(-, '-')
QORM_TYPED_ARITHMETIC(*, '*')
QORM_TYPED_ARITHMETIC(/, '/')
#undef QORM_TYPED_ARITHMETIC

} // namespace qorm
