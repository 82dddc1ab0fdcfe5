// SPDX-License-Identifier: MIT
#include "session_p.h"
#include "relations_p.h"

#include "flushplan_p.h"
#include "loader_p.h"
#include "mappingplans_p.h"
#include "logging_p.h"
#include "rawsql_p.h"
#include "selectcompiler_p.h"

#include <QDateTime>
#include <QMetaMethod>
#include <QSet>
#include <QThread>

namespace qorm {

using namespace detail;

// ---------------------------------------------------------------------------------------------
// SessionPrivate: guards, tracking, versions, transactions

SessionPrivate::SessionPrivate(Session *q, const Database &db)
    : q(q), database(db), connection(db, [q](const QString &sql, const QVariantList &values, qint64 us) {
          Q_EMIT q->statementExecuted(sql, values, us);
      }),
      changes(q, [q] { return q->isSignalConnected(QMetaMethod::fromSignal(&Session::entityChanged)); })
{
}

SessionPrivate::~SessionPrivate() = default;

Error SessionPrivate::usable() const
{
    if (QThread::currentThread() != q->thread()) {
        const Error e(Error::Kind::InvalidState,
                      QStringLiteral("Session used from thread %1 but it belongs to thread %2: a session, its connection and "
                                     "its entities belong to one thread (open one Session per thread)")
                              .arg(quintptr(QThread::currentThread()), 0, 16)
                              .arg(quintptr(q->thread()), 0, 16));
        qCDebug(lcSql).noquote() << e.message();
        return e;
    }
    if (!database.isValid())
        return Error(Error::Kind::InvalidState,
                     QStringLiteral("this Session has no database: the qorm::Database it was given is invalid (check the error of Database::open())"));
    return {};
}

Error SessionPrivate::refuse(const Error &e)
{
    // lastError() and errorOccurred() belong to the owner thread: another thread only gets the error.
    return isOwnerThread() ? fail(e) : e;
}

Error SessionPrivate::fail(const Error &e)
{
    if (e.isValid()) {
        lastError = e;
        Q_EMIT q->errorOccurred(e);
    }
    return e;
}

Result<const Mapper *> SessionPrivate::mapperFor(const QMetaObject &mo)
{
    if (const Mapper *m = mappers.value(&mo))
        return m;
    auto m = MappingPlans::of(database).mapper(mo);
    if (m)
        mappers.insert(&mo, m.value());
    return m;
}

const Grammar &SessionPrivate::grammar()
{
    return MappingPlans::of(database).grammar();
}

QString SessionPrivate::updateSql(const Mapper &mapper, const QList<int> &changedColumns)
{
    const std::pair<const Mapper *, QList<int>> key{ &mapper, changedColumns };
    auto it = updateTexts.constFind(key);
    if (it == updateTexts.cend())
        it = updateTexts.insert(key, grammar().compileUpdate(mapper, changedColumns));
    return it.value();
}

EntityState *SessionPrivate::track(const std::shared_ptr<Entity> &entity, const Mapper *mapper, Entity::State state)
{
    auto *s = new EntityState(this, entity, mapper, state);
    entity->m_state = s;
    entity->m_detached = false;
    return s;
}

void SessionPrivate::untrack(EntityState *s)
{
    if (!s->key.isNull())
        identity.remove(s);
    std::shared_ptr<Entity> handle = s->leave(uow); // released after the record is gone
    transactions.forget(s);
    relationWork.remove(s);
    removals.remove(s);
    if (s->entity)
        s->entity->m_state = nullptr;
    delete s;
}

void SessionPrivate::entityDestroyed(Entity *e)
{
    // Only clean entities can die: everything with unflushed changes is held strongly.
    EntityState *s = e->m_state;
    s->entity = nullptr;
    untrack(s);
}

QVariantList SessionPrivate::keyValues(const EntityState *s) const
{
    QVariantList values;
    const QList<int> &pk = s->mapper->meta->primaryKey();
    values.reserve(pk.size());
    for (int c : pk) {
        const ColumnCodec &codec = s->mapper->codecs.at(c);
        const TypeMapping &type = *codec.column().type;
        values.append(s->original.contains(c) ? type.toValue(type, s->original.value(c)) : codec.value(s->entity));
    }
    return values;
}

IdentityKey SessionPrivate::identityKeyOf(const EntityState *s) const
{
    return IdentityKey(s->mapper->meta->metaObject(), keyValues(s));
}

void SessionPrivate::appendKeyBindings(const EntityState *s, const QVariantList &keys, QVariantList &values) const
{
    const Mapper &m = *s->mapper;
    for (qsizetype i = 0; i < keys.size(); ++i)
        values.append(m.dialect->toDatabase(m.meta->columns()[m.meta->primaryKey()[i]].type->sqlType, keys[i]));
}

void SessionPrivate::willChange(Entity *e, int propertyIndex, const QVariant &oldValue)
{
    EntityState *s = e->m_state;
    if (restoring || s->state() != Entity::State::Persistent)
        return;
    const int c = s->mapper->meta->columnForPropertyIndex(propertyIndex);
    if (c >= 0)
        s->recordChange(uow, c, oldValue);
}

QVariant SessionPrivate::targetKey(const RelationMeta &relation, const QVariant &key) const
{
    auto target = EntityMeta::of(*relation.target);
    if (!key.isValid() || !target || target.value()->primaryKey().size() != 1)
        return {};
    const ColumnMeta &column = target.value()->columns()[target.value()->primaryKey().first()];
    auto converted = TypeRegistry::convertExact(*column.type, key);
    return converted ? converted.value() : QVariant();
}

void SessionPrivate::writeProperty(Entity *e, const ColumnMeta &c, const QVariant &value)
{
    const bool was = restoring;
    restoring = true;
    c.metaProperty.write(e, value);
    restoring = was;
}

qint64 SessionPrivate::loadedVersion(const EntityState *s) const
{
    const int column = s->mapper->meta->versionColumn();
    const ColumnCodec &codec = s->mapper->codecs.at(column);
    const TypeMapping &type = *codec.column().type;
    return (s->original.contains(column) ? type.toValue(type, s->original.value(column)) : codec.value(s->entity)).toLongLong();
}

void SessionPrivate::setVersion(EntityState *s, qint64 version)
{
    const int column = s->mapper->meta->versionColumn();
    const ColumnMeta &c = s->mapper->meta->columns()[column];
    QVariant v(version);
    if (!v.convert(c.type->valueType)) // int or qint64: always converts
        return;
    writeProperty(s->entity, c, c.type->fromValue(*c.type, v));
    s->original.remove(column);
}

Error SessionPrivate::staleData(const Mapper &m, const QVariantList &keys, qint64 version, const QString &sql) const
{
    Error e(Error::Kind::StaleData,
            QStringLiteral("%1 with key %2 was changed or deleted by another connection since it was loaded (version %3): "
                           "nothing was written; reload it and apply the change again")
                    .arg(m.meta->className(), keyText(keys))
                    .arg(version),
            sql);
    e.setSubject(m.meta->className(), QString());
    return e;
}

void SessionPrivate::stampTimes(EntityState *s, Stamp stamp)
{
    const EntityMeta *meta = s->mapper->meta;
    if (meta->createdAtColumn() < 0 && meta->updatedAtColumn() < 0)
        return;
    // Millisecond precision: what every backend stores, so the entity equals its row.
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    auto set = [&](int column, bool onlyWhenUnset) {
        if (column < 0)
            return;
        const ColumnMeta &c = meta->columns()[column];
        if (onlyWhenUnset && c.type->toValue(*c.type, c.metaProperty.read(s->entity)).toDateTime().isValid())
            return;
        c.metaProperty.write(s->entity, c.type->fromValue(*c.type, QVariant(now)));
    };
    set(meta->createdAtColumn(), true);
    set(meta->updatedAtColumn(), stamp == Stamp::Insert);
}

Error SessionPrivate::beginTransaction()
{
    if (transactions.isActive())
        return {};
    if (Error e = connection.execDirect(database.dialect().beginTransactionSql()); e.isValid())
        return e;
    transactions.begin();
    return {};
}

void SessionPrivate::undoTo(qsizetype mark)
{
    const QList<JournalEntry> undone = transactions.takeSince(mark); // keeps the handles alive meanwhile
    restoring = true;
    for (auto it = undone.crbegin(); it != undone.crend(); ++it) {
        EntityState *s = it->state;
        if (!s)
            continue;
        const EntityMeta *meta = s->mapper->meta;
        switch (it->action) {
        case JournalEntry::Action::Insert:
            identity.remove(s);
            uow.forgetSnapshot(s);
            if (meta->autoIncrementColumn() >= 0)
                meta->columns()[meta->autoIncrementColumn()].metaProperty.write(s->entity, it->previousAutoValue);
            s->undo(uow, *it);
            break;
        case JournalEntry::Action::Update:
            if (meta->versionColumn() >= 0 && it->previousAutoValue.isValid())
                setVersion(s, it->previousAutoValue.toLongLong());
            s->undo(uow, *it);
            if (!s->key.isNull())
                identity.rekey(s, identityKeyOf(s)); // a flushed key change goes back too
            break;
        case JournalEntry::Action::Delete:
        case JournalEntry::Action::BulkDelete:
            s->undo(uow, *it);
            identity.insert(s);
            if (!meta->isFullyTracked())
                uow.snapshot(s); // its snapshot is the restored original
            break;
        case JournalEntry::Action::BulkUpdate:
            for (const auto &[c, value] : it->previousValues)
                meta->columns()[c].metaProperty.write(s->entity, value);
            s->undo(uow, *it);
            break;
        case JournalEntry::Action::Association:
            // The row is written again by the next flush: the change goes back into the history.
            if (s->entity) {
                Relations::restoreHistory(s->entity, it->relation, it->item, it->inserted);
                relationWork.insert(s);
            }
            break;
        }
    }
    restoring = false;
}

QList<Entity *> SessionPrivate::relationOwners() const
{
    QList<Entity *> owners;
    for (EntityState *r : relationWork)
        if (r->entity)
            owners.append(r->entity);
    return owners;
}

bool SessionPrivate::hasWork() const
{
    return uow.hasChanges() || !Relations::associationChanges(relationOwners()).isEmpty();
}

void SessionPrivate::abortTransaction()
{
    if (transactions.isActive()) {
        // A failed ROLLBACK (e.g. the connection is gone) still ends the transaction server-side.
        if (Error e = connection.execDirect(QStringLiteral("ROLLBACK")); e.isValid())
            qCWarning(lcSql) << "ROLLBACK failed:" << e;
        transactions.end();
    }
    undoTo(0);
}

} // namespace qorm

