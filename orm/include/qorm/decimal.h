// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/qorm_core_export.h>

#include <QMetaType>
#include <QString>
#include <compare>

namespace qorm {

/*!
 * \brief An exact decimal number for money and other base-10 quantities.
 *
 * Stored as a 64-bit unscaled integer and a scale (digits after the point, 0..18), so 0.1 + 0.2
 * is exactly 0.3. Mapped to NUMERIC/DECIMAL columns. Arithmetic that would overflow 64 bits
 * yields an invalid Decimal (isValid() false), never a silently wrong value.
 * Value type; thread-safe as any value.
 */
class QORM_CORE_EXPORT Decimal
{
public:
    /*! An invalid (null) decimal. */
    constexpr Decimal() = default;
    /*! The value \a unscaled × 10^-\a scale; e.g. Decimal(99, 2) is 0.99. */
    constexpr Decimal(qint64 unscaled, int scale) : m_unscaled(unscaled), m_scale(scale), m_valid(scale >= 0 && scale <= 18) { }

    /*! Parses "-12.340", "5", "+0.5" exactly; an invalid Decimal for anything else. */
    static Decimal fromString(QStringView text);
    /*! The shortest decimal that round-trips \a value (so 0.99 stays 0.99); invalid for NaN/Inf. */
    static Decimal fromDouble(double value);

    /*!
     * True when this holds a number: false for a default-constructed Decimal, a scale outside
     * 0..18, text that fromString() could not parse, NaN/infinity, and the result of arithmetic
     * that overflowed.
     */
    bool isValid() const noexcept { return m_valid; }
    /*!
     * The digits as one integer without the decimal point: 1299 for 12.99 (scale 2). The value
     * is unscaledValue() × 10^-scale(). Meaningless when isValid() is false.
     */
    qint64 unscaledValue() const noexcept { return m_unscaled; }
    /*!
     * The number of digits after the decimal point, 0..18 for a valid Decimal. Trailing zeros
     * count: fromString("1.50") has scale 2 (use rescaled() to change it).
     */
    int scale() const noexcept { return m_scale; }

    /*! Plain notation with exactly scale() digits after the point, e.g. "0.99"; empty if invalid. */
    QString toString() const;
    /*! The nearest double (lossy by nature). */
    double toDouble() const;
    /*! The same value with \a scale digits, rounding half away from zero when digits are dropped. */
    Decimal rescaled(int scale) const;

    /*!
     * The exact sum, with the larger of the two scales (1.5 + 0.25 is 1.75, scale 2). Invalid
     * when either operand is invalid or the result does not fit in 64 bits at that scale.
     */
    Decimal operator+(const Decimal &other) const;
    /*!
     * The exact difference, with the larger of the two scales. Invalid when either operand is
     * invalid or the result does not fit in 64 bits at that scale.
     */
    Decimal operator-(const Decimal &other) const;
    /*!
     * The exact product, whose scale is the sum of the operands' scales (1.5 × 0.25 is 0.375,
     * scale 3); nothing is rounded. Invalid when either operand is invalid, the scales add up
     * to more than 18, or the product overflows 64 bits; rescaled() the operands first to avoid
     * that.
     */
    Decimal operator*(const Decimal &other) const;

    /*! Numeric equality: 1.50 == 1.5. Two invalid decimals are equal. */
    bool operator==(const Decimal &other) const;
    /*!
     * Numeric order, independent of scale (1.5 < 1.75, 1.50 is equivalent to 1.5). Unordered
     * when either operand is invalid, so every `<`, `<=`, `>`, `>=` with an invalid Decimal is
     * false.
     */
    std::partial_ordering operator<=>(const Decimal &other) const;

private:
    qint64 m_unscaled = 0;
    int m_scale = 0;
    bool m_valid = false;
};

} // namespace qorm

Q_DECLARE_METATYPE(qorm::Decimal)
