// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/error.h>

#include <optional>
#include <utility>

namespace qorm {

namespace detail {
/*! Ends the process with qFatal() naming \a error: value() was called on a failed Result. */
[[noreturn]] QORM_CORE_EXPORT void resultValueOnError(const Error &error);
} // namespace detail

/*!
 * \brief Either a value of type T or a qorm::Error; what every fallible qorm call returns.
 *
 * Modelled on C++23's std::expected (qorm targets C++20): test with hasValue() or
 * `if (result)`, then take value() or error(). The type is `[[nodiscard]]`, so a result that is
 * never looked at draws a compiler warning.
 *
 * Calling value() (or `*`, `->`) on a result that holds an error is a programming error. It is
 * never undefined behaviour: in every build type it ends the process through qFatal() with the
 * error's text ("qorm::Result::value() called on an error: ..."), which a debugger or a core
 * dump shows. valueOr() is the safe alternative when a fallback makes sense.
 */
template<typename T>
class [[nodiscard]] Result
{
public:
    /*! A successful result holding \a value. */
    Result(T value) : m_value(std::move(value)) { }
    /*!
     * A failed result holding \a error. An invalid (default) \a error is replaced by an
     * InvalidState error, so a failed Result always says why.
     */
    Result(Error error) : m_error(std::move(error))
    {
        if (!m_error.isValid())
            m_error = Error(Error::Kind::InvalidState, QStringLiteral("a failed qorm::Result was created without an error"));
    }

    /*! True when the result holds a value. */
    bool hasValue() const noexcept { return m_value.has_value(); }
    /*! Same as hasValue(), for `if (result)`. */
    explicit operator bool() const noexcept { return hasValue(); }

    /*! The value; ends the process with qFatal() when the result holds an error (see above). */
    T &value() & { check(); return *m_value; }
    /*! \overload */
    const T &value() const & { check(); return *m_value; }
    /*! \overload */
    T &&value() && { check(); return std::move(*m_value); }
    /*! The value, or \a fallback when the result holds an error. */
    T valueOr(T fallback) const { return hasValue() ? *m_value : std::move(fallback); }
    /*! Member access to the value; ends the process when the result holds an error. */
    T *operator->() { return &value(); }
    /*! \overload */
    const T *operator->() const { return &value(); }
    /*! The value; ends the process when the result holds an error. */
    T &operator*() & { return value(); }

    /*! The error; a default (invalid) Error when the result holds a value. */
    const Error &error() const noexcept { return m_error; }

private:
    void check() const
    {
        if (!m_value.has_value()) [[unlikely]]
            detail::resultValueOnError(m_error);
    }
    std::optional<T> m_value;
    Error m_error;
};

} // namespace qorm