// =============================================================================================
// Session: the façade

namespace qorm {

Session::Session(const Database &database, QObject *parent) : QObject(parent), d(new SessionPrivate(this, database)) { }

Session::~Session()
{
    // Uncommitted work is rolled back, as when a SQLAlchemy session is closed.
    d->abortTransaction();
    d->connection.clearStatements();
    // Detach every entity still alive; release strong handles only after the records are gone.
    QList<std::shared_ptr<Entity>> handles;
    QList<EntityState *> all = d->identity.states() + d->uow.all();
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    for (EntityState *s : all) {
        if (s->entity) {
            s->entity->m_state = nullptr;
            s->entity->m_detached = s->state() != Entity::State::Pending;
        }
        handles.append(s->leave(d->uow));
        // Releasing an entity here could destroy others whose records are still in `all`
        // (double delete): keep them alive in `handles` until every record is gone.
        handles.append(s->weak.lock());
        delete s;
    }
    d->identity.clear();
    d->relationWork.clear();
    // Detached entities keep what their relations loaded, except references that hold each other
    // in a cycle, which would outlive the session.
    Relations::breakCycles(handles);
    handles.clear();
}

Database Session::database() const
{
    return d->database;
}

Result<std::shared_ptr<Entity>> Session::get(const QMetaObject &metaObject, const QVariant &id, QueryBase::Factory factory)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    auto mapper = d->mapperFor(metaObject);
    if (!mapper)
        return d->fail(mapper.error());
    const Mapper &m = *mapper.value();
    const QList<int> &pk = m.meta->primaryKey();
    const QVariantList ids = pk.size() == 1 ? QVariantList{ id } : id.toList();
    if (ids.size() != pk.size())
        return d->fail(Error(Error::Kind::TypeMismatch,
                             QStringLiteral("%1: the primary key has %2 columns, got %3 values")
                                     .arg(m.meta->className()).arg(pk.size()).arg(ids.size())));
    // Normalise the id to the key's value types, so 1 and qint64(1) find the same entity.
    QVariantList keyParts;
    Expr condition;
    for (qsizetype i = 0; i < pk.size(); ++i) {
        const ColumnMeta &c = m.meta->columns()[pk[i]];
        auto converted = TypeRegistry::convertExact(*c.type, ids[i]);
        if (!converted)
            return d->fail(m.columnError(pk[i], Error::Kind::TypeMismatch, converted.error().message()));
        const QVariant v = converted.value();
        keyParts.append(v);
        condition = condition && (Expr::column(c.property) == v);
    }
    if (auto existing = d->identity.lookup(IdentityKey(&metaObject, keyParts)))
        return existing;
    QueryBase q(this, &metaObject);
    q = q.where(condition);
    auto st = SelectCompiler(d->grammar(), m, d->mapperSource()).select(q);
    if (!st)
        return d->fail(st.error());
    auto executed = d->connection.select(st.value());
    if (!executed)
        return d->fail(m.explain(executed.error()));
    auto rows = Loader(*d, m, factory, st.value().sql).loadAll(*executed.value());
    if (!rows)
        return d->fail(rows.error());
    if (rows.value().isEmpty())
        return d->fail(Error(Error::Kind::NotFound, QStringLiteral("no %1 with key %2").arg(m.meta->className(), keyText(keyParts)),
                             st.value().sql));
    return rows.value().first();
}

