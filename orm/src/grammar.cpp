// SPDX-License-Identifier: MIT
#include "grammar_p.h"

#include "mapper_p.h"

#include <QRegularExpression>

namespace qorm::detail {

namespace {

/*! MariaDB/MySQL: upsert through the unique key that conflicts (the table's keys decide). */
class MysqlGrammar : public Grammar
{
public:
    using Grammar::Grammar;
    QString compileUpsert(const Mapper &mapper, const QList<int> &conflictColumns) const override
    {
        QStringList updates;
        for (qsizetype i = 0; i < mapper.columns.size(); ++i)
            if (!conflictColumns.contains(int(i)))
                updates.append(mapper.columns[i] + QStringLiteral(" = VALUES(") + mapper.columns[i] + u')');
        if (updates.isEmpty()) // nothing but the key: a no-op assignment keeps the row
            updates.append(mapper.columns[conflictColumns.first()] + QStringLiteral(" = ") + mapper.columns[conflictColumns.first()]);
        return compileInsert(mapper, false) + QStringLiteral(" ON DUPLICATE KEY UPDATE ") + updates.join(QStringLiteral(", "));
    }
    QString compileLike(const QString &lhs, const QString &rhs, bool caseInsensitive) const override
    {
        // MariaDB's LIKE follows the column's collation; LOWER() on both sides is case-insensitive under any.
        return caseInsensitive ? QStringLiteral("(LOWER(%1) LIKE LOWER(%2))").arg(lhs, rhs) : QStringLiteral("(%1 LIKE %2)").arg(lhs, rhs);
    }
    QString compileMatch(const QString &lhs, Expr::Match kind, const QString &text, bool caseInsensitive, QVariantList *values) const override
    {
        values->append(likePattern(kind, text));
        // LIKE BINARY compares bytes: case-sensitive under any collation (only % is used, never _).
        return caseInsensitive ? QStringLiteral("(LOWER(%1) LIKE LOWER(?) ESCAPE '!')").arg(lhs)
                               : QStringLiteral("(%1 LIKE BINARY ? ESCAPE '!')").arg(lhs);
    }
    QString compileKeyIn(const QString &key, const QString &select) const override
    {
        // MariaDB refuses a subquery on the table being updated (error 1093) unless it is materialised.
        return key + QStringLiteral(" IN (SELECT * FROM (") + select + QStringLiteral(") AS ") + m_dialect.quoteIdentifier(u"qorm_keys"_qs) + u')';
    }
    QString compileFunction(const QString &name, const QStringList &args, bool distinct) const override
    {
        if (name == u"length") // LENGTH counts bytes on MariaDB
            return u"CHAR_LENGTH("_qs + args.value(0) + u')';
        return Grammar::compileFunction(name, args, distinct);
    }
    QString compileOrderTerm(const QString &sql, Qt::SortOrder order, OrderTerm::Nulls nulls) const override
    {
        const QString direction = order == Qt::AscendingOrder ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
        if (nulls == OrderTerm::Nulls::Default) // MariaDB has no NULLS FIRST/LAST: order by "is it NULL" first
            return sql + direction;
        return QStringLiteral("(%1 IS NULL)%2, ").arg(sql, nulls == OrderTerm::Nulls::First ? QStringLiteral(" DESC") : QStringLiteral(" ASC"))
                + sql + direction;
    }
};

/*! PostgreSQL: ROUND(x, n) exists for NUMERIC only. */
class PostgresqlGrammar : public Grammar
{
public:
    using Grammar::Grammar;
    QString compileFunction(const QString &name, const QStringList &args, bool distinct) const override
    {
        if (name == u"round")
            return u"ROUND(CAST("_qs + args.value(0) + u" AS NUMERIC), "_qs + args.value(1) + u')';
        return Grammar::compileFunction(name, args, distinct);
    }
};

/*! SQLite: literal matches without LIKE (see compileMatch()); exact decimal sums. */
class SqliteGrammar : public Grammar
{
public:
    using Grammar::Grammar;
    QString compileFunction(const QString &name, const QStringList &args, bool distinct) const override
    {
        // SQLite's SUM adds text decimals as doubles: qorm's aggregate adds them as qorm::Decimal.
        if (name == u"sum_decimal")
            return u"qorm_decimal_sum("_qs + (distinct ? u"DISTINCT "_qs : QString()) + args.value(0) + u')';
        return Grammar::compileFunction(name, args, distinct);
    }
    // qorm_decimal_sum() returns the exact sum as text, which SQLite orders and compares as text
    // ("90.24" after "523.06", and greater than "100"): where it is ordered or compared it is read
    // as a number. (Sums equal in their first 15 significant digits may then tie.)
    static bool isExactSum(const QString &sql) { return sql.startsWith(u"qorm_decimal_sum("); }
    static QString asReal(const QString &sql) { return u"CAST("_qs + sql + u" AS REAL)"_qs; }
    QString compileOrderTerm(const QString &sql, Qt::SortOrder order, OrderTerm::Nulls nulls) const override
    {
        return Grammar::compileOrderTerm(isExactSum(sql) ? asReal(sql) : sql, order, nulls);
    }
    void adjustComparison(QString &lhs, QString &rhs) const override
    {
        if (isExactSum(lhs) || isExactSum(rhs)) { // both sides: the compared value may be text too
            lhs = asReal(lhs);
            rhs = asReal(rhs);
        }
    }
    QString compileLike(const QString &lhs, const QString &rhs, bool) const override { return QStringLiteral("(%1 LIKE %2)").arg(lhs, rhs); }
    QString compileMatch(const QString &lhs, Expr::Match kind, const QString &text, bool caseInsensitive, QVariantList *values) const override
    {
        // No pattern at all: SQLite's LIKE ignores ASCII case and limits patterns to 50,000
        // bytes (SQLITE_MAX_LIKE_PATTERN_LENGTH), so literal matches compare text with instr()
        // and substr(), any length, nothing to escape. lower() folds ASCII, as LIKE would.
        if (text.isEmpty())
            return QStringLiteral("(%1 IS NOT NULL)").arg(lhs);
        const QString x = caseInsensitive ? QStringLiteral("lower(%1)").arg(lhs) : lhs;
        const QString p = caseInsensitive ? QStringLiteral("lower(?)") : QStringLiteral("?");
        switch (kind) {
        case Expr::Match::Contains:
            values->append(text);
            return QStringLiteral("(instr(%1, %2) > 0)").arg(x, p);
        case Expr::Match::StartsWith: // the first occurrence is at 1 exactly when the text starts with it
            values->append(text);
            return QStringLiteral("(instr(%1, %2) = 1)").arg(x, p);
        case Expr::Match::EndsWith:
            values->append(text);
            values->append(text);
            return QStringLiteral("(substr(%1, -length(?)) = %2)").arg(x, p);
        }
        return {};
    }
};

} // namespace

Grammar::~Grammar() = default;

QString Grammar::compileLike(const QString &lhs, const QString &rhs, bool caseInsensitive) const
{
    return QStringLiteral("(%1 %2 %3)").arg(lhs, caseInsensitive ? QStringLiteral("ILIKE") : QStringLiteral("LIKE"), rhs);
}

QString Grammar::likePattern(Expr::Match kind, const QString &text)
{
    QString escaped;
    escaped.reserve(text.size() + 2);
    for (QChar c : text) {
        if (c == u'!' || c == u'%' || c == u'_')
            escaped += u'!';
        escaped += c;
    }
    switch (kind) {
    case Expr::Match::StartsWith: return escaped + u'%';
    case Expr::Match::EndsWith: return u'%' + escaped;
    case Expr::Match::Contains: return u'%' + escaped + u'%';
    }
    return escaped;
}

QString Grammar::compileMatch(const QString &lhs, Expr::Match kind, const QString &text, bool caseInsensitive, QVariantList *values) const
{
    values->append(likePattern(kind, text));
    return QStringLiteral("(%1 %2 ? ESCAPE '!')").arg(lhs, caseInsensitive ? QStringLiteral("ILIKE") : QStringLiteral("LIKE"));
}

QString Grammar::compileFunction(const QString &name, const QStringList &args, bool distinct) const
{
    static const QStringList plain = { u"lower"_qs, u"upper"_qs, u"length"_qs, u"abs"_qs, u"round"_qs, u"coalesce"_qs,
                                       u"count"_qs, u"sum"_qs, u"avg"_qs, u"min"_qs, u"max"_qs };
    QString fn = name;
    if (name == u"sum_decimal")
        fn = u"sum"_qs; // exact on PostgreSQL (NUMERIC) and MariaDB (DECIMAL)
    else if (!plain.contains(name))
        return {};
    if (fn == u"count" && args.isEmpty())
        return u"COUNT(*)"_qs;
    return fn.toUpper() + u'(' + (distinct ? u"DISTINCT "_qs : QString()) + args.join(u", "_qs) + u')';
}

QString Grammar::compileKeyIn(const QString &key, const QString &select) const
{
    return key + QStringLiteral(" IN (") + select + u')';
}

QString Grammar::compileOrderTerm(const QString &sql, Qt::SortOrder order, OrderTerm::Nulls nulls) const
{
    QString term = sql + (order == Qt::AscendingOrder ? QStringLiteral(" ASC") : QStringLiteral(" DESC"));
    if (nulls == OrderTerm::Nulls::First)
        term += QStringLiteral(" NULLS FIRST");
    else if (nulls == OrderTerm::Nulls::Last)
        term += QStringLiteral(" NULLS LAST");
    return term;
}

void Grammar::adjustComparison(QString &, QString &) const { }

std::unique_ptr<Grammar> Grammar::create(const Dialect &dialect)
{
    if (dialect.name() == u"mysql")
        return std::make_unique<MysqlGrammar>(dialect);
    if (dialect.name() == u"sqlite")
        return std::make_unique<SqliteGrammar>(dialect);
    if (dialect.name() == u"postgresql")
        return std::make_unique<PostgresqlGrammar>(dialect);
    return std::make_unique<Grammar>(dialect); // PostgreSQL: the standard forms
}

QString Grammar::columnList(const Mapper &mapper, const QList<int> &columns) const
{
    QStringList names;
    for (int c : columns)
        names.append(mapper.columns[c]);
    return names.join(QStringLiteral(", "));
}

QString Grammar::assignments(const Mapper &mapper, const QList<int> &columns, const QString &separator) const
{
    QStringList parts;
    for (int c : columns)
        parts.append(mapper.columns[c] + QStringLiteral(" = ?"));
    return parts.join(separator);
}

QString Grammar::compileSelect(const SelectParts &parts) const
{
    QString sql = (parts.distinct ? QStringLiteral("SELECT DISTINCT ") : QStringLiteral("SELECT ")) + parts.columns
            + QStringLiteral(" FROM ") + parts.from;
    if (!parts.where.isEmpty())
        sql += QStringLiteral(" WHERE ") + parts.where;
    if (!parts.groupBy.isEmpty())
        sql += QStringLiteral(" GROUP BY ") + parts.groupBy;
    if (!parts.having.isEmpty())
        sql += QStringLiteral(" HAVING ") + parts.having;
    if (!parts.orderBy.isEmpty())
        sql += QStringLiteral(" ORDER BY ") + parts.orderBy;
    return sql + m_dialect.limitClause(parts.hasLimit, parts.hasOffset);
}

QString Grammar::compileInsert(const Mapper &mapper, bool generatedKey) const
{
    const int autoColumn = mapper.meta->autoIncrementColumn();
    QList<int> columns;
    for (qsizetype i = 0; i < mapper.columns.size(); ++i)
        if (!generatedKey || i != autoColumn)
            columns.append(int(i));
    QStringList marks(columns.size(), QStringLiteral("?"));
    QString sql = QStringLiteral("INSERT INTO ") + mapper.table + QStringLiteral(" (") + columnList(mapper, columns)
            + QStringLiteral(") VALUES (") + marks.join(QStringLiteral(", ")) + u')';
    if (generatedKey && autoColumn >= 0 && m_dialect.supportsReturning())
        sql += QStringLiteral(" RETURNING ") + mapper.columns[autoColumn];
    return sql;
}

QString Grammar::compileUpdate(const Mapper &mapper, const QList<int> &changedColumns) const
{
    QString sql = QStringLiteral("UPDATE ") + mapper.table + QStringLiteral(" SET ") + assignments(mapper, changedColumns, QStringLiteral(", "));
    const int version = mapper.meta->versionColumn();
    if (version >= 0)
        sql += QStringLiteral(", ") + mapper.columns[version] + QStringLiteral(" = ?");
    sql += QStringLiteral(" WHERE ") + assignments(mapper, mapper.meta->primaryKey(), QStringLiteral(" AND "));
    if (version >= 0)
        sql += QStringLiteral(" AND ") + mapper.columns[version] + QStringLiteral(" = ?");
    return sql;
}

QString Grammar::compileDelete(const Mapper &mapper) const
{
    QString sql = QStringLiteral("DELETE FROM ") + mapper.table + QStringLiteral(" WHERE ")
            + assignments(mapper, mapper.meta->primaryKey(), QStringLiteral(" AND "));
    if (mapper.meta->versionColumn() >= 0)
        sql += QStringLiteral(" AND ") + mapper.columns[mapper.meta->versionColumn()] + QStringLiteral(" = ?");
    return sql;
}

QString Grammar::compileInsertColumns(const Mapper &mapper, const QList<int> &columns) const
{
    const QStringList marks(columns.size(), QStringLiteral("?"));
    return QStringLiteral("INSERT INTO ") + mapper.table + QStringLiteral(" (") + columnList(mapper, columns) + QStringLiteral(") VALUES (")
            + marks.join(QStringLiteral(", ")) + u')';
}

QString Grammar::compileDeleteWhere(const Mapper &mapper, const QList<int> &columns) const
{
    return QStringLiteral("DELETE FROM ") + mapper.table + QStringLiteral(" WHERE ") + assignments(mapper, columns, QStringLiteral(" AND "));
}

QString Grammar::compileUpsert(const Mapper &mapper, const QList<int> &conflictColumns) const
{
    QStringList updates;
    for (qsizetype i = 0; i < mapper.columns.size(); ++i)
        if (!conflictColumns.contains(int(i)))
            updates.append(mapper.columns[i] + QStringLiteral(" = excluded.") + mapper.columns[i]);
    return compileInsert(mapper, false) + QStringLiteral(" ON CONFLICT (") + columnList(mapper, conflictColumns) + u')'
            + (updates.isEmpty() ? QStringLiteral(" DO NOTHING") : QStringLiteral(" DO UPDATE SET ") + updates.join(QStringLiteral(", ")));
}

QString Grammar::compileDropTable(const Mapper &mapper, bool ifExists) const
{
    return (ifExists ? QStringLiteral("DROP TABLE IF EXISTS ") : QStringLiteral("DROP TABLE ")) + mapper.table;
}

Result<QStringList> Grammar::compileCreateTable(const Mapper &m, const MapperSource &mappers) const
{
    const EntityMeta *meta = m.meta;
    const auto &columns = meta->columns();
    QStringList defs;
    for (qsizetype i = 0; i < columns.size(); ++i) {
        const ColumnMeta &c = columns[i];
        if (c.autoIncrement) {
            defs.append(m_dialect.autoIncrementColumn(m.columns[i], c.type->sqlType));
            continue;
        }
        const bool indexed = c.unique || c.indexed || c.primaryKey;
        QString def = m.columns[i] + u' '
                + (c.precision > 0 ? m_dialect.decimalTypeName(c.precision, c.scale) : m_dialect.columnTypeName(c.type->sqlType, c.length, indexed));
        if (!c.nullable())
            def += QStringLiteral(" NOT NULL");
        if (c.defaultValue.isValid())
            def += QStringLiteral(" DEFAULT ") + m_dialect.literal(c.type->sqlType, c.defaultValue);
        if (c.unique)
            def += QStringLiteral(" UNIQUE");
        if (c.length > 0)
            def += m_dialect.lengthCheck(m.columns[i], c.length);
        defs.append(def);
    }
    if (meta->autoIncrementColumn() < 0)
        defs.append(QStringLiteral("PRIMARY KEY (%1)").arg(columnList(m, meta->primaryKey())));
    for (const QList<int> &cols : meta->uniqueTogether())
        defs.append(QStringLiteral("UNIQUE (%1)").arg(columnList(m, cols)));
    for (const QString &check : meta->checks()) {
        // One pass over the text: a quoted column name that itself contains "{other}" is
        // never substituted again.
        static const QRegularExpression placeholder(QStringLiteral("\\{([^{}]+)\\}"));
        QString sql;
        qsizetype from = 0;
        for (auto it = placeholder.globalMatch(check); it.hasNext();) {
            const auto match = it.next();
            const int c = meta->columnIndex(match.captured(1));
            if (c < 0)
                return Error(Error::Kind::Mapping, QStringLiteral("%1: QORM_CHECK(\"%2\") names {%3}, which is not a mapped property")
                                                           .arg(meta->className(), check, match.captured(1)));
            sql += QStringView(check).mid(from, match.capturedStart() - from);
            sql += m.columns[c];
            from = match.capturedEnd();
        }
        sql += QStringView(check).mid(from);
        defs.append(QStringLiteral("CHECK (%1)").arg(sql));
    }
    for (const RelationMeta &r : meta->relations()) {
        if (r.kind != RelationMeta::Kind::ManyToOne)
            continue; // the foreign key is on the other side (or in the association table)
        auto target = mappers(*r.target);
        if (!target)
            return target.error();
        const Mapper &tm = *target.value();
        if (tm.meta->primaryKey().size() != 1)
            return Error(Error::Kind::Mapping, QStringLiteral("%1.%2: the target %3 needs a single-column key")
                                                       .arg(meta->className(), r.name, tm.meta->className()));
        static const QString onDelete[] = { QString(), QStringLiteral(" ON DELETE CASCADE"), QStringLiteral(" ON DELETE SET NULL"),
                                            QStringLiteral(" ON DELETE RESTRICT") };
        defs.append(QStringLiteral("FOREIGN KEY (%1) REFERENCES %2 (%3)")
                            .arg(m.columns[r.foreignKeyColumn], tm.table, tm.columns[tm.meta->primaryKey().first()])
                    + onDelete[int(r.onDelete)]);
    }
    QStringList statements{ QStringLiteral("CREATE TABLE %1 (%2)").arg(m.table, defs.join(QStringLiteral(", "))) };
    for (const QList<int> &cols : meta->indexes()) {
        QStringList parts{ m.physicalTable };
        for (int c : cols)
            parts.append(m.physicalColumns[c]);
        QString name = QStringLiteral("ix_") + parts.join(u'_');
        if (name.size() > 60) // identifier limits: PostgreSQL 63 bytes, MariaDB 64 characters
            name = name.left(51) + u'_' + QString::number(qHash(name), 16).left(8);
        statements.append(QStringLiteral("CREATE INDEX %1 ON %2 (%3)").arg(m_dialect.quoteIdentifier(name), m.table, columnList(m, cols)));
    }
    return statements;
}

} // namespace qorm::detail
