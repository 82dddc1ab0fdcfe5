// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/expr.h>

#include <type_traits>

namespace qorm {

/*!
 * \brief A WHERE condition over entity class E, built from E's typed column handles.
 *
 * `Track::milliseconds_ > 300000 && Track::name_.startsWith(u"A"_s)` is a Condition<Track>;
 * Query<Track>::where() accepts it, and a Condition<Album> there does not compile. `&&`, `||`
 * and `!` keep the class; combining conditions of two classes does not compile either (reach
 * another class's columns through a relation path instead: `Track::album_ / Album::title_`).
 * A thin typed wrapper of an Expr (shared, immutable tree): cheap to copy, any thread.
 */
template<typename E>
class Condition
{
public:
    /*! The empty condition: no restriction (where() ignores it; `&&` and `||` return the other side). */
    Condition() = default;
    /*! Wraps \a expression, which must be a boolean expression over E's columns (not checked). */
    explicit Condition(Expr expression) : m_expr(std::move(expression)) { }
    /*! The untyped expression. */
    const Expr &expr() const { return m_expr; }
    /*! True for the empty condition. */
    bool isEmpty() const { return m_expr.isEmpty(); }

    /*! `(a AND b)`. */
    friend Condition operator&&(const Condition &a, const Condition &b) { return Condition(a.m_expr && b.m_expr); }
    /*! `(a OR b)`. */
    friend Condition operator||(const Condition &a, const Condition &b) { return Condition(a.m_expr || b.m_expr); }
    /*! `(NOT a)`. */
    friend Condition operator!(const Condition &a) { return Condition(!a.m_expr); }

private:
    Expr m_expr;
};

/*!
 * Combining a condition of no particular class (over `qorm::count()` and the like) with one of
 * class B gives a condition of B; conditions over two different classes do not compile.
 */
template<typename A, typename B>
    requires(!std::is_same_v<A, B>)
Condition<std::conditional_t<std::is_void_v<A>, B, A>> operator&&(const Condition<A> &a, const Condition<B> &b)
{
    static_assert(std::is_void_v<A> || std::is_void_v<B>,
                  "qorm: these conditions are over two entity classes; reach the other class through a relation path (Track::album_ / Album::title_)");
    return Condition<std::conditional_t<std::is_void_v<A>, B, A>>(a.expr() && b.expr());
}
/*! \overload */
template<typename A, typename B>
    requires(!std::is_same_v<A, B>)
Condition<std::conditional_t<std::is_void_v<A>, B, A>> operator||(const Condition<A> &a, const Condition<B> &b)
{
    static_assert(std::is_void_v<A> || std::is_void_v<B>,
                  "qorm: these conditions are over two entity classes; reach the other class through a relation path (Track::album_ / Album::title_)");
    return Condition<std::conditional_t<std::is_void_v<A>, B, A>>(a.expr() || b.expr());
}

} // namespace qorm
