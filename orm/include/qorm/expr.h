// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/qorm_core_export.h>

#include <QString>
#include <QVariant>
#include <QVariantList>
#include <memory>
#include <optional>
#include <type_traits>

namespace qorm {

class QueryBase;
namespace detail {
struct ExprNode;
}

/*!
 * \brief A boolean or value expression over an entity's properties, compiled to SQL with every
 * value bound as a parameter.
 *
 * Build with qorm::col() and the C++ operators:
 * \code
 * query.where(qorm::col(u"milliseconds"_s) > 300000 && qorm::col(u"name"_s).like(u"A%"_s));
 * \endcode
 * Property names (not column names) are used; they are resolved against the entity's mapping
 * when the query runs, and an unknown name is an Error::Kind::UnknownColumn then. Comparing with
 * a null QVariant (`col(x) == QVariant()`) becomes `IS NULL`, as in SQLAlchemy. Values are
 * converted to the column's type; a value that cannot be is an Error::Kind::TypeMismatch.
 * Immutable value type, cheap to copy (shared tree).
 */
class QORM_CORE_EXPORT Expr
{
public:
    /*! The empty expression: no condition. */
    Expr() = default;
    /*! A reference to the column mapped from \a property. */
    static Expr column(const QString &property);
    /*! A literal value, bound as a parameter. */
    static Expr value(const QVariant &value);

    /*!
     * True for the empty expression (default-constructed): no condition. QueryBase::where()
     * ignores an empty condition, `&&` and `||` return the other operand, and `!` returns it
     * unchanged. Any other use of an empty expression (comparing it, isNull()...) is an
     * Error::Kind::InvalidState when the query runs.
     */
    bool isEmpty() const { return !m_node; }

    /*!
     * SQL LIKE \a pattern (with the database's own case rules). The pattern is bound like any
     * compared value, i.e. converted to the column's type, so use it on string columns.
     */
    Expr like(const QString &pattern) const;
    /*!
     * LIKE \a pattern with case sensitivity \a cs: Qt::CaseSensitive is like(pattern);
     * Qt::CaseInsensitive is `ILIKE` on PostgreSQL, `LOWER(x) LIKE LOWER(?)` on MariaDB and `LIKE`
     * on SQLite (which folds ASCII letters only).
     */
    Expr like(const QString &pattern, Qt::CaseSensitivity cs) const;
    /*! What matches() looks for. */
    enum class Match { StartsWith, EndsWith, Contains };
    /*!
     * True where the text starts with, ends with or contains \a text taken literally: the
     * dialect escapes the pattern's wildcards (`LIKE ? ESCAPE '!'`; `LIKE BINARY` for a
     * case-sensitive match on MariaDB; on SQLite no pattern at all, `instr()`/`substr()`), so user
     * text containing `%`, `_` or `!` never widens the match.
     */
    Expr matches(Match kind, const QString &text, Qt::CaseSensitivity cs = Qt::CaseSensitive) const;
    /*! `(x BETWEEN low AND high)`, both bounds included. */
    Expr between(const Expr &low, const Expr &high) const;
    /*! IN (...) over \a values; an empty list is always false. */
    Expr in(const QVariantList &values) const;
    /*! `(<expr> IS NULL)`; what `col(x) == QVariant()` produces. */
    Expr isNull() const;
    /*! `(<expr> IS NOT NULL)`; what `col(x) != QVariant()` produces. */
    Expr isNotNull() const;

    /*!
     * `(a = b)`; `(a IS NULL)` instead when \a b is a null QVariant value (SQL's `= NULL` is
     * never true). A value compared with a column is converted to that column's type before it
     * is bound; here and in the other comparisons a value that cannot be converted exactly is an
     * Error::Kind::TypeMismatch when the query runs.
     */
    friend QORM_CORE_EXPORT Expr operator==(const Expr &a, const Expr &b);
    /*! `(a <> b)`; `(a IS NOT NULL)` instead when \a b is a null QVariant value. */
    friend QORM_CORE_EXPORT Expr operator!=(const Expr &a, const Expr &b);
    /*! `(a < b)`. A null value is bound as NULL, so the comparison matches no row. */
    friend QORM_CORE_EXPORT Expr operator<(const Expr &a, const Expr &b);
    /*! `(a <= b)`. A null value is bound as NULL, so the comparison matches no row. */
    friend QORM_CORE_EXPORT Expr operator<=(const Expr &a, const Expr &b);
    /*! `(a > b)`. A null value is bound as NULL, so the comparison matches no row. */
    friend QORM_CORE_EXPORT Expr operator>(const Expr &a, const Expr &b);
    /*! `(a >= b)`. A null value is bound as NULL, so the comparison matches no row. */
    friend QORM_CORE_EXPORT Expr operator>=(const Expr &a, const Expr &b);
    /*! `(a AND b)`; when either operand is empty (isEmpty()), the other one unchanged. */
    friend QORM_CORE_EXPORT Expr operator&&(const Expr &a, const Expr &b);
    /*! `(a OR b)`; when either operand is empty (isEmpty()), the other one unchanged. */
    friend QORM_CORE_EXPORT Expr operator||(const Expr &a, const Expr &b);
    /*! `(NOT a)`; the empty expression stays empty. */
    friend QORM_CORE_EXPORT Expr operator!(const Expr &a);

