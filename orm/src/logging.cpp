// SPDX-License-Identifier: MIT
#include "logging_p.h"

#include <QByteArray>
#include <QStringList>

namespace qorm {
Q_LOGGING_CATEGORY(lcSql, "qorm.sql", QtWarningMsg)
Q_LOGGING_CATEGORY(lcConnection, "qorm.connection", QtWarningMsg)

namespace detail {

QString formatValues(const QVariantList &values)
{
    constexpr qsizetype maxText = 60;
    QStringList parts;
    parts.reserve(values.size());
    for (const QVariant &v : values) {
        if (!v.isValid() || v.isNull() || (v.metaType() == QMetaType::fromType<QString>() && v.toString().isNull())
            || (v.metaType() == QMetaType::fromType<QByteArray>() && v.toByteArray().isNull())) {
            parts.append(QStringLiteral("NULL"));
        } else if (v.metaType() == QMetaType::fromType<QString>()) {
            QString s = v.toString();
            if (s.size() > maxText)
                s = s.left(maxText) + QStringLiteral("...(%1 chars)").arg(s.size());
            parts.append(u'\'' + s.replace(u'\'', QStringLiteral("''")) + u'\'');
        } else if (v.metaType() == QMetaType::fromType<QByteArray>()) {
            const QByteArray b = v.toByteArray();
            parts.append(QStringLiteral("x'%1'%2").arg(QString::fromLatin1(b.left(maxText / 2).toHex()),
                                                      b.size() > maxText / 2 ? QStringLiteral("...(%1 bytes)").arg(b.size()) : QString()));
        } else {
            parts.append(v.toString());
        }
    }
    return u'[' + parts.join(QStringLiteral(", ")) + u']';
}

void logStatement(const QString &sql, const QVariantList &values, qint64 elapsedMicroseconds, const QString &error)
{
    if (!lcSql().isDebugEnabled())
        return;
    if (error.isEmpty())
        qCDebug(lcSql).noquote().nospace() << sql << ' ' << formatValues(values) << ' ' << elapsedMicroseconds << " us";
    else
        qCDebug(lcSql).noquote().nospace() << "FAILED " << sql << ' ' << formatValues(values) << ' ' << elapsedMicroseconds
                                           << " us: " << error;
}

} // namespace detail
} // namespace qorm