Result<QList<std::shared_ptr<Entity>>> Session::execute(const QueryBase &query)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    if (Error e = d->autoflushFor(query); e.isValid())
        return e;
    auto mapper = d->mapperFor(*query.entityMetaObject());
    if (!mapper)
        return d->fail(mapper.error());
    const Mapper &m = *mapper.value();
    // Eager loads: the joined ones in this SELECT, then one select-in pass per hop.
    auto plan = Relations::eagerPlan(*m.meta, query, !d->eagerLoading);
    if (!plan)
        return d->fail(plan.error());
    QList<SelectCompiler::EagerJoin> joins;
    QList<int> joinOf(plan.value().size(), -1);
    for (qsizetype i = 0; i < plan.value().size(); ++i) {
        const auto &hop = plan.value()[i];
        if (hop.strategy != LoadStrategy::Joined)
            continue;
        joinOf[i] = int(joins.size());
        joins.append(SelectCompiler::EagerJoin{ hop.parent < 0 ? -1 : joinOf[hop.parent], hop.relation });
    }
    QList<SelectCompiler::EagerColumns> layout;
    auto st = SelectCompiler(d->grammar(), m, d->mapperSource()).select(query, joins, &layout);
    if (!st)
        return d->fail(st.error());
    auto executed = d->connection.select(st.value());
    if (!executed)
        return d->fail(m.explain(executed.error()));
    auto rows = layout.isEmpty() ? Loader(*d, m, query.factory(), st.value().sql).loadAll(*executed.value())
                                 : Relations::loadJoined(*d, *executed.value(), m, query.factory(), st.value().sql, layout);
    if (!rows)
        return d->fail(rows.error());
    if (plan.value().isEmpty())
        return rows;
    // Each hop's entities: the parents of the hops below it.
    const bool outer = !d->eagerLoading;
    d->eagerLoading = true;
    QList<QList<std::shared_ptr<Entity>>> loaded(plan.value().size());
    QList<const EntityMeta *> classOf(plan.value().size(), nullptr);
    Error failed;
    for (qsizetype i = 0; i < plan.value().size() && !failed.isValid(); ++i) {
        const auto &hop = plan.value()[i];
        const EntityMeta &owner = hop.parent < 0 ? *m.meta : *classOf[hop.parent];
        const int relation = owner.relationIndex(hop.relation);
        classOf[i] = EntityMeta::of(*owner.relations()[relation].target).value();
        const QList<std::shared_ptr<Entity>> &parents = hop.parent < 0 ? rows.value() : loaded[hop.parent];
        if (hop.strategy == LoadStrategy::SelectIn) {
            failed = Relations::selectIn(*d, owner, relation, parents, &loaded[i]);
            continue;
        }
        for (const auto &p : parents) // joined: already in the parents' slots
            if (RelationStore *store = Relations::store(p.get()))
                if (RelationSlot *slot = store->find(relation))
                    Relations::appendHeld(*slot, owner.relations()[relation].isCollection(), &loaded[i]);
    }
    d->eagerLoading = !outer;
    if (failed.isValid())
        return d->fail(failed);
    return rows;
}

Result<std::optional<QVariant>> SessionPrivate::firstValue(const QueryBase &query,
                                                           Result<SqlStatement> (SelectCompiler::*compile)(const QueryBase &))
{
    if (Error e = usable(); e.isValid())
        return refuse(e);
    if (Error e = autoflushFor(query); e.isValid())
        return e;
    auto mapper = mapperFor(*query.entityMetaObject());
    if (!mapper)
        return fail(mapper.error());
    SelectCompiler compiler(grammar(), *mapper.value(), mapperSource());
    auto st = (compiler.*compile)(query);
    if (!st)
        return fail(st.error());
    auto executed = connection.select(st.value());
    if (!executed)
        return fail(mapper.value()->explain(executed.error()));
    RowSource &rows = *executed.value();
    std::optional<QVariant> value;
    if (rows.next())
        value = rows.value(0);
    Error e = rows.error(st.value().sql);
    rows.finish();
    if (e.isValid())
        return fail(mapper.value()->explain(e));
    return value;
}

Result<qint64> Session::executeCount(const QueryBase &query)
{
    auto value = d->firstValue(query, &SelectCompiler::count);
    if (!value)
        return value.error();
    return value.value() ? value.value()->toLongLong() : 0;
}

Result<bool> Session::executeExists(const QueryBase &query)
{
    auto value = d->firstValue(query, &SelectCompiler::exists);
    if (!value)
        return value.error();
    return value.value().has_value();
}

Result<QList<QVariantList>> Session::executeRows(const QueryBase &query, const QList<QMetaType> &types)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    if (query.selection().isEmpty() || query.selection().size() != types.size())
        return d->fail(Error(Error::Kind::InvalidState, QStringLiteral("rows(): the query selects %1 values, %2 types were given")
                                                                .arg(query.selection().size())
                                                                .arg(types.size())));
    if (Error e = d->autoflushFor(query); e.isValid())
        return e;
    auto mapper = d->mapperFor(*query.entityMetaObject());
    if (!mapper)
        return d->fail(mapper.error());
    QList<const ColumnMeta *> columns;
    auto st = SelectCompiler(d->grammar(), *mapper.value(), d->mapperSource()).project(query, &columns);
    if (!st)
        return d->fail(st.error());
    // How each value is read: a column through its own mapping, an expression as the C++ type asked for.
    struct Reader
    {
        SqlType sqlType;
        QMetaType valueType;
        const TypeMapping *columnType;
    };
    QList<Reader> readers;
    for (qsizetype i = 0; i < types.size(); ++i) {
        if (const ColumnMeta *c = columns[i]) {
            readers.append({ c->type->sqlType, c->type->valueType, c->type });
            continue;
        }
        const TypeMapping *t = TypeRegistry::find(types[i]);
        if (!t)
            return d->fail(Error(Error::Kind::Mapping, QStringLiteral("rows(): no SQL mapping for the C++ type %1").arg(QLatin1StringView(types[i].name()))));
        readers.append({ t->sqlType, t->valueType, nullptr });
    }
    auto executed = d->connection.select(st.value());
    if (!executed)
        return d->fail(mapper.value()->explain(executed.error()));
    RowSource &source = *executed.value();
    QList<QVariantList> result;
    const Dialect &dialect = d->database.dialect();
    while (source.next()) {
        QVariantList row;
        row.reserve(readers.size());
        for (qsizetype i = 0; i < readers.size(); ++i) {
            const QVariant raw = source.value(int(i));
            if (raw.isNull()) {
                row.append(QVariant());
                continue;
            }
            bool ok = false;
            QVariant v = dialect.fromDatabase(readers[i].sqlType, readers[i].valueType, raw, &ok);
            if (!ok) {
                source.finish();
                return d->fail(Error(Error::Kind::TypeMismatch,
                                     QStringLiteral("value %1 of the selection: the stored value %2 cannot be read as %3")
                                             .arg(i + 1)
                                             .arg(raw.toString(), QLatin1StringView(readers[i].valueType.name())),
                                     st.value().sql));
            }
            row.append(std::move(v));
        }
        result.append(std::move(row));
    }
    Error e = source.error(st.value().sql);
    source.finish();
    if (e.isValid())
        return d->fail(mapper.value()->explain(e));
    return result;
}

