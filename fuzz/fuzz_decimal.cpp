// SPDX-License-Identifier: MIT
// Fuzz target: qorm::Decimal parsing and arithmetic. Any text either parses to a Decimal whose
// text parses back to the same value, or is refused; arithmetic overflows give an invalid
// Decimal, never undefined behaviour (UBSan watches).
#include <qorm/decimal.h>

#include <QString>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const qorm::Decimal d = qorm::Decimal::fromString(text);
    if (!d.isValid())
        return 0;
    const qorm::Decimal again = qorm::Decimal::fromString(d.toString());
    if (!again.isValid() || again != d || again.scale() != d.scale())
        std::abort();
    const qorm::Decimal half = qorm::Decimal::fromString(text.left(text.size() / 2));
    (void)(d + half);
    (void)(d - half);
    (void)(d * half);
    (void)(d <=> half);
    (void)d.rescaled(int(size % 20));
    (void)d.toDouble();
    return 0;
}
