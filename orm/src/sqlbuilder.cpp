// SPDX-License-Identifier: MIT
#include "sqlbuilder_p.h"

namespace qorm::detail {

static Error appendWhere(const Mapper &mapper, const QueryBase &query, SqlStatement &st)
{
    if (query.condition().isEmpty())
        return {};
    st.sql += QStringLiteral(" WHERE ");
    return compileExpr(mapper, query.condition().node(), st.sql, st.values);
}

Result<SqlStatement> buildSelect(const Mapper &mapper, const QueryBase &query)
{
    SqlStatement st;
    st.sql = mapper.selectPrefix;
    if (Error e = appendWhere(mapper, query, st); e.isValid())
        return e;
    if (!query.ordering().isEmpty()) {
        st.sql += QStringLiteral(" ORDER BY ");
        bool first = true;
        for (const OrderTerm &t : query.ordering()) {
            const int idx = mapper.meta->columnIndex(t.property);
            if (idx < 0)
                return mapper.meta->unknownPropertyError(t.property);
            if (!first)
                st.sql += QStringLiteral(", ");
            first = false;
            st.sql += mapper.columns[idx] + (t.order == Qt::AscendingOrder ? QStringLiteral(" ASC") : QStringLiteral(" DESC"));
        }
    }
    const bool hasLimit = query.limitCount() >= 0;
    const bool hasOffset = query.offsetCount() > 0;
    st.sql += mapper.dialect->limitClause(hasLimit, hasOffset);
    if (hasLimit)
        st.values.append(query.limitCount());
    if (hasOffset)
        st.values.append(query.offsetCount());
    return st;
}

Result<SqlStatement> buildCount(const Mapper &mapper, const QueryBase &query)
{
    SqlStatement st;
    st.sql = QStringLiteral("SELECT COUNT(*) FROM ") + mapper.table;
    if (Error e = appendWhere(mapper, query, st); e.isValid())
        return e;
    return st;
}

SqlStatement buildUpdate(const Mapper &mapper, const QList<int> &changedColumns)
{
    SqlStatement st;
    st.sql = QStringLiteral("UPDATE ") + mapper.table + QStringLiteral(" SET ");
    for (qsizetype i = 0; i < changedColumns.size(); ++i) {
        if (i)
            st.sql += QStringLiteral(", ");
        st.sql += mapper.columns[changedColumns[i]] + QStringLiteral(" = ?");
    }
    const int version = mapper.meta->versionColumn();
    if (version >= 0)
        st.sql += QStringLiteral(", ") + mapper.columns[version] + QStringLiteral(" = ?");
    st.sql += QStringLiteral(" WHERE ") + mapper.pkWhere;
    if (version >= 0)
        st.sql += QStringLiteral(" AND ") + mapper.columns[version] + QStringLiteral(" = ?");
    return st;
}

} // namespace qorm::detail
