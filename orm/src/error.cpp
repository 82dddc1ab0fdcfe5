// SPDX-License-Identifier: MIT
#include <qorm/error.h>

#include <QMetaEnum>

namespace qorm {

Error::Error(Kind kind, QString message, QString sql, QString driverText)
    : m_kind(kind), m_message(std::move(message)), m_sql(std::move(sql)), m_driverText(std::move(driverText))
{
}

void Error::setSubject(const QString &entity, const QString &property)
{
    m_entity = entity;
    m_property = property;
}

QString Error::kindName(Kind kind)
{
    return QString::fromLatin1(QMetaEnum::fromType<Kind>().valueToKey(int(kind)));
}

QString Error::toString() const
{
    if (!isValid())
        return {};
    QString s = m_message.isEmpty() ? kindName(m_kind) : m_message;
    if (!m_backend.isEmpty() && !m_nativeCode.isEmpty())
        s += QStringLiteral(" (%1 %2)").arg(m_backend, m_nativeCode);
    else if (!m_backend.isEmpty())
        s += QStringLiteral(" (%1)").arg(m_backend);
    return s;
}

QString Error::detailedText() const
{
    if (!isValid())
        return {};
    QString s = kindName(m_kind) + QStringLiteral(": ") + m_message;
    if (!m_sql.isEmpty())
        s += QStringLiteral("\nSQL: ") + m_sql;
    if (!m_driverText.isEmpty())
        s += QStringLiteral("\nDatabase: ") + m_driverText;
    if (!m_nativeCode.isEmpty())
        s += QStringLiteral("\nCode: ") + (m_backend.isEmpty() ? m_nativeCode : m_backend + u' ' + m_nativeCode);
    return s;
}

QDebug operator<<(QDebug dbg, const Error &error)
{
    QDebugStateSaver saver(dbg);
    dbg.nospace().noquote() << "qorm::Error(" << Error::kindName(error.kind()) << ", " << error.message();
    if (!error.sql().isEmpty())
        dbg << ", sql: " << error.sql();
    if (!error.driverText().isEmpty())
        dbg << ", database: " << error.driverText();
    if (!error.nativeCode().isEmpty())
        dbg << ", code: " << error.backendName() << ' ' << error.nativeCode();
    dbg << ')';
    return dbg;
}

} // namespace qorm

namespace qorm::detail {

void resultValueOnError(const Error &error)
{
    qFatal("qorm::Result::value() called on an error: %s", qPrintable(error.detailedText()));
}

} // namespace qorm::detail
