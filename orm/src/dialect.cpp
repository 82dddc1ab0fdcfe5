// SPDX-License-Identifier: MIT
#include <qorm/decimal.h>
#include <qorm/dialect.h>
#include <qorm/mysqldialect.h>
#include <qorm/postgresqldialect.h>
#include <qorm/sqlitedialect.h>

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSqlError>
#include <QTime>
#include <QUuid>
#include <QTimeZone>

namespace qorm {

Dialect::~Dialect() = default;

std::unique_ptr<Dialect> Dialect::forDriver(const QString &driverName)
{
    if (driverName == QStringLiteral("QSQLITE"))
        return std::make_unique<SqliteDialect>();
    if (driverName == QStringLiteral("QPSQL"))
        return std::make_unique<PostgresqlDialect>();
    if (driverName == QStringLiteral("QMYSQL"))
        return std::make_unique<MysqlDialect>();
    return nullptr;
}

QString Dialect::quoteIdentifier(QStringView identifier) const
{
    const QChar q = identifierQuote();
    QString out;
    out.reserve(identifier.size() + 2);
    out += q;
    for (const QChar c : identifier) {
        if (c == q)
            out += q;
        out += c;
    }
    out += q;
    return out;
}

QString Dialect::limitClause(bool hasLimit, bool hasOffset) const
{
    if (hasLimit && hasOffset)
        return QStringLiteral(" LIMIT ? OFFSET ?");
    if (hasLimit)
        return QStringLiteral(" LIMIT ?");
    if (hasOffset)
        return QStringLiteral(" LIMIT -1 OFFSET ?");
    return {};
}

QString Dialect::savepointSql(const QString &name) const
{
    return QStringLiteral("SAVEPOINT ") + quoteIdentifier(name);
}

QString Dialect::releaseSavepointSql(const QString &name) const
{
    return QStringLiteral("RELEASE SAVEPOINT ") + quoteIdentifier(name);
}

QString Dialect::rollbackToSavepointSql(const QString &name) const
{
    return QStringLiteral("ROLLBACK TO SAVEPOINT ") + quoteIdentifier(name);
}

QString Dialect::unsupportedValue(SqlType type, const QVariant &value) const
{
    if (type == SqlType::Decimal && value.isValid() && !value.value<Decimal>().isValid())
        return QStringLiteral("an invalid Decimal cannot be stored (use std::optional for NULL)");
    if ((type == SqlType::Date || type == SqlType::DateTime) && value.isValid()) {
        // ISO 8601 text (how qorm binds dates) and every backend's DATE cover years 1..9999 only.
        const QDate d = type == SqlType::Date ? value.toDate() : value.toDateTime().toUTC().date();
        if (!d.isValid())
            return QStringLiteral("an invalid date cannot be stored (use std::optional for NULL)");
        if (d.year() < 1 || d.year() > 9999)
            return QStringLiteral("year %1 cannot be stored (dates from year 1 to 9999 only)").arg(d.year());
    }
    if (type == SqlType::Time && value.isValid() && !value.toTime().isValid())
        return QStringLiteral("an invalid time cannot be stored (use std::optional for NULL)");
    return {};
}

QString Dialect::literal(SqlType type, const QVariant &value) const
{
    if (!value.isValid())
        return QStringLiteral("NULL");
    switch (type) {
    case SqlType::Boolean:
        return value.toBool() ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
    case SqlType::Int32:
    case SqlType::Int64:
        return QString::number(value.toLongLong());
    case SqlType::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case SqlType::Decimal:
        return value.value<Decimal>().toString();
    default:
        return stringLiteral(toDatabase(type, value).toString());
    }
}

QString Dialect::stringLiteral(const QString &text) const
{
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("''"));
    return u'\'' + quoted + u'\'';
}

QString Dialect::columnTypeName(SqlType type, int length, bool indexed) const
{
    Q_UNUSED(indexed);
    if (type == SqlType::String && length > 0)
        return QStringLiteral("VARCHAR(%1)").arg(length);
    return typeName(type);
}

QVariant Dialect::toDatabase(SqlType type, const QVariant &value) const
{
    if (!value.isValid())
        return QVariant();
    switch (type) {
    case SqlType::Decimal:
        return value.value<Decimal>().toString();
    // Dates and times are bound as ISO text on every backend: the drivers' own QDateTime
    // formatting differs (time zones, precision), text into a DATE/TIME/TIMESTAMP column does not.
    case SqlType::Date:
        return value.toDate().toString(Qt::ISODate);
    case SqlType::Time:
        return value.toTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case SqlType::DateTime:
        return value.toDateTime().toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case SqlType::Uuid:
        return value.toUuid().toString(QUuid::WithoutBraces);
    case SqlType::Json:
        if (value.metaType() == QMetaType::fromType<QJsonArray>())
            return QString::fromUtf8(QJsonDocument(value.toJsonArray()).toJson(QJsonDocument::Compact));
        return QString::fromUtf8(QJsonDocument(value.toJsonObject()).toJson(QJsonDocument::Compact));
    default:
        return value;
    }
}

