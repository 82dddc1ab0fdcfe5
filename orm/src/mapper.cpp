// SPDX-License-Identifier: MIT
#include "mapper_p.h"

#include <qorm/expr.h>

namespace qorm::detail {

Mapper::Mapper(const EntityMeta *m, const Dialect *d, NamingStrategy naming) : meta(m), dialect(d)
{
    physicalTable = applyNamingStrategy(naming, meta->tableName());
    table = dialect->quoteIdentifier(physicalTable);
    for (const ColumnMeta &c : meta->columns()) {
        physicalColumns.append(applyNamingStrategy(naming, c.logicalName));
        columns.append(dialect->quoteIdentifier(physicalColumns.last()));
    }
    selectPrefix = QStringLiteral("SELECT ") + columns.join(QStringLiteral(", ")) + QStringLiteral(" FROM ") + table;

    QStringList pk;
    for (int i : meta->primaryKey())
        pk.append(columns[i] + QStringLiteral(" = ?"));
    pkWhere = pk.join(QStringLiteral(" AND "));
    deleteSql = QStringLiteral("DELETE FROM ") + table + QStringLiteral(" WHERE ") + pkWhere;

    auto insertSql = [&](bool skipAutoIncrement) {
        QStringList names, marks;
        for (qsizetype i = 0; i < columns.size(); ++i) {
            if (skipAutoIncrement && i == meta->autoIncrementColumn())
                continue;
            names.append(columns[i]);
            marks.append(QStringLiteral("?"));
        }
        QString sql = QStringLiteral("INSERT INTO ") + table + QStringLiteral(" (") + names.join(QStringLiteral(", ")) + QStringLiteral(") VALUES (") + marks.join(QStringLiteral(", ")) + u')';
        if (skipAutoIncrement && meta->autoIncrementColumn() >= 0 && dialect->supportsReturning())
            sql += QStringLiteral(" RETURNING ") + columns[meta->autoIncrementColumn()];
        return sql;
    };
    insertAllSql = insertSql(true);
    insertWithKeySql = insertSql(false);
}

Result<QVariant> Mapper::bindValue(int column, const QVariant &value) const
{
    const ColumnMeta &c = meta->columns()[column];
    const TypeMapping &t = *c.type;
    QVariant v;
    if (!value.isValid() || (value.isNull() && value.metaType() != t.propertyType)) {
        v = QVariant();
    } else if (value.metaType() == t.propertyType) {
        v = t.toValue(t, value);
    } else if (value.metaType() == t.valueType) {
        v = value;
    } else {
        v = value;
        if (!v.convert(t.valueType))
            return Error(Error::Kind::TypeMismatch,
                         QStringLiteral("%1::%2: cannot use a value of type %3 for a column of type %4")
                                 .arg(meta->className(), c.property, QString::fromLatin1(value.typeName()),
                                      QString::fromLatin1(t.valueType.name())));
    }
    if (const QString why = dialect->unsupportedValue(t.sqlType, v); !why.isEmpty())
        return Error(Error::Kind::TypeMismatch, QStringLiteral("%1::%2: %3").arg(meta->className(), c.property, why));
    return dialect->toDatabase(t.sqlType, v);
}

QVariant Mapper::databaseValue(const QObject *entity, int column, Error *error) const
{
    const ColumnMeta &c = meta->columns()[column];
    const QVariant v = c.type->toValue(*c.type, c.metaProperty.read(entity));
    if (const QString why = dialect->unsupportedValue(c.type->sqlType, v); !why.isEmpty())
        *error = Error(Error::Kind::TypeMismatch, QStringLiteral("%1::%2: %3").arg(meta->className(), c.property, why));
    return dialect->toDatabase(c.type->sqlType, v);
}

QVariant Mapper::valueTypeValue(int column, const QVariant &raw, bool *ok) const
{
    const TypeMapping &t = *meta->columns()[column].type;
    return dialect->fromDatabase(t.sqlType, t.valueType, raw, ok);
}

QVariant Mapper::propertyValue(int column, const QVariant &raw, bool *ok) const
{
    const TypeMapping &t = *meta->columns()[column].type;
    return t.fromValue(t, dialect->fromDatabase(t.sqlType, t.valueType, raw, ok));
}

QString identityKey(const QVariantList &values)
{
    if (values.size() == 1)
        return values.first().toString();
    QStringList parts;
    for (const QVariant &v : values)
        parts.append(v.toString());
    return parts.join(QChar(0x1f));
}

namespace {

const ExprNode *columnOf(const ExprNode *n)
{
    return n && n->op == ExprNode::Op::Column ? n : nullptr;
}

} // namespace

static Error compileOperand(const Mapper &mapper, const ExprNode *node, const ExprNode *other, QString &sql,
                            QVariantList &values)
{
    if (node->op == ExprNode::Op::Value) {
        // A value compared with a column takes that column's type.
        if (const ExprNode *c = columnOf(other)) {
            const int idx = mapper.meta->columnIndex(c->property);
            if (idx >= 0) {
                auto v = mapper.bindValue(idx, node->value);
                if (!v)
                    return v.error();
                values.append(v.value());
                sql += u'?';
                return {};
            }
        }
        values.append(node->value);
        sql += u'?';
        return {};
    }
    return compileExpr(mapper, node, sql, values);
}

Error compileExpr(const Mapper &mapper, const ExprNode *node, QString &sql, QVariantList &values)
{
    using Op = ExprNode::Op;
    if (!node)
        return Error(Error::Kind::InvalidState, QStringLiteral("empty expression"));
    auto binary = [&](const char *op) -> Error {
        sql += u'(';
        if (Error e = compileOperand(mapper, node->left.get(), node->right.get(), sql, values); e.isValid())
            return e;
        sql += u' ' + QLatin1StringView(op) + u' ';
        if (Error e = compileOperand(mapper, node->right.get(), node->left.get(), sql, values); e.isValid())
            return e;
        sql += u')';
        return {};
    };
    switch (node->op) {
    case Op::Column: {
        const int idx = mapper.meta->columnIndex(node->property);
        if (idx < 0)
            return Error(Error::Kind::UnknownColumn,
                         QStringLiteral("%1 has no mapped property '%2'").arg(mapper.meta->className(), node->property));
        sql += mapper.columns[idx];
        return {};
    }
    case Op::Value:
        values.append(node->value);
        sql += u'?';
        return {};
    case Op::Eq: return binary("=");
    case Op::Ne: return binary("<>");
    case Op::Lt: return binary("<");
    case Op::Le: return binary("<=");
    case Op::Gt: return binary(">");
    case Op::Ge: return binary(">=");
    case Op::And: return binary("AND");
    case Op::Or: return binary("OR");
    case Op::Like: return binary("LIKE");
    case Op::Not: {
        sql += QStringLiteral("(NOT ");
        if (Error e = compileExpr(mapper, node->left.get(), sql, values); e.isValid())
            return e;
        sql += u')';
        return {};
    }
    case Op::IsNull:
    case Op::IsNotNull: {
        sql += u'(';
        if (Error e = compileExpr(mapper, node->left.get(), sql, values); e.isValid())
            return e;
        sql += node->op == Op::IsNull ? QStringLiteral(" IS NULL)") : QStringLiteral(" IS NOT NULL)");
        return {};
    }
    case Op::In: {
        if (node->values.isEmpty()) {
            sql += QStringLiteral("(1 = 0)");
            return {};
        }
        sql += u'(';
        if (Error e = compileExpr(mapper, node->left.get(), sql, values); e.isValid())
            return e;
        sql += QStringLiteral(" IN (");
        const ExprNode *c = columnOf(node->left.get());
        const int idx = c ? mapper.meta->columnIndex(c->property) : -1;
        for (qsizetype i = 0; i < node->values.size(); ++i) {
            if (i)
                sql += QStringLiteral(", ");
            sql += u'?';
            if (idx >= 0) {
                auto v = mapper.bindValue(idx, node->values[i]);
                if (!v)
                    return v.error();
                values.append(v.value());
            } else {
                values.append(node->values[i]);
            }
        }
        sql += QStringLiteral("))");
        return {};
    }
    }
    return {};
}

} // namespace qorm::detail