Result<qint64> Session::executeBulk(const QueryBase &query, const QList<std::pair<QString, Expr>> &assignments, bool remove)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    if (Error e = d->autoflushFor(query); e.isValid())
        return e;
    auto mapper = d->mapperFor(*query.entityMetaObject());
    if (!mapper)
        return d->fail(mapper.error());
    const Mapper &m = *mapper.value();
    auto compiler = [&] { return SelectCompiler(d->grammar(), m, d->mapperSource()); };
    // The statement: SET (own compiler: unqualified columns), then WHERE.
    SqlStatement statement;
    QString setSql;
    if (!remove) {
        auto set = compiler().bulkSet(assignments);
        if (!set)
            return d->fail(set.error());
        setSql = set.value().sql;
        statement.values = set.value().values;
    }
    auto where = compiler().bulkWhere(query);
    if (!where)
        return d->fail(where.error());
    statement.values += where.value().values;
    statement.sql = remove ? QStringLiteral("DELETE FROM ") + m.table : QStringLiteral("UPDATE ") + m.table + QStringLiteral(" SET ") + setSql;
    if (!where.value().sql.isEmpty())
        statement.sql += QStringLiteral(" WHERE ") + where.value().sql;

    // Which loaded entities the statement touches: their keys, asked before it runs.
    QList<EntityState *> loaded;
    const auto states = d->identity.states();
    const bool anyLoaded = std::any_of(states.cbegin(), states.cend(), [&](const EntityState *s) { return s->mapper == &m && s->entity; });
    if (Error e = d->beginTransaction(); e.isValid())
        return d->fail(e);
    if (anyLoaded) {
        auto keySelect = compiler().keys(query);
        if (!keySelect)
            return d->fail(keySelect.error());
        auto rows = d->connection.select(keySelect.value());
        if (!rows) {
            d->abortTransaction();
            return d->fail(m.explain(rows.error()));
        }
        const QList<int> &pk = m.meta->primaryKey();
        while (rows.value()->next()) {
            QVariantList parts;
            bool ok = true;
            for (qsizetype i = 0; i < pk.size() && ok; ++i)
                parts.append(m.valueTypeValue(pk[i], rows.value()->value(int(i)), &ok));
            if (!ok)
                continue;
            const IdentityKey key = parts.size() == 1 ? IdentityKey(m.meta->metaObject(), parts.first()) : IdentityKey(m.meta->metaObject(), parts);
            if (EntityState *s = d->identity.find(key); s && s->entity)
                loaded.append(s);
        }
        Error e = rows.value()->error(keySelect.value().sql);
        rows.value()->finish();
        if (e.isValid()) {
            d->abortTransaction();
            return d->fail(m.explain(e));
        }
    }
    auto written = d->connection.write(statement, Connection::GeneratedKey::None);
    if (!written) {
        d->abortTransaction();
        return d->fail(m.explain(written.error()));
    }
    if (remove) {
        for (EntityState *s : std::as_const(loaded)) {
            auto handle = s->weak.lock();
            d->transactions.record({ JournalEntry::Action::BulkDelete, s, handle, s->original, {}, {} });
            s->bulkDeleted(d->uow);
            d->identity.remove(s);
            d->uow.forgetSnapshot(s);
        }
        return written.value().rowsAffected;
    }
    // Read the new values of the assigned columns back into the loaded entities.
    QList<int> columns;
    for (const auto &a : assignments)
        columns.append(m.meta->columnIndex(a.first));
    constexpr qsizetype chunk = 500;
    for (qsizetype from = 0; from < loaded.size(); from += chunk) {
        const QList<EntityState *> part = loaded.mid(from, chunk);
        QVariantList keys;
        for (EntityState *s : part)
            keys.append(s->key.values().first());
        QueryBase reread(this, m.meta->metaObject());
        reread = reread.where(Expr::column(m.meta->columns()[m.meta->primaryKey().first()].property).in(keys)).autoflush(false);
        QList<Expr> selected = { Expr::column(m.meta->columns()[m.meta->primaryKey().first()].property) };
        for (int c : std::as_const(columns))
            selected.append(Expr::column(m.meta->columns()[c].property));
        QList<const ColumnMeta *> refs;
        auto st = compiler().project(reread.select(selected), &refs);
        if (!st) {
            d->abortTransaction();
            return d->fail(st.error());
        }
        auto rows = d->connection.select(st.value());
        if (!rows) {
            d->abortTransaction();
            return d->fail(m.explain(rows.error()));
        }
        QHash<IdentityKey, EntityState *> byKey;
        for (EntityState *s : part)
            byKey.insert(s->key, s);
        d->restoring = true;
        while (rows.value()->next()) {
            bool ok = true;
            const QVariant key = m.valueTypeValue(m.meta->primaryKey().first(), rows.value()->value(0), &ok);
            EntityState *s = ok ? byKey.value(IdentityKey(m.meta->metaObject(), key)) : nullptr;
            if (!s || !s->entity)
                continue;
            JournalEntry entry{ JournalEntry::Action::BulkUpdate, s, s->weak.lock(), s->original, {}, {} };
            for (qsizetype i = 0; i < columns.size(); ++i) {
                const int c = columns[i];
                const ColumnCodec &codec = m.codecs.at(c);
                entry.previousValues.insert(c, codec.propertyValue(s->entity));
                bool read = false;
                const QVariant v = codec.fromDatabase(rows.value()->value(int(i + 1)), &read);
                if (!read)
                    continue;
                codec.setValue(s->entity, v);
                if (m.meta->columns()[c].tracked)
                    s->original.remove(c); // in sync with the row now
                else
                    s->original.insert(c, codec.propertyValue(s->entity));
                d->changes.record(s, c);
            }
            d->transactions.record(std::move(entry));
        }
        d->restoring = false;
        Error e = rows.value()->error(st.value().sql);
        rows.value()->finish();
        if (e.isValid()) {
            d->abortTransaction();
            return d->fail(m.explain(e));
        }
    }
    d->changes.deliver();
    return written.value().rowsAffected;
}