namespace {

int digits(QStringView s, qsizetype from, qsizetype count)
{
    int v = 0;
    for (qsizetype i = from; i < from + count; ++i) {
        const char16_t c = s[i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        v = v * 10 + (c - u'0');
    }
    return v;
}

/*!
 * Parses "YYYY-MM-DD[ T]HH:MM:SS[.fraction][Z|±HH[:MM]]" straight into a UTC QDateTime; text
 * without an offset is UTC (what qorm stores). Never goes through local time, so it is fast
 * and immune to the process's time zone (a UTC time inside a local DST gap stays valid).
 */
QDateTime parseUtcDateTime(QStringView t)
{
    t = t.trimmed();
    if (t.size() < 19 || t[4] != u'-' || t[7] != u'-' || (t[10] != u' ' && t[10] != u'T') || t[13] != u':'
        || t[16] != u':')
        return {};
    const int y = digits(t, 0, 4), mo = digits(t, 5, 2), d = digits(t, 8, 2);
    const int h = digits(t, 11, 2), mi = digits(t, 14, 2), sec = digits(t, 17, 2);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0)
        return {};
    qsizetype i = 19;
    int ms = 0;
    if (i < t.size() && t[i] == u'.') {
        int scale = 100;
        for (++i; i < t.size() && t[i].isDigit(); ++i) {
            ms += (t[i].unicode() - u'0') * scale;
            scale /= 10;
        }
    }
    int offsetSeconds = 0;
    if (i < t.size()) {
        const QChar sign = t[i];
        if (sign == u'Z' && i + 1 == t.size()) {
            // UTC
        } else if ((sign == u'+' || sign == u'-') && i + 3 <= t.size()) {
            const int oh = digits(t, i + 1, 2);
            int om = 0;
            if (i + 6 <= t.size() && t[i + 3] == u':')
                om = digits(t, i + 4, 2);
            else if (i + 5 <= t.size())
                om = digits(t, i + 3, 2);
            if (oh < 0 || om < 0)
                return {};
            offsetSeconds = (oh * 3600 + om * 60) * (sign == u'-' ? -1 : 1);
        } else {
            return {};
        }
    }
    const QDate date(y, mo, d);
    const QTime time(h, mi, sec, ms);
    if (!date.isValid() || !time.isValid())
        return {};
    QDateTime dt(date, time, Qt::UTC);
    return offsetSeconds ? dt.addSecs(-offsetSeconds) : dt;
}

} // namespace