    /*! Internal: the expression tree. */
    const detail::ExprNode *node() const { return m_node.get(); }
    /*! Internal: the shared expression tree. */
    std::shared_ptr<const detail::ExprNode> nodePointer() const { return m_node; }
    /*! Internal: an expression over the tree \a node. */
    static Expr fromNode(std::shared_ptr<const detail::ExprNode> node) { return Expr(std::move(node)); }

private:
    explicit Expr(std::shared_ptr<const detail::ExprNode> node) : m_node(std::move(node)) { }
    std::shared_ptr<const detail::ExprNode> m_node;
};

/*! Shorthand for Expr::column(\a property). */
inline Expr col(const QString &property) { return Expr::column(property); }

/*! Any value that can be compared with a column: everything but an Expr. */
template<typename V>
concept ExprValue = !std::is_same_v<std::remove_cvref_t<V>, Expr> && !std::is_same_v<std::remove_cvref_t<V>, std::nullopt_t>
        && !requires { typename std::remove_cvref_t<V>::EntityType; }; // typed handles compare through their own operators

/*! `col(x) == std::nullopt` is `IS NULL`. */
inline Expr operator==(const Expr &a, std::nullopt_t) { return a.isNull(); }
/*! `col(x) != std::nullopt` is `IS NOT NULL`. */
inline Expr operator!=(const Expr &a, std::nullopt_t) { return a.isNotNull(); }

namespace detail {
/*! Whether T is a std::optional. */
template<typename T>
struct IsOptional : std::false_type { };
/*! \overload */
template<typename T>
struct IsOptional<std::optional<T>> : std::true_type { };

/*!
 * \a v as a QVariant for binding: string literals and string views become QString (so
 * `col("name") == "John"` works), everything else QVariant::fromValue().
 */
template<typename V>
QVariant exprValue(const V &v)
{
    using D = std::decay_t<V>;
    if constexpr (IsOptional<D>::value)
        return v.has_value() ? exprValue(*v) : QVariant(); // std::nullopt is NULL: `== std::nullopt` is IS NULL
    else if constexpr (std::is_same_v<D, QString>)
        return v.isNull() ? QVariant() : QVariant(v); // a null QString is SQL NULL, as when it is bound
    else if constexpr (std::is_same_v<D, const char *> || std::is_same_v<D, char *>)
        return QVariant(QString::fromUtf8(v));
    else if constexpr (std::is_same_v<D, const char16_t *> || std::is_same_v<D, char16_t *>)
        return QVariant(QString::fromUtf16(v));
    else if constexpr (std::is_same_v<D, QLatin1StringView> || std::is_same_v<D, QStringView> || std::is_same_v<D, QUtf8StringView>)
        return QVariant(v.toString());
    else if constexpr (std::is_same_v<D, QVariant>)
        return v;
    else
        return QVariant::fromValue(v);
}
} // namespace detail

// Comparisons with plain values: `col("age") > 30`, `col("name") == "John"`.
#define QORM_EXPR_VALUE_OPERATOR(op)                                                               \
    template<ExprValue V> Expr operator op(const Expr &a, const V &v) { return a op Expr::value(detail::exprValue(v)); }
QORM_EXPR_VALUE_OPERATOR(==)
QORM_EXPR_VALUE_OPERATOR(!=)
QORM_EXPR_VALUE_OPERATOR(<)
QORM_EXPR_VALUE_OPERATOR(<=)
QORM_EXPR_VALUE_OPERATOR(>)
QORM_EXPR_VALUE_OPERATOR(>=)
#undef QORM_EXPR_VALUE_OPERATOR

namespace detail {
/*! Internal expression tree node; see sqlbuilder.cpp for its SQL. */
struct ExprNode
{
    enum class Op { Column, Value, Eq, Ne, Lt, Le, Gt, Ge, And, Or, Not, Like, In, IsNull, IsNotNull, Between, Match, Function, Add, Sub, Mul, Div,
                    InQuery, Exists, Scalar };
    Op op = Op::Value;
    QString property;
    QVariant value;
    QVariantList values;
    std::shared_ptr<const ExprNode> left;
    std::shared_ptr<const ExprNode> right;
    std::shared_ptr<const ExprNode> third; //!< Between: the upper bound.
    QList<std::shared_ptr<const ExprNode>> args; //!< Function: the arguments (property holds the function's name).
    bool distinct = false;                 //!< Function: an aggregate over DISTINCT values.
    bool outer = false;                    //!< Column: a column of the enclosing query (a correlated subquery).
    std::shared_ptr<const QueryBase> subquery; //!< InQuery, Exists, Scalar: the inner SELECT.
    bool caseInsensitive = false;          //!< Like, Match.
    int match = 0;                         //!< Match: an Expr::Match.
};
} // namespace detail

} // namespace qorm
