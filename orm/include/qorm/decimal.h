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

    bool isValid() const noexcept { return m_valid; }
    qint64 unscaledValue() const noexcept { return m_unscaled; }
    int scale() const noexcept { return m_scale; }

    /*! Plain notation with exactly scale() digits after the point, e.g. "0.99"; empty if invalid. */
    QString toString() const;
    /*! The nearest double (lossy by nature). */
    double toDouble() const;
    /*! The same value with \a scale digits, rounding half away from zero when digits are dropped. */
    Decimal rescaled(int scale) const;

    Decimal operator+(const Decimal &other) const;
    Decimal operator-(const Decimal &other) const;
    Decimal operator*(const Decimal &other) const;

    /*! Numeric equality: 1.50 == 1.5. Two invalid decimals are equal. */
    bool operator==(const Decimal &other) const;
    std::partial_ordering operator<=>(const Decimal &other) const;

private:
    qint64 m_unscaled = 0;
    int m_scale = 0;
    bool m_valid = false;
};

} // namespace qorm

Q_DECLARE_METATYPE(qorm::Decimal)
