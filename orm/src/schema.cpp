// SPDX-License-Identifier: MIT
#include "logging_p.h"
#include "dependencyorder_p.h"
#include "mapper_p.h"

#include <qorm/schema.h>
#include <qorm/statementcompiler.h>

#include <QElapsedTimer>
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
    // The statement compiler's DDL, one class at a time in dependency order.
    const StatementCompiler compiler(*m_dialect, m_naming);
    QStringList statements;
    for (const QMetaObject *mo : order.value()) {
        auto table = compiler.createTable(*mo);
        if (!table)
            return table.error();
        statements.append(table.value());
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
            return meta && existing.contains(applyNamingStrategy(m_naming, meta.value()->tableName()));
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
    const auto grammar = detail::Grammar::create(*m_dialect);
    for (auto it = order.value().crbegin(); it != order.value().crend(); ++it) {
        const Mapper m(EntityMeta::of(**it).value(), *grammar, m_naming);
        if (Error e = run(grammar->compileDropTable(m, existence == Existence::CheckFirst)); e.isValid())
            return e;
    }
    return {};
}

} // namespace qorm
