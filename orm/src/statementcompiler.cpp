// SPDX-License-Identifier: MIT
#include "grammar_p.h"
#include "mapper_p.h"
#include "selectcompiler_p.h"

#include <qorm/entity.h>
#include <qorm/statementcompiler.h>

#include <vector>

namespace qorm {

using detail::Mapper;

class StatementCompilerPrivate
{
public:
    StatementCompilerPrivate(const Dialect &dialect, NamingStrategy naming, const Database &database)
        : database(database), grammar(detail::Grammar::create(dialect)), naming(naming)
    {
    }

    Result<const Mapper *> mapper(const QMetaObject &mo)
    {
        for (const auto &m : mappers)
            if (m->meta->metaObject() == &mo)
                return static_cast<const Mapper *>(m.get());
        auto meta = EntityMeta::of(mo);
        if (!meta)
            return meta.error();
        auto m = std::make_unique<Mapper>(meta.value(), *grammar, naming);
        if (Error e = m->mappingError(); e.isValid())
            return e;
        mappers.push_back(std::move(m));
        return static_cast<const Mapper *>(mappers.back().get());
    }
    detail::MapperSource source() { return [this](const QMetaObject &mo) { return mapper(mo); }; }

    /*! Appends the bindable values of \a columns of \a entity; the first value that cannot be stored is the error. */
    Error appendValues(const Mapper &m, const Entity &entity, const QList<int> &columns, QVariantList &values) const
    {
        Error invalid;
        for (int c : columns)
            values.append(m.databaseValue(&entity, c, &invalid));
        return invalid;
    }
    /*! Appends the entity's current primary key (and version) for a `WHERE <key> = ?` clause. */
    void appendKey(const Mapper &m, const Entity &entity, QVariantList &values, bool withVersion) const
    {
        Error ignored; // the key was stored already: no storage checks
        for (int c : m.meta->primaryKey())
            values.append(m.databaseValue(&entity, c, &ignored));
        if (withVersion && m.meta->versionColumn() >= 0)
            values.append(m.databaseValue(&entity, m.meta->versionColumn(), &ignored));
    }
    Result<QList<int>> columnsOf(const Mapper &m, const QStringList &properties) const
    {
        QList<int> columns;
        for (const QString &p : properties) {
            const int c = m.meta->columnIndex(p);
            if (c < 0)
                return m.meta->unknownPropertyError(p);
            columns.append(c);
        }
        return columns;
    }

