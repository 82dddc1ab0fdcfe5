// SPDX-License-Identifier: MIT
#include <qorm/decimal.h>

#include <QLocale>
#include <QtNumeric>
#include <cmath>
#include <limits>

namespace qorm {

namespace {
constexpr qint64 pow10(int n)
{
    qint64 r = 1;
    while (n-- > 0)
        r *= 10;
    return r;
}

bool scaleUp(qint64 value, int by, qint64 *out)
{
    return !qMulOverflow(value, pow10(by), out);
}
} // namespace

Decimal Decimal::fromString(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return {};
    bool negative = false;
    qsizetype i = 0;
    if (text[0] == u'-' || text[0] == u'+') {
        negative = text[0] == u'-';
        ++i;
    }
    qint64 unscaled = 0;
    int scale = 0;
    bool seenPoint = false;
    bool seenDigit = false;
    for (; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == u'.' && !seenPoint) {
            seenPoint = true;
            continue;
        }
        if (c < u'0' || c > u'9')
            return {};
        seenDigit = true;
        if (seenPoint) {
            if (scale == 18)
                return {};
            ++scale;
        }
        // Accumulate negatively: the negative range is one larger, so INT64_MIN parses too.
        if (qMulOverflow(unscaled, qint64(10), &unscaled) || qSubOverflow(unscaled, qint64(c.unicode() - u'0'), &unscaled))
            return {};
    }
    if (!seenDigit)
        return {};
    if (!negative && unscaled == std::numeric_limits<qint64>::min())
        return {};
    return Decimal(negative ? unscaled : -unscaled, scale);
}

Decimal Decimal::fromDouble(double value)
{
    if (!std::isfinite(value))
        return {};
    // The shortest representation that round-trips, so 0.99 read from a REAL column stays 0.99.
    return fromString(QString::number(value, 'f', QLocale::FloatingPointShortest));
}

QString Decimal::toString() const
{
    if (!m_valid)
        return {};
    const bool negative = m_unscaled < 0;
    // Work on the magnitude as unsigned so that INT64_MIN does not overflow.
    const quint64 magnitude = negative ? quint64(0) - quint64(m_unscaled) : quint64(m_unscaled);
    QString digits = QString::number(magnitude);
    if (m_scale > 0) {
        if (digits.size() <= m_scale)
            digits.prepend(QString(m_scale - digits.size() + 1, u'0'));
        digits.insert(digits.size() - m_scale, u'.');
    }
    return negative ? u'-' + digits : digits;
}

double Decimal::toDouble() const
{
    return m_valid ? toString().toDouble() : std::numeric_limits<double>::quiet_NaN();
}

Decimal Decimal::rescaled(int scale) const
{
    if (!m_valid || scale < 0 || scale > 18)
        return {};
    if (scale >= m_scale) {
        qint64 out;
        return scaleUp(m_unscaled, scale - m_scale, &out) ? Decimal(out, scale) : Decimal();
    }
    const qint64 divisor = pow10(m_scale - scale);
    qint64 q = m_unscaled / divisor;
    const qint64 r = m_unscaled % divisor;
    if (2 * (r < 0 ? -r : r) >= divisor)
        q += m_unscaled < 0 ? -1 : 1;
    return Decimal(q, scale);
}

Decimal Decimal::operator+(const Decimal &other) const
{
    if (!m_valid || !other.m_valid)
        return {};
    const int scale = std::max(m_scale, other.m_scale);
    qint64 a, b, sum;
    if (!scaleUp(m_unscaled, scale - m_scale, &a) || !scaleUp(other.m_unscaled, scale - other.m_scale, &b)
        || qAddOverflow(a, b, &sum))
        return {};
    return Decimal(sum, scale);
}

Decimal Decimal::operator-(const Decimal &other) const
{
    if (!other.m_valid || other.m_unscaled == std::numeric_limits<qint64>::min())
        return {};
    return *this + Decimal(-other.m_unscaled, other.m_scale);
}

Decimal Decimal::operator*(const Decimal &other) const
{
    if (!m_valid || !other.m_valid || m_scale + other.m_scale > 18)
        return {};
    qint64 product;
    if (qMulOverflow(m_unscaled, other.m_unscaled, &product))
        return {};
    return Decimal(product, m_scale + other.m_scale);
}

bool Decimal::operator==(const Decimal &other) const
{
    if (!m_valid || !other.m_valid)
        return m_valid == other.m_valid;
    return (*this <=> other) == std::partial_ordering::equivalent;
}

std::partial_ordering Decimal::operator<=>(const Decimal &other) const
{
    if (!m_valid || !other.m_valid)
        return std::partial_ordering::unordered;
    const int scale = std::max(m_scale, other.m_scale);
    qint64 a, b;
    if (scaleUp(m_unscaled, scale - m_scale, &a) && scaleUp(other.m_unscaled, scale - other.m_scale, &b))
        return a <=> b;
    return toDouble() <=> other.toDouble(); // only for magnitudes beyond 64 bits at the common scale
}

} // namespace qorm
