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
    const auto grammar = detail::Grammar::create(*m_dialect);
    // Mappers of the classes and of their relation targets, for the foreign keys.
    std::vector<std::unique_ptr<Mapper>> mappers;
    const detail::MapperSource source = [&](const QMetaObject &mo) -> Result<const Mapper *> {
        for (const auto &m : mappers)
            if (m->meta->metaObject() == &mo)
                return static_cast<const Mapper *>(m.get());
        auto meta = EntityMeta::of(mo);
        if (!meta)
            return meta.error();
        mappers.push_back(std::make_unique<Mapper>(meta.value(), *grammar, m_naming));
        if (Error e = mappers.back()->mappingError(); e.isValid())
            return e;
        return static_cast<const Mapper *>(mappers.back().get());
    };
    QStringList statements;
    for (const QMetaObject *mo : order.value()) {
        auto m = source(*mo);
        if (!m)
            return m.error();
        auto table = grammar->compileCreateTable(*m.value(), source);
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
    const auto grammar = detail::Grammar::create(*m_dialect);
    if (existence == Existence::CheckFirst && m_database.isValid()) {
        auto conn = m_database.connection();
        if (!conn)
            return conn.error();
        const QStringList existing = conn.value().tables(QSql::Tables);
        missing.removeIf([&](const QMetaObject *mo) {
            auto meta = EntityMeta::of(*mo);
            return meta && existing.contains(Mapper(meta.value(), *grammar, m_naming).physicalTable);
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
