// SPDX-License-Identifier: MIT
#include "rawsql_p.h"

#include <QSet>

namespace qorm::detail {

namespace {

/*!
 * Walks \a sql calling \a placeholder(position, length, name) for each `?` (empty name) and
 * `:name` outside string literals, quoted identifiers and comments; false stops the walk.
 */
template<typename F>
void scanPlaceholders(const QString &sql, F placeholder)
{
    const qsizetype n = sql.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = sql[i];
        if (c == u'\'' || c == u'"' || c == u'`') { // literal or quoted identifier; a doubled quote stays inside
            for (++i; i < n; ++i) {
                if (sql[i] == c) {
                    if (i + 1 < n && sql[i + 1] == c)
                        ++i;
                    else
                        break;
                }
            }
        } else if (c == u'-' && i + 1 < n && sql[i + 1] == u'-') {
            while (i < n && sql[i] != u'\n')
                ++i;
        } else if (c == u'/' && i + 1 < n && sql[i + 1] == u'*') {
            const qsizetype end = sql.indexOf(QStringLiteral("*/"), i + 2);
            i = end < 0 ? n : end + 1;
        } else if (c == u'?') {
            if (!placeholder(i, 1, QString()))
                return;
        } else if (c == u':') {
            if (i + 1 < n && sql[i + 1] == u':') { // PostgreSQL cast x::int
                ++i;
                continue;
            }
            if (i > 0 && sql[i - 1] == u':')
                continue;
            qsizetype j = i + 1;
            if (j < n && (sql[j].isLetter() || sql[j] == u'_')) {
                while (j < n && (sql[j].isLetterOrNumber() || sql[j] == u'_'))
                    ++j;
                if (!placeholder(i, j - i, sql.mid(i + 1, j - i - 1)))
                    return;
                i = j - 1;
            }
        }
    }
}

} // namespace

Result<SqlStatement> positionalStatement(const QString &sql, const QVariantList &values)
{
    qsizetype count = 0;
    bool named = false;
    scanPlaceholders(sql, [&](qsizetype, qsizetype, const QString &name) {
        if (!name.isEmpty())
            named = true;
        else
            ++count;
        return true;
    });
    if (named && count == 0 && values.isEmpty())
        return Error(Error::Kind::InvalidState, QStringLiteral("raw SQL: the statement has named placeholders (:name); pass a QVariantMap"), sql);
    if (named)
        return Error(Error::Kind::InvalidState, QStringLiteral("raw SQL: the statement mixes ? and :name placeholders"), sql);
    if (count != values.size())
        return Error(Error::Kind::InvalidState, QStringLiteral("raw SQL: %1 placeholders (?) but %2 values").arg(count).arg(values.size()), sql);
    return SqlStatement{ sql, values };
}

Result<SqlStatement> namedStatement(const QString &sql, const QVariantMap &named)
{
    SqlStatement st;
    st.sql.reserve(sql.size());
    QSet<QString> used;
    Error error;
    qsizetype copied = 0;
    scanPlaceholders(sql, [&](qsizetype at, qsizetype length, const QString &name) {
        if (name.isEmpty()) {
            error = Error(Error::Kind::InvalidState, QStringLiteral("raw SQL: the statement mixes ? and :name placeholders"), sql);
            return false;
        }
        const auto it = named.constFind(name);
        if (it == named.cend()) {
            error = Error(Error::Kind::InvalidState, QStringLiteral("raw SQL: no value for :%1").arg(name), sql);
            return false;
        }
        st.sql += QStringView(sql).mid(copied, at - copied);
        st.sql += u'?';
        st.values.append(it.value());
        used.insert(name);
        copied = at + length;
        return true;
    });
    if (error.isValid())
        return error;
    st.sql += QStringView(sql).mid(copied);
    for (auto it = named.cbegin(); it != named.cend(); ++it)
        if (!used.contains(it.key()))
            return Error(Error::Kind::InvalidState, QStringLiteral("raw SQL: the value :%1 is not used by the statement").arg(it.key()), sql);
    return st;
}

} // namespace qorm::detail