Result<int> Session::openStream(const QueryBase &query)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    if (Error e = d->autoflushFor(query); e.isValid())
        return e;
    auto mapper = d->mapperFor(*query.entityMetaObject());
    if (!mapper)
        return d->fail(mapper.error());
    auto st = SelectCompiler(d->grammar(), *mapper.value(), d->mapperSource()).select(query);
    if (!st)
        return d->fail(st.error());
    auto cursor = d->connection.openCursor(st.value());
    if (!cursor)
        return d->fail(mapper.value()->explain(cursor.error()));
    d->streamSql.insert(cursor.value(), st.value().sql);
    return cursor;
}

Result<std::shared_ptr<Entity>> Session::streamNext(const QueryBase &query, int cursor)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    RowSource *rows = d->connection.cursor(cursor);
    const QString sql = d->streamSql.value(cursor);
    if (!rows)
        return d->fail(Error(Error::Kind::ConnectionLost, QStringLiteral("stream(): the connection was dropped while the stream was open"), sql));
    auto mapper = d->mapperFor(*query.entityMetaObject());
    if (!mapper)
        return d->fail(mapper.error());
    if (!rows->next()) {
        const Error e = rows->error(sql);
        if (e.isValid())
            return d->fail(mapper.value()->explain(e));
        return std::shared_ptr<Entity>();
    }
    auto entity = Loader(*d, *mapper.value(), query.factory(), sql).loadRow(*rows);
    if (!entity)
        return d->fail(entity.error());
    return entity;
}

void Session::closeStream(int cursor)
{
    d->connection.closeCursor(cursor);
    d->streamSql.remove(cursor);
}

Result<SqlStatement> SessionPrivate::rawStatement(const QString &sql, const QVariantList &values, const QVariantMap &named, bool isNamed)
{
    auto st = isNamed ? namedStatement(sql, named) : positionalStatement(sql, values);
    if (!st)
        return st;
    // Values convert as column values do: a QDateTime as the stored UTC text, a Decimal as exact text.
    const Dialect &dialect = database.dialect();
    for (QVariant &v : st.value().values) {
        if (!v.isValid())
            continue;
        if (const TypeMapping *t = TypeRegistry::find(v.metaType()))
            v = dialect.toDatabase(t->sqlType, t->toValue(*t, v));
    }
    return st;
}

Result<QList<QVariantMap>> Session::rawRows(const QString &sql, const QVariantList &values)
{
    return d->rawRows(sql, values, {}, false);
}

Result<QList<QVariantMap>> Session::rawRows(const QString &sql, const QVariantMap &namedValues)
{
    return d->rawRows(sql, {}, namedValues, true);
}

Result<QList<QVariantMap>> SessionPrivate::rawRows(const QString &sql, const QVariantList &values, const QVariantMap &named, bool isNamed)
{
    if (Error e = usable(); e.isValid())
        return refuse(e);
    if (Error e = rawAutoflush(); e.isValid())
        return e;
    auto st = rawStatement(sql, values, named, isNamed);
    if (!st)
        return fail(st.error());
    auto executed = connection.select(st.value());
    if (!executed)
        return fail(executed.error());
    RowSource &rows = *executed.value();
    QStringList names;
    for (int c = 0; c < rows.columnCount(); ++c)
        names.append(rows.columnName(c));
    QList<QVariantMap> out;
    while (rows.next()) {
        QVariantMap row;
        for (qsizetype c = 0; c < names.size(); ++c)
            row.insert(names[c], rows.value(int(c)));
        out.append(row);
    }
    Error e = rows.error(st.value().sql);
    rows.finish();
    if (e.isValid())
        return fail(e);
    return out;
}

Error SessionPrivate::rawAutoflush()
{
    if (!autoflush || !hasWork())
        return {};
    return q->flush();
}

Result<QList<std::shared_ptr<Entity>>> Session::rawEntities(const QMetaObject &metaObject, const QString &sql, const QVariantList &values,
                                                            const QVariantMap &named, bool isNamed, QueryBase::Factory factory)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    if (Error e = d->rawAutoflush(); e.isValid())
        return e;
    auto mapper = d->mapperFor(metaObject);
    if (!mapper)
        return d->fail(mapper.error());
    const Mapper &m = *mapper.value();
    auto st = d->rawStatement(sql, values, named, isNamed);
    if (!st)
        return d->fail(st.error());
    auto executed = d->connection.select(st.value());
    if (!executed)
        return d->fail(m.explain(executed.error()));
    RowSource &rows = *executed.value();
    // Each mapped column by its physical name, in any order (names compared case-insensitively:
    // MariaDB and SQLite keep the case written, PostgreSQL folds unquoted names to lower case).
    QList<int> map;
    for (qsizetype c = 0; c < m.physicalColumns.size(); ++c) {
        int found = -1;
        for (int r = 0; r < rows.columnCount() && found < 0; ++r)
            if (rows.columnName(r).compare(m.physicalColumns[c], Qt::CaseInsensitive) == 0)
                found = r;
        if (found < 0) {
            rows.finish();
            Error e(Error::Kind::UnknownColumn,
                    QStringLiteral("%1.%2: the raw SELECT returns no column %3").arg(m.meta->className(), m.meta->columns()[c].property, m.physicalColumns[c]),
                    st.value().sql);
            e.setSubject(m.meta->className(), m.meta->columns()[c].property);
            return d->fail(e);
        }
        map.append(found);
    }
    ReorderedRows ordered(rows, map);
    auto loaded = Loader(*d, m, factory, st.value().sql).loadAll(ordered);
    if (!loaded)
        return d->fail(loaded.error());
    return loaded;
}

