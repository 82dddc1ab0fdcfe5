// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/error.h>

#include <optional>
#include <utility>

namespace qorm {

/*!
 * \brief Either a value of type T or a qorm::Error; what every fallible qorm call returns.
 *
 * Modelled on C++23's std::expected (qorm targets C++20): test with hasValue() or
 * `if (result)`, then take value() or error(). Calling value() on an error result is a
 * programming error and asserts in debug builds; valueOr() is the safe alternative.
 */
template<typename T>
class Result
{
public:
    /*! A successful result holding \a value. */
    Result(T value) : m_value(std::move(value)) { }
    /*! A failed result holding \a error; \a error must be valid. */
    Result(Error error) : m_error(std::move(error)) { Q_ASSERT(m_error.isValid()); }

    bool hasValue() const noexcept { return m_value.has_value(); }
    explicit operator bool() const noexcept { return hasValue(); }

    T &value() & { Q_ASSERT_X(hasValue(), "qorm::Result::value", "result holds an error"); return *m_value; }
    const T &value() const & { Q_ASSERT_X(hasValue(), "qorm::Result::value", "result holds an error"); return *m_value; }
    T &&value() && { Q_ASSERT_X(hasValue(), "qorm::Result::value", "result holds an error"); return std::move(*m_value); }
    T valueOr(T fallback) const { return hasValue() ? *m_value : std::move(fallback); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }

    /*! The error; a default (invalid) Error when the result holds a value. */
    const Error &error() const noexcept { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

} // namespace qorm
