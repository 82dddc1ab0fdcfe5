// SPDX-License-Identifier: MIT
#include "logging_p.h"
#include "mapper_p.h"

#include <qorm/schema.h>

#include <QSqlError>
#include <QSqlQuery>

namespace qorm {

using detail::Mapper;

Schema::Schema(const Database &database) : m_database(database) { }

Result<QList<const QMetaObject *>> Schema::dependencyOrder(const QList<const QMetaObject *> &classes) const
{
    // Depth-first topological sort over many-to-one relations within the given classes.
    QList<const QMetaObject *> ordered;
    QSet<const QMetaObject *> visiting;
    std::function<Error(const QMetaObject *)> visit = [&](const QMetaObject *mo) -> Error {
        if (ordered.contains(mo))
            return {};
        if (visiting.contains(mo))
            return {}; // a cycle: the foreign keys still work, creation order cannot satisfy both
        visiting.insert(mo);
        auto meta = EntityMeta::of(*mo);
        if (!meta)
            return meta.error();
        for (const RelationMeta &r : meta.value()->relations())
            if (r.target != mo && classes.contains(r.target))
                if (Error e = visit(r.target); e.isValid())
                    return e;
        ordered.append(mo);
        return {};
    };
    for (const QMetaObject *mo : classes)
        if (Error e = visit(mo); e.isValid())
            return e;
    return ordered;
}

Result<QStringList> Schema::createStatements(const QList<const QMetaObject *> &entityClasses) const
{
    auto order = dependencyOrder(entityClasses);
    if (!order)
        return order.error();
    const Dialect &dialect = m_database.dialect();
    QStringList statements;
    for (const QMetaObject *mo : order.value()) {
        const EntityMeta *meta = EntityMeta::of(*mo).value();
        const Mapper m(meta, m_database);
        QStringList defs;
        const auto &columns = meta->columns();
        for (qsizetype i = 0; i < columns.size(); ++i) {
            const ColumnMeta &c = columns[i];
            if (c.autoIncrement) {
                defs.append(dialect.autoIncrementColumn(m.columns[i], c.type->sqlType));
                continue;
            }
            QString def = m.columns[i] + u' ' + dialect.typeName(c.type->sqlType);
            if (!c.nullable())
                def += QStringLiteral(" NOT NULL");
            defs.append(def);
        }
        if (meta->autoIncrementColumn() < 0) {
            QStringList pk;
            for (int c : meta->primaryKey())
                pk.append(m.columns[c]);
            defs.append(QStringLiteral("PRIMARY KEY (%1)").arg(pk.join(QStringLiteral(", "))));
        }
        for (const RelationMeta &r : meta->relations()) {
            auto target = EntityMeta::of(*r.target);
            if (!target)
                return target.error();
            if (target.value()->primaryKey().size() != 1)
                return Error(Error::Kind::Mapping, QStringLiteral("%1::%2: the target %3 needs a single-column key")
                                                           .arg(meta->className(), r.name, target.value()->className()));
            const Mapper tm(target.value(), m_database);
            defs.append(QStringLiteral("FOREIGN KEY (%1) REFERENCES %2 (%3)")
                                .arg(m.columns[r.foreignKeyColumn], tm.table, tm.columns[target.value()->primaryKey().first()]));
        }
        statements.append(QStringLiteral("CREATE TABLE %1 (%2)").arg(m.table, defs.join(QStringLiteral(", "))));
    }
    return statements;
}

Error Schema::run(const QString &sql) const
{
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    QSqlQuery q(conn.value());
    qCDebug(lcSql).noquote() << sql;
    if (!q.exec(sql))
        return m_database.dialect().classifyError(q.lastError(), sql);
    return {};
}

Error Schema::createTables(const QList<const QMetaObject *> &entityClasses) const
{
    auto statements = createStatements(entityClasses);
    if (!statements)
        return statements.error();
    for (const QString &sql : statements.value())
        if (Error e = run(sql); e.isValid())
            return e;
    return {};
}

Error Schema::dropTables(const QList<const QMetaObject *> &entityClasses) const
{
    auto order = dependencyOrder(entityClasses);
    if (!order)
        return order.error();
    for (auto it = order.value().crbegin(); it != order.value().crend(); ++it) {
        const Mapper m(EntityMeta::of(**it).value(), m_database);
        if (Error e = run(QStringLiteral("DROP TABLE IF EXISTS ") + m.table); e.isValid())
            return e;
    }
    return {};
}

} // namespace qorm