Result<QList<QVariantList>> Session::rawValues(const QString &sql, const QVariantList &values, const QVariantMap &named, bool isNamed,
                                               const QList<QMetaType> &types)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    if (Error e = d->rawAutoflush(); e.isValid())
        return e;
    auto st = d->rawStatement(sql, values, named, isNamed);
    if (!st)
        return d->fail(st.error());
    QList<const TypeMapping *> readers;
    for (const QMetaType &t : types) {
        const TypeMapping *m = TypeRegistry::find(t);
        if (!m)
            return d->fail(Error(Error::Kind::Mapping, QStringLiteral("rawTuples(): no SQL mapping for the C++ type %1").arg(QLatin1StringView(t.name()))));
        readers.append(m);
    }
    auto executed = d->connection.select(st.value());
    if (!executed)
        return d->fail(executed.error());
    RowSource &rows = *executed.value();
    if (rows.columnCount() != types.size()) {
        rows.finish();
        return d->fail(Error(Error::Kind::InvalidState,
                             QStringLiteral("rawTuples(): the SELECT returns %1 columns for %2 tuple types").arg(rows.columnCount()).arg(types.size()),
                             st.value().sql));
    }
    const Dialect &dialect = d->database.dialect();
    QList<QVariantList> out;
    while (rows.next()) {
        QVariantList row;
        for (qsizetype i = 0; i < readers.size(); ++i) {
            const QVariant raw = rows.value(int(i));
            if (raw.isNull()) {
                row.append(QVariant());
                continue;
            }
            bool ok = false;
            QVariant v = dialect.fromDatabase(readers[i]->sqlType, readers[i]->valueType, raw, &ok);
            if (!ok) {
                rows.finish();
                return d->fail(Error(Error::Kind::TypeMismatch,
                                     QStringLiteral("rawTuples(): column %1 (%2) holds %3, which cannot be read as %4")
                                             .arg(i + 1)
                                             .arg(rows.columnName(int(i)), raw.toString(), QLatin1StringView(readers[i]->valueType.name())),
                                     st.value().sql));
            }
            row.append(std::move(v));
        }
        out.append(std::move(row));
    }
    Error e = rows.error(st.value().sql);
    rows.finish();
    if (e.isValid())
        return d->fail(e);
    return out;
}

Result<SqlStatement> Session::compile(const QueryBase &query)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    auto mapper = d->mapperFor(*query.entityMetaObject());
    if (!mapper)
        return d->fail(mapper.error());
    if (!query.selection().isEmpty()) {
        QList<const ColumnMeta *> columns;
        auto st = SelectCompiler(d->grammar(), *mapper.value(), d->mapperSource()).project(query, &columns);
        if (!st)
            return d->fail(st.error());
        return st;
    }
    auto st = SelectCompiler(d->grammar(), *mapper.value(), d->mapperSource()).select(query);
    if (!st)
        return d->fail(st.error());
    return st;
}

Error Session::add(const std::shared_ptr<Entity> &entity)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    if (!entity)
        return d->fail(Error(Error::Kind::InvalidState, QStringLiteral("add(): null entity")));
    if (EntityState *s = entity->m_state) {
        if (s->session != d.get())
            return d->fail(Error(Error::Kind::InvalidState,
                                 QStringLiteral("add(): the %1 belongs to another session").arg(s->mapper->meta->className())));
        s->cancelDelete(d->uow);
        return {};
    }
    auto mapper = d->mapperFor(*entity->metaObject());
    if (!mapper)
        return d->fail(mapper.error());
    d->track(entity, mapper.value(), Entity::State::Transient)->stage(d->uow);
    Q_EMIT entityAdded(entity.get());
    // Save-update cascade: new entities its relations hold join the session too.
    if (Error e = Relations::cascadeAdd(*d, entity.get()); e.isValid())
        return e;
    return {};
}

Error Session::remove(Entity *entity)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    EntityState *s = entity ? entity->m_state : nullptr;
    if (!s || s->session != d.get())
        return d->fail(Error(Error::Kind::InvalidState, QStringLiteral("remove(): the entity is not in this session")));
    if (s->state() == Entity::State::Pending) {
        d->untrack(s); // never written: it simply leaves (the caller's handle keeps it alive)
    } else if (s->state() == Entity::State::Persistent) {
        QList<Entity *> marked;
        QList<Relations::NulledKey> nulled;
        if (Error e = Relations::removeWithCascades(*d, entity, &marked, &nulled); e.isValid()) {
            Relations::undoRemove(*d, marked, nulled); // nothing changes
            return d->fail(e);
        }
        SessionPrivate::Removal &removal = d->removals[s]; // for revert()
        for (Entity *m : std::as_const(marked))
            if (m != entity)
                if (EntityState *ms = m->m_state)
                    removal.marked.append(ms->weak);
        removal.nulled = std::move(nulled);
    } else {
        return {};
    }
    Q_EMIT entityRemoved(entity);
    return {};
}

void Session::markDirty(Entity *entity)
{
    if (d->usable().isValid())
        return;
    EntityState *s = entity ? entity->m_state : nullptr;
    if (s && s->session == d.get())
        s->markDirty(d->uow);
}

bool Session::hasPendingChanges() const
{
    if (!d->isOwnerThread()) {
        qCWarning(lcSql, "Session::hasPendingChanges() called from a thread that does not own the session");
        return false;
    }
    return d->hasWork();
}

bool Session::isInTransaction() const
{
    return d->transactions.isActive();
}

Error SessionPrivate::autoflushFor(const QueryBase &query)
{
    if (!autoflush || !query.isAutoflush() || !hasWork())
        return {};
    return q->flush();
}

void Session::setAutoflush(bool on)
{
    d->autoflush = on;
}

bool Session::autoflush() const
{
    return d->autoflush;
}

Error Session::flush()
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    d->changes.deliver(); // listeners see the edits before the statements that write them
    if (!d->hasWork())
        return {};
    if (Error e = d->beginTransaction(); e.isValid())
        return d->fail(e);
    FlushPlan plan(*d);
    d->flushedForeignKeys.clear();
    Error e = plan.build();
    if (!e.isValid())
        e = plan.execute();
    if (e.isValid()) {
        d->abortTransaction();
        // Foreign keys the flush copied from new targets go back (their generated keys are gone).
        d->restoring = true;
        for (auto it = d->flushedForeignKeys.crbegin(); it != d->flushedForeignKeys.crend(); ++it)
            if (it->first->entity) {
                it->first->mapper->meta->columns()[it->second.first].metaProperty.write(it->first->entity, it->second.second);
                Relations::relinkAfterFailure(it->first, it->second.first);
            }
        d->restoring = false;
        d->flushedForeignKeys.clear();
        return d->fail(e);
    }
    d->flushedForeignKeys.clear();
    // Success: the records leave the lists; the journal keeps the handles until COMMIT or ROLLBACK.
    QList<std::shared_ptr<Entity>> release;
    d->uow.flushed(release);
    Relations::clearHistory(d->relationOwners());
    d->relationWork.clear();
    d->removals.clear(); // written: only rollback() can undo them now
    return {};
}

Error Session::commit()
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    if (Error e = flush(); e.isValid())
        return e;
    if (!d->transactions.isActive())
        return {};
    if (Error e = d->connection.execDirect(QStringLiteral("COMMIT")); e.isValid()) {
        d->abortTransaction();
        return d->fail(e);
    }
    d->transactions.end();
    // Deleted entities leave the session now; the others are simply clean.
    const QList<JournalEntry> done = d->transactions.takeSince(0); // keeps the handles until the end
    QList<Entity *> inserted, deleted;
    for (const JournalEntry &j : done) {
        if (j.action == JournalEntry::Action::Insert && j.keepAlive)
            inserted.append(j.keepAlive.get());
        const bool gone = j.action == JournalEntry::Action::Delete || j.action == JournalEntry::Action::BulkDelete;
        if (gone && j.keepAlive)
            deleted.append(j.keepAlive.get());
        if (gone && j.state) {
            Entity *e = j.state->entity;
            d->untrack(j.state);
            if (e)
                e->m_detached = true;
        }
    }
    d->changes.deliver(); // generated keys, versions and timestamps written by the flush
    if (!inserted.isEmpty() || !deleted.isEmpty())
        Q_EMIT entitiesCommitted(inserted, deleted);
    Q_EMIT committed();
    return {};
}