    Database database; // keeps the dialect alive when constructed from a Database
    std::unique_ptr<detail::Grammar> grammar;
    NamingStrategy naming;
    std::vector<std::unique_ptr<Mapper>> mappers;
};

StatementCompiler::StatementCompiler(const Database &database)
    : d(database.isValid() ? new StatementCompilerPrivate(database.dialect(), database.namingStrategy(), database) : nullptr)
{
}

StatementCompiler::StatementCompiler(const Dialect &dialect, NamingStrategy naming)
    : d(new StatementCompilerPrivate(dialect, naming, Database()))
{
}

StatementCompiler::~StatementCompiler() = default;

/*!
 * The Mapper of class \a metaObject for StatementCompiler::\a caller(): InvalidState for a
 * compiler built on an invalid Database or for a query without a class.
 */
static Result<const Mapper *> mapperOf(StatementCompilerPrivate *d, const QMetaObject *metaObject, const char *caller)
{
    if (!d)
        return Error(Error::Kind::InvalidState, QStringLiteral("StatementCompiler: the Database it was given is invalid"));
    if (!metaObject)
        return Error(Error::Kind::InvalidState, QStringLiteral("StatementCompiler::%1(): a default-constructed query has no entity class")
                                                        .arg(QLatin1StringView(caller)));
    return d->mapper(*metaObject);
}

Result<SqlStatement> StatementCompiler::select(const QueryBase &query) const
{
    auto m = mapperOf(d.get(), query.entityMetaObject(), "select");
    if (!m)
        return m.error();
    if (!query.selection().isEmpty()) { // a Projection: values, GROUP BY, HAVING
        QList<const ColumnMeta *> columns;
        return detail::SelectCompiler(*d->grammar, *m.value(), d->source()).project(query, &columns);
    }
    return detail::SelectCompiler(*d->grammar, *m.value(), d->source()).select(query);
}

Result<SqlStatement> StatementCompiler::count(const QueryBase &query) const
{
    auto m = mapperOf(d.get(), query.entityMetaObject(), "count");
    if (!m)
        return m.error();
    return detail::SelectCompiler(*d->grammar, *m.value(), d->source()).count(query);
}

Result<SqlStatement> StatementCompiler::insert(const Entity &entity) const
{
    auto mapper = mapperOf(d.get(), entity.metaObject(), "insert");
    if (!mapper)
        return mapper.error();
    const Mapper &m = *mapper.value();
    const int autoColumn = m.meta->autoIncrementColumn();
    bool generated = false;
    if (autoColumn >= 0) {
        const ColumnMeta &c = m.meta->columns()[autoColumn];
        const QVariant v = c.type->toValue(*c.type, c.metaProperty.read(&entity));
        generated = !v.isValid() || v.toLongLong() == 0;
    }
    SqlStatement st{ generated ? m.insertAllSql : m.insertWithKeySql, {} };
    QList<int> columns;
    for (qsizetype c = 0; c < m.columns.size(); ++c)
        if (!generated || c != autoColumn)
            columns.append(int(c));
    if (Error e = d->appendValues(m, entity, columns, st.values); e.isValid())
        return e;
    return st;
}

Result<SqlStatement> StatementCompiler::update(const Entity &entity, const QStringList &properties) const
{
    auto mapper = mapperOf(d.get(), entity.metaObject(), "update");
    if (!mapper)
        return mapper.error();
    const Mapper &m = *mapper.value();
    QList<int> columns;
    if (properties.isEmpty()) {
        for (qsizetype c = 0; c < m.columns.size(); ++c)
            if (!m.meta->columns()[c].primaryKey && c != m.meta->versionColumn())
                columns.append(int(c));
    } else {
        auto named = d->columnsOf(m, properties);
        if (!named)
            return named.error();
        columns = named.value();
    }
    if (columns.isEmpty())
        return Error(Error::Kind::InvalidState, QStringLiteral("%1: nothing to update (every column is part of the key)").arg(m.meta->className()));
    SqlStatement st{ m.grammar->compileUpdate(m, columns), {} };
    if (Error e = d->appendValues(m, entity, columns, st.values); e.isValid())
        return e;
    const int version = m.meta->versionColumn();
    if (version >= 0) {
        const ColumnMeta &c = m.meta->columns()[version];
        st.values.append(c.type->toValue(*c.type, c.metaProperty.read(&entity)).toLongLong() + 1);
    }
    d->appendKey(m, entity, st.values, true);
    return st;
}

Result<SqlStatement> StatementCompiler::remove(const Entity &entity) const
{
    auto mapper = mapperOf(d.get(), entity.metaObject(), "remove");
    if (!mapper)
        return mapper.error();
    SqlStatement st{ mapper.value()->deleteSql, {} };
    d->appendKey(*mapper.value(), entity, st.values, true);
    return st;
}

Result<SqlStatement> StatementCompiler::upsert(const Entity &entity, const QStringList &conflictProperties) const
{
    auto mapper = mapperOf(d.get(), entity.metaObject(), "upsert");
    if (!mapper)
        return mapper.error();
    const Mapper &m = *mapper.value();
    QList<int> conflict = m.meta->primaryKey();
    if (!conflictProperties.isEmpty()) {
        auto named = d->columnsOf(m, conflictProperties);
        if (!named)
            return named.error();
        conflict = named.value();
    }
    SqlStatement st{ m.grammar->compileUpsert(m, conflict), {} };
    QList<int> all;
    for (qsizetype c = 0; c < m.columns.size(); ++c)
        all.append(int(c));
    if (Error e = d->appendValues(m, entity, all, st.values); e.isValid())
        return e;
    return st;
}

Result<QStringList> StatementCompiler::createTable(const QMetaObject &metaObject) const
{
    auto m = mapperOf(d.get(), &metaObject, "createTable");
    if (!m)
        return m.error();
    return d->grammar->compileCreateTable(*m.value(), d->source());
}

Result<QString> StatementCompiler::dropTable(const QMetaObject &metaObject, bool ifExists) const
{
    auto m = mapperOf(d.get(), &metaObject, "dropTable");
    if (!m)
        return m.error();
    return d->grammar->compileDropTable(*m.value(), ifExists);
}

} // namespace qorm
