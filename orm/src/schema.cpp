// SPDX-License-Identifier: MIT
#include "logging_p.h"
#include "dependencyorder_p.h"
#include "mapper_p.h"

#include <qorm/schema.h>

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace qorm {

using detail::Mapper;

Schema::Schema(const Database &database)
    : m_database(database), m_dialect(&database.dialect()), m_naming(database.namingStrategy())
{
}

Schema::Schema(const Dialect &dialect, NamingStrategy naming) : m_dialect(&dialect), m_naming(naming) { }

Result<QList<const QMetaObject *>> Schema::dependencyOrder(const QList<const QMetaObject *> &classes) const
{
    return detail::dependencyOrder(classes);
}

Result<QStringList> Schema::createStatements(const QList<const QMetaObject *> &entityClasses) const
{
    auto order = dependencyOrder(entityClasses);
    if (!order)
        return order.error();
    const Dialect &dialect = *m_dialect;
    QStringList statements;
    for (const QMetaObject *mo : order.value()) {
        const EntityMeta *meta = EntityMeta::of(*mo).value();
        const Mapper m(meta, &dialect, m_naming);
        if (Error e = m.mappingError(); e.isValid())
            return e;
        QStringList defs;
        const auto &columns = meta->columns();
        auto columnList = [&](const QList<int> &cols) {
            QStringList names;
            for (int c : cols)
                names.append(m.columns[c]);
            return names.join(QStringLiteral(", "));
        };
        for (qsizetype i = 0; i < columns.size(); ++i) {
            const ColumnMeta &c = columns[i];
            if (c.autoIncrement) {
                defs.append(dialect.autoIncrementColumn(m.columns[i], c.type->sqlType));
                continue;
            }
            const bool indexed = c.unique || c.indexed || c.primaryKey;
            QString def = m.columns[i] + u' '
                    + (c.precision > 0 ? dialect.decimalTypeName(c.precision, c.scale) : dialect.columnTypeName(c.type->sqlType, c.length, indexed));
            if (!c.nullable())
                def += QStringLiteral(" NOT NULL");
            if (c.defaultValue.isValid())
                def += QStringLiteral(" DEFAULT ") + dialect.literal(c.type->sqlType, c.defaultValue);
            if (c.unique)
                def += QStringLiteral(" UNIQUE");
            if (c.length > 0)
                def += dialect.lengthCheck(m.columns[i], c.length);
            defs.append(def);
        }
        if (meta->autoIncrementColumn() < 0)
            defs.append(QStringLiteral("PRIMARY KEY (%1)").arg(columnList(meta->primaryKey())));
        for (const QList<int> &cols : meta->uniqueTogether())
            defs.append(QStringLiteral("UNIQUE (%1)").arg(columnList(cols)));
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
            auto target = EntityMeta::of(*r.target);
            if (!target)
                return target.error();
            if (target.value()->primaryKey().size() != 1)
                return Error(Error::Kind::Mapping, QStringLiteral("%1.%2: the target %3 needs a single-column key")
                                                           .arg(meta->className(), r.name, target.value()->className()));
            const Mapper tm(target.value(), &dialect, m_naming);
            defs.append(QStringLiteral("FOREIGN KEY (%1) REFERENCES %2 (%3)")
                                .arg(m.columns[r.foreignKeyColumn], tm.table, tm.columns[target.value()->primaryKey().first()]));
        }
        statements.append(QStringLiteral("CREATE TABLE %1 (%2)").arg(m.table, defs.join(QStringLiteral(", "))));
        for (const QList<int> &cols : meta->indexes()) {
            QStringList parts{ m.physicalTable };
            for (int c : cols)
                parts.append(m.physicalColumns[c]);
            QString name = QStringLiteral("ix_") + parts.join(u'_');
            if (name.size() > 60) // identifier limits: PostgreSQL 63 bytes, MariaDB 64 characters
                name = name.left(51) + u'_' + QString::number(qHash(name), 16).left(8);
            statements.append(QStringLiteral("CREATE INDEX %1 ON %2 (%3)").arg(dialect.quoteIdentifier(name), m.table, columnList(cols)));
        }
    }
    return statements;
}

Error Schema::run(const QString &sql) const
{
    if (!m_database.isValid())
        return Error(Error::Kind::Connection, QStringLiteral("this Schema has no database (SQL generation only)"), sql);
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    QSqlQuery q(conn.value());
    QElapsedTimer timer;
    timer.start();
    const bool ok = q.exec(sql);
    const qint64 us = timer.nsecsElapsed() / 1000;
    if (ok) {
        detail::logStatement(sql, {}, us);
        return {};
    }
    const Error e = m_dialect->classifyError(q.lastError(), sql);
    detail::logStatement(sql, {}, us, e.toString());
    return e;
}

Error Schema::createTables(const QList<const QMetaObject *> &entityClasses, Existence existence) const
{
    QList<const QMetaObject *> missing = entityClasses;
    if (existence == Existence::CheckFirst && m_database.isValid()) {
        auto conn = m_database.connection();
        if (!conn)
            return conn.error();
        const QStringList existing = conn.value().tables(QSql::Tables);
        missing.removeIf([&](const QMetaObject *mo) {
            auto meta = EntityMeta::of(*mo);
            return meta && existing.contains(Mapper(meta.value(), m_dialect, m_naming).physicalTable);
        });
    }
    auto statements = createStatements(missing);
    if (!statements)
        return statements.error();
    for (const QString &sql : statements.value())
        if (Error e = run(sql); e.isValid())
            return e;
    return {};
}

Error Schema::dropTables(const QList<const QMetaObject *> &entityClasses, Existence existence) const
{
    auto order = dependencyOrder(entityClasses);
    if (!order)
        return order.error();
    const QString drop = existence == Existence::CheckFirst ? QStringLiteral("DROP TABLE IF EXISTS ") : QStringLiteral("DROP TABLE ");
    for (auto it = order.value().crbegin(); it != order.value().crend(); ++it) {
        const Mapper m(EntityMeta::of(**it).value(), m_dialect, m_naming);
        if (Error e = run(drop + m.table); e.isValid())
            return e;
    }
    return {};
}

} // namespace qorm