void Session::rollback()
{
    if (d->usable().isValid() && !d->isOwnerThread())
        return; // never touch the session's state from another thread (usable() logged why)
    d->abortTransaction();
    // Discard what was never written: pending entities leave, deleted ones stay, changed ones revert.
    QList<std::shared_ptr<Entity>> release;
    const QList<EntityState *> pending = d->uow.pending();
    for (EntityState *s : pending)
        d->untrack(s);
    const QList<EntityState *> deleted = d->uow.deleted();
    for (EntityState *s : deleted)
        s->discardDelete(d->uow, release);
    QList<EntityState *> changed = d->uow.dirty();
    for (EntityState *s : d->uow.snapshotted())
        changed.append(s);
    d->restoring = true;
    for (EntityState *s : std::as_const(changed)) {
        if (!s->entity)
            continue;
        const auto &columns = s->mapper->meta->columns();
        for (int c : d->uow.changedColumns(s))
            columns[c].metaProperty.write(s->entity, s->original.value(c));
        s->original.removeIf([&](int column) { return columns[column].tracked; });
    }
    d->restoring = false;
    d->uow.discardChanges(release);
    // Relations are expired, like SQLAlchemy's rollback: they load again on next use.
    // Expiring releases entities (their records leave the identity map): hold the owners first.
    QList<std::shared_ptr<Entity>> owners;
    for (EntityState *s : d->identity.states())
        if (s->entity && Relations::store(s->entity))
            if (auto handle = s->weak.lock())
                owners.append(std::move(handle));
    for (const auto &owner : std::as_const(owners))
        Relations::expire(owner.get());
    d->relationWork.clear();
    d->removals.clear();
    d->changes.deliver(); // the restored values
    Q_EMIT rolledBack();
    release.clear();
}

Error Session::revert(Entity *entity)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    EntityState *s = entity ? entity->m_state : nullptr;
    if (!s || s->session != d.get())
        return d->fail(Error(Error::Kind::InvalidState, QStringLiteral("revert(): the entity is not in this session")));
    QList<std::shared_ptr<Entity>> release;
    switch (s->state()) {
    case Entity::State::Pending:
        d->untrack(s); // Transient again, its values kept; the caller's handle keeps it alive
        return {};
    case Entity::State::Deleted: {
        if (!d->uow.deleted().contains(s))
            return d->fail(Error(Error::Kind::InvalidState,
                                 QStringLiteral("revert(): the DELETE of this %1 was already flushed; only rollback() can undo it")
                                         .arg(s->mapper->meta->className())));
        const SessionPrivate::Removal removal = d->removals.take(s);
        QList<Entity *> marked { entity };
        for (const auto &weak : removal.marked)
            if (auto m = weak.lock(); m && m->m_state && m->m_state->state() == Entity::State::Deleted)
                marked.append(m.get());
        Relations::undoRemove(*d, marked, removal.nulled);
        break;
    }
    case Entity::State::Persistent:
    case Entity::State::Transient:
    case Entity::State::Detached:
        break;
    }
    // Unflushed changes of its columns: back to the values last synchronised with the database.
    d->restoring = true;
    const auto &columns = s->mapper->meta->columns();
    for (int c : d->uow.changedColumns(s))
        columns[c].metaProperty.write(s->entity, s->original.value(c));
    s->original.removeIf([&](int column) { return columns[column].tracked; });
    d->restoring = false;
    s->revertChanges(d->uow, release);
    if (Relations::store(s->entity)) {
        const std::shared_ptr<Entity> hold = s->weak.lock(); // expiring may release what held it
        Relations::expire(s->entity); // its relations load again on next use; collection edits are dropped
        d->relationWork.remove(s);
    }
    d->changes.deliver();
    return {};
}

Result<std::shared_ptr<Entity>> Session::related(const Entity *entity, const QString &relation)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    EntityState *s = entity ? entity->m_state : nullptr;
    if (!s || s->session != d.get())
        return d->fail(Error(Error::Kind::InvalidState, QStringLiteral("related(): the entity is not in this session")));
    const EntityMeta &meta = *s->mapper->meta;
    const int index = meta.relationIndex(relation);
    if (index < 0 || meta.relations()[index].isCollection())
        return d->fail(Error(Error::Kind::UnknownColumn,
                             QStringLiteral("%1 has no single-valued relation '%2'").arg(meta.className(), relation)));
    const RelationMeta &rel = meta.relations()[index];
    Entity *owner = s->entity;
    RelationStore *store = Relations::store(owner);
    RelationSlot *slot = store ? store->find(index) : nullptr;
    if (rel.kind == RelationMeta::Kind::ManyToOne) {
        const ColumnMeta &fk = meta.columns()[rel.foreignKeyColumn];
        const QVariant key = d->targetKey(rel, fk.type->toValue(*fk.type, fk.metaProperty.read(owner)));
        if (!key.isValid())
            return std::shared_ptr<Entity>();
        if (auto t = Relations::agreeingTarget(slot, key))
            return t;
        auto r = get(*rel.target, key);
        if (!r)
            return r.error();
        // Held weakly when the target's loaded inverse collection lists this entity (it owns it).
        bool owned = false;
        if (rel.inverseIndex >= 0)
            if (RelationStore *ts = Relations::store(r.value().get()))
                if (RelationSlot *inverse = ts->find(rel.inverseIndex); inverse && inverse->loaded)
                    owned = std::any_of(inverse->items.cbegin(), inverse->items.cend(), [&](const auto &i) { return i.get() == owner; });
        Relations::ensureStore(owner).slot(index).setTarget(r.value(), owned);
        return r.value();
    }
    // One-to-one: the one target row whose foreign key names this entity.
    if (slot && slot->hasTarget)
        return slot->currentTarget();
    if (s->state() != Entity::State::Persistent)
        return std::shared_ptr<Entity>();
    auto target = EntityMeta::of(*rel.target);
    if (!target)
        return d->fail(target.error());
    const EntityMeta &t = *target.value();
    const RelationMeta &back = t.relations()[rel.inverseIndex];
    QueryBase q(this, rel.target);
    q = q.where(Expr::column(t.columns()[back.foreignKeyColumn].property) == Expr::value(Relations::knownKey(owner))).limit(2).autoflush(false);
    auto rows = execute(q);
    if (!rows)
        return rows.error();
    if (rows.value().size() > 1)
        return d->fail(Error(Error::Kind::MultipleResults, QStringLiteral("%1.%2: several %3 rows refer to this %1 (a one-to-one relation; "
                                                                          "declare the foreign key QORM_UNIQUE)")
                                                                   .arg(meta.className(), rel.name, t.className())));
    const std::shared_ptr<Entity> found = rows.value().value(0);
    Relations::ensureStore(owner).slot(index).setTarget(found, false);
    if (found)
        if (auto self = owner->weak_from_this().lock())
            Relations::ensureStore(found.get()).slot(rel.inverseIndex).setTarget(self, true);
    return found;
}