QVariant Dialect::fromDatabase(SqlType type, QMetaType valueType, const QVariant &raw, bool *ok) const
{
    *ok = true;
    if (raw.isNull())
        return QVariant();
    switch (type) {
    case SqlType::Boolean:
        if (raw.metaType() == QMetaType::fromType<bool>())
            return raw;
        return QVariant(raw.toLongLong(ok) != 0);
    case SqlType::Int32: {
        const int v = raw.toInt(ok);
        if (valueType == QMetaType::fromType<int>())
            return QVariant(v);
        QVariant r(v);
        *ok = *ok && r.convert(valueType);
        return r;
    }
    case SqlType::Int64:
        return QVariant(raw.toLongLong(ok));
    case SqlType::Double:
        return QVariant(raw.toDouble(ok));
    case SqlType::Decimal: {
        const Decimal d = raw.metaType() == QMetaType::fromType<double>() ? Decimal::fromDouble(raw.toDouble())
                                                                          : Decimal::fromString(raw.toString());
        *ok = d.isValid();
        return QVariant::fromValue(d);
    }
    case SqlType::String:
        if (valueType != QMetaType::fromType<QString>()) { // Q_ENUM stored by name (later issue)
            QVariant r = raw;
            *ok = r.convert(valueType);
            return r;
        }
        return QVariant(raw.toString());
    case SqlType::Bytes:
        return QVariant(raw.toByteArray());
    case SqlType::Date: {
        if (raw.metaType() == QMetaType::fromType<QDate>())
            return raw;
        if (raw.metaType() == QMetaType::fromType<QDateTime>())
            return raw.toDateTime().date();
        const QDate d = QDate::fromString(raw.toString().left(10), Qt::ISODate);
        *ok = d.isValid();
        return QVariant(d);
    }
    case SqlType::Time: {
        if (raw.metaType() == QMetaType::fromType<QTime>())
            return raw;
        const QTime t = QTime::fromString(raw.toString(), Qt::ISODateWithMs);
        *ok = t.isValid();
        return QVariant(t);
    }
    case SqlType::DateTime: {
        if (raw.metaType() == QMetaType::fromType<QDateTime>()) {
            QDateTime dt = raw.toDateTime();
            if (dt.timeSpec() == Qt::LocalTime) // a zone-less timestamp: stored as UTC by qorm
                dt = QDateTime(dt.date(), dt.time(), Qt::UTC);
            *ok = dt.isValid();
            return dt.toUTC();
        }
        const QDateTime dt = parseUtcDateTime(raw.toString());
        *ok = dt.isValid();
        return QVariant(dt);
    }
    case SqlType::Uuid: {
        QUuid u;
        if (raw.metaType() == QMetaType::fromType<QByteArray>() && raw.toByteArray().size() == 16)
            u = QUuid::fromRfc4122(raw.toByteArray());
        else
            u = QUuid::fromString(raw.toString());
        *ok = !u.isNull() || raw.toString().startsWith(QStringLiteral("00000000"));
        return QVariant(u);
    }
    case SqlType::Json: {
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(
                raw.metaType() == QMetaType::fromType<QByteArray>() ? raw.toByteArray() : raw.toString().toUtf8(), &err);
        *ok = err.error == QJsonParseError::NoError;
        if (valueType == QMetaType::fromType<QJsonArray>()) {
            *ok = *ok && doc.isArray();
            return QVariant(doc.array());
        }
        *ok = *ok && doc.isObject();
        return QVariant(doc.object());
    }
    }
    return raw;
}

Error::Kind Dialect::errorKind(const QSqlError &error, const QString &) const
{
    switch (error.type()) {
    case QSqlError::ConnectionError:
        return Error::Kind::Connection;
    case QSqlError::TransactionError:
        return Error::Kind::Transaction;
    default:
        return Error::Kind::Statement;
    }
}

QString Dialect::cleanDriverText(const QString &text) const
{
    return text.trimmed();
}

Error Dialect::classifyError(const QSqlError &error, const QString &sql) const
{
    // QSqlError::text() is databaseText() + driverText(); keep the database's words once, and
    // fall back to the driver's ("Unable to fetch row") only when the database said nothing.
    QString text = cleanDriverText(error.databaseText());
    if (text.isEmpty())
        text = error.driverText().trimmed();
    Error e(errorKind(error, text), text.section(u'\n', 0, 0).trimmed(), sql, text);
    e.setNativeCode(error.nativeErrorCode());
    e.setBackendName(displayName());
    return e;
}

Result<QString> Dialect::connectOptionValue(const QString &name, const QString &value) const
{
    if (name.endsWith(QStringLiteral("timeout"))) {
        bool ok = false;
        const int n = value.toInt(&ok);
        if (!ok || n < 0)
            return Error(Error::Kind::InvalidUrl, QStringLiteral("parameter '%1' must be a non-negative integer, not '%2'").arg(name, value));
    }
    return value;
}

Result<QString> Dialect::connectOptions(const QList<std::pair<QString, QString>> &parameters) const
{
    QMap<QString, QString> options = defaultConnectOptions();
    const QMap<QString, QString> known = urlParameters();
    for (const auto &[name, value] : parameters) {
        const auto option = known.constFind(name);
        if (option == known.constEnd()) {
            QStringList accepted = known.keys();
            accepted.prepend(QStringLiteral("naming"));
            return Error(Error::Kind::InvalidUrl, QStringLiteral("unknown parameter '%1' (%2 URLs accept: %3)")
                                                          .arg(name, displayName(), accepted.join(QStringLiteral(", "))));
        }
        // QtSql separates options with ';': a value must not be able to add one.
        if (value.contains(u';') || value.contains(u'\n'))
            return Error(Error::Kind::InvalidUrl, QStringLiteral("parameter '%1' must not contain ';' or a line break").arg(name));
        auto v = connectOptionValue(name, value);
        if (!v)
            return v.error();
        if (v.value().isNull())
            options.remove(option.value());
        else
            options.insert(option.value(), v.value());
    }
    QStringList parts;
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        parts.append(it.value().isEmpty() ? it.key() : it.key() + u'=' + it.value());
    return parts.join(u';');
}

QString Dialect::columnInError(const Error &) const
{
    return {};
}

} // namespace qorm
