// SPDX-License-Identifier: MIT
#include <qorm/namingstrategy.h>

namespace qorm {

QString applyNamingStrategy(NamingStrategy strategy, const QString &logicalName)
{
    switch (strategy) {
    case NamingStrategy::AsIs:
        return logicalName;
    case NamingStrategy::PascalCase: {
        QString s = logicalName;
        if (!s.isEmpty())
            s[0] = s[0].toUpper();
        return s;
    }
    case NamingStrategy::SnakeCase: {
        QString out;
        out.reserve(logicalName.size() + 4);
        for (qsizetype i = 0; i < logicalName.size(); ++i) {
            const QChar c = logicalName[i];
            if (c.isUpper()) {
                // A word boundary before an upper-case letter that follows a lower-case letter or
                // digit, or that starts a word after an acronym ("HTTPServer" -> "http_server").
                const bool prevLowerOrDigit = i > 0 && (logicalName[i - 1].isLower() || logicalName[i - 1].isDigit());
                const bool acronymEnd = i > 0 && logicalName[i - 1].isUpper() && i + 1 < logicalName.size()
                        && logicalName[i + 1].isLower();
                if ((prevLowerOrDigit || acronymEnd) && !out.endsWith(u'_'))
                    out += u'_';
                out += c.toLower();
            } else {
                out += c;
            }
        }
        return out;
    }
    }
    return logicalName;
}

NamingStrategy namingStrategyFromString(const QString &text, bool *ok)
{
    const QString t = text.toLower();
    if (ok)
        *ok = true;
    if (t == QStringLiteral("snake_case"))
        return NamingStrategy::SnakeCase;
    if (t == QStringLiteral("pascal_case"))
        return NamingStrategy::PascalCase;
    if (t != QStringLiteral("as_is") && ok)
        *ok = false;
    return NamingStrategy::AsIs;
}

} // namespace qorm