Result<bool> Session::setValue(Entity *entity, const QString &property, const QVariant &value)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    if (!entity)
        return d->fail(Error(Error::Kind::InvalidState, QStringLiteral("setValue(): null entity")));
    auto mapper = d->mapperFor(*entity->metaObject());
    if (!mapper)
        return d->fail(mapper.error());
    const Mapper &m = *mapper.value();
    const int c = m.meta->columnIndex(property);
    if (c < 0)
        return d->fail(m.meta->unknownPropertyError(property));
    const ColumnMeta &column = m.meta->columns()[c];
    auto converted = TypeRegistry::convertExact(*column.type, value);
    if (!converted)
        return d->fail(m.columnError(c, Error::Kind::TypeMismatch, converted.error().message()));
    if (!converted.value().isValid() && !column.nullable())
        return d->fail(m.columnError(c, Error::Kind::TypeMismatch, QStringLiteral("must not be empty (the column is NOT NULL)")));
    if (Error e = m.checkValue(c, converted.value()); e.isValid())
        return d->fail(e);
    const ColumnCodec &codec = m.codecs.at(c);
    const QVariant current = codec.value(entity);
    if (current.isValid() == converted.value().isValid() && sameVariant(current, converted.value()))
        return false;
    codec.setValue(entity, converted.value());
    if (!column.tracked)
        if (EntityState *s = entity->m_state; s && s->session == d.get())
            s->markDirty(d->uow);
    return true;
}

QVariant Session::value(const Entity *entity, const QString &property) const
{
    if (!entity || !d->isOwnerThread() || !d->database.isValid())
        return {};
    auto mapper = d->mapperFor(*entity->metaObject());
    if (!mapper)
        return {};
    const int c = mapper.value()->meta->columnIndex(property);
    return c < 0 ? QVariant() : mapper.value()->codecs.at(c).value(entity);
}

std::shared_ptr<Entity> Session::loadedRelated(const Entity *entity, const QString &relation) const
{
    if (!d->isOwnerThread() || !entity)
        return {};
    const EntityState *s = entity->m_state;
    if (!s || s->session != d.get())
        return {};
    const int index = s->mapper->meta->relationIndex(relation);
    if (index < 0 || s->mapper->meta->relations()[index].kind != RelationMeta::Kind::ManyToOne)
        return {};
    const RelationMeta *rel = &s->mapper->meta->relations()[index];
    const ColumnMeta &fk = s->mapper->meta->columns()[rel->foreignKeyColumn];
    const QVariant target = d->targetKey(*rel, fk.type->toValue(*fk.type, fk.metaProperty.read(s->entity)));
    if (!target.isValid())
        return {};
    RelationStore *store = Relations::store(s->entity);
    if (auto t = Relations::agreeingTarget(store ? store->find(index) : nullptr, target))
        return t;
    return d->identity.lookup(IdentityKey(rel->target, target));
}

Error Session::loadRelated(const QList<std::shared_ptr<Entity>> &entities, const QString &relation)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    if (entities.isEmpty())
        return {};
    auto mapper = d->mapperFor(*entities.first()->metaObject());
    if (!mapper)
        return d->fail(mapper.error());
    const int relationIndex = mapper.value()->meta->relationIndex(relation);
    const RelationMeta *rel = relationIndex < 0 ? nullptr : &mapper.value()->meta->relations()[relationIndex];
    if (!rel || rel->kind != RelationMeta::Kind::ManyToOne)
        return d->fail(Error(Error::Kind::UnknownColumn,
                             QStringLiteral("%1 has no many-to-one relation '%2'").arg(mapper.value()->meta->className(), relation)));
    auto target = d->mapperFor(*rel->target);
    if (!target)
        return d->fail(target.error());
    const EntityMeta *targetMeta = target.value()->meta;
    if (targetMeta->primaryKey().size() != 1)
        return d->fail(Error(Error::Kind::Mapping, QStringLiteral("%1: relation targets need a single-column key").arg(targetMeta->className())));
    const ColumnMeta &fk = mapper.value()->meta->columns()[rel->foreignKeyColumn];
    const ColumnMeta &targetKey = targetMeta->columns()[targetMeta->primaryKey().first()];
    // The foreign key in the target key's value type, as the identity map keys it.
    auto targetKeyOf = [&](const Entity *e) { return d->targetKey(*rel, fk.type->toValue(*fk.type, fk.metaProperty.read(e))); };
    QVariantList missing;
    QSet<IdentityKey> seen;
    for (const auto &e : entities) {
        const QVariant key = targetKeyOf(e.get());
        if (!key.isValid())
            continue;
        const IdentityKey k(rel->target, key);
        if (seen.contains(k) || d->identity.lookup(k))
            continue;
        seen.insert(k);
        missing.append(key);
    }
    // Keep the loaded targets alive until they are attached to their owners.
    QList<std::shared_ptr<Entity>> loaded;
    constexpr qsizetype chunk = 500;
    for (qsizetype i = 0; i < missing.size(); i += chunk) {
        QueryBase q(this, rel->target);
        // Relation loading reads by key and never flushes (a model loads relations of half-edited rows).
        q = q.where(Expr::column(targetKey.property).in(missing.mid(i, chunk))).autoflush(false);
        auto rows = execute(q);
        if (!rows)
            return rows.error();
        loaded.append(rows.value());
    }
    for (const auto &e : entities) {
        EntityState *s = e->m_state;
        if (!s || s->session != d.get())
            continue;
        const QVariant key = targetKeyOf(e.get());
        if (!key.isValid())
            continue;
        if (auto targetEntity = d->identity.lookup(IdentityKey(rel->target, key)))
            Relations::ensureStore(e.get()).slot(relationIndex).setTarget(targetEntity, false);
    }
    return {};
}

Error Session::lastError() const
{
    return d->lastError;
}

void Session::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&Session::entityChanged))
        d->changes.listenerConnected();
}

void Session::disconnectNotify(const QMetaMethod &signal)
{
    // An invalid method means "everything was disconnected". Qt may hold its connection lock
    // here: the change stream asks whether anyone still listens later, at its next record().
    if (!signal.isValid() || signal == QMetaMethod::fromSignal(&Session::entityChanged))
        d->changes.listenerDisconnected();
}

} // namespace qorm
