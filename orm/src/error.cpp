// SPDX-License-Identifier: MIT
#include <qorm/error.h>

#include <QMetaEnum>

namespace qorm {

Error::Error(Kind kind, QString message, QString sql, QString driverText)
    : m_kind(kind), m_message(std::move(message)), m_sql(std::move(sql)), m_driverText(std::move(driverText))
{
}

QString Error::kindName(Kind kind)
{
    return QString::fromLatin1(QMetaEnum::fromType<Kind>().valueToKey(int(kind)));
}

QString Error::toString() const
{
    if (!isValid())
        return {};
    QString s = kindName(m_kind) + QStringLiteral(": ") + m_message;
    if (!m_driverText.isEmpty() && !m_message.contains(m_driverText))
        s += QStringLiteral(" (") + m_driverText + u')';
    return s;
}

QDebug operator<<(QDebug dbg, const Error &error)
{
    QDebugStateSaver saver(dbg);
    dbg.nospace() << "qorm::Error(" << Error::kindName(error.kind()) << ", " << error.message();
    if (!error.sql().isEmpty())
        dbg << ", sql: " << error.sql();
    if (!error.driverText().isEmpty())
        dbg << ", driver: " << error.driverText();
    dbg << ')';
    return dbg;
}

} // namespace qorm
