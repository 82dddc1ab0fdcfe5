// SPDX-License-Identifier: MIT
#include "session_p.h"

#include "logging_p.h"
#include "sqlbuilder_p.h"

#include <QDateTime>
#include <QThread>
#include <QSqlError>

namespace qorm {

using namespace detail;

// ---------------------------------------------------------------------------------------------
// SessionPrivate: plumbing

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
    if (Mapper *m = mappers.value(&mo))
        return static_cast<const Mapper *>(m);
    auto meta = EntityMeta::of(mo);
    if (!meta)
        return meta.error();
    auto m = std::make_unique<Mapper>(meta.value(), &database.dialect(), database.namingStrategy());
    if (Error e = m->mappingError(); e.isValid())
        return e;
    mappers.insert(&mo, m.get());
    return static_cast<const Mapper *>(m.release());
}

Result<QSqlDatabase> SessionPrivate::conn()
{
    if (connection.isValid() && connection.isOpen())
        return connection;
    const bool reconnecting = lostConnection;
    auto c = database.connection();
    if (!c)
        return c.error();
    connection = c.value();
    statements.clear();
    if (reconnecting) {
        qCDebug(lcConnection).noquote() << "session reconnected to" << database.displayUrl();
        lostConnection = false;
    }
    return connection;
}

Result<QSqlQuery *> SessionPrivate::exec(const SqlStatement &st)
{
    auto c = conn();
    if (!c)
        return c.error();
    auto it = statements.find(st.sql);
    if (it == statements.end()) {
        if (statements.size() >= maxCachedStatements)
            evictLeastRecentStatement();
        QSqlQuery query(connection);
        query.setForwardOnly(true);
        // NUMERIC/DECIMAL as text, never through a binary double (qorm::Decimal stays exact).
        query.setNumericalPrecisionPolicy(QSql::HighPrecision);
        if (!query.prepare(st.sql)) {
            Error e = database.dialect().classifyError(query.lastError(), st.sql);
            detail::logStatement(st.sql, st.values, 0, QStringLiteral("prepare failed: ") + e.toString());
            dropConnectionIfLost(e);
            return e;
        }
        it = statements.emplace(st.sql, CachedStatement{ std::move(query), 0 }).first;
    }
    it->second.lastUse = ++statementUses;
    QSqlQuery *query = &it->second.query;
    for (qsizetype i = 0; i < st.values.size(); ++i)
        query->bindValue(int(i), st.values.at(i));
    QElapsedTimer timer;
    timer.start();
    const bool ok = query->exec();
    const qint64 us = timer.nsecsElapsed() / 1000;
    if (ok)
        detail::logStatement(st.sql, st.values, us);
    Q_EMIT q->statementExecuted(st.sql, st.values, us);
    if (!ok) {
        Error e = database.dialect().classifyError(query->lastError(), st.sql);
        detail::logStatement(st.sql, st.values, us, e.toString());
        query->finish();
        dropConnectionIfLost(e);
        return e;
    }
    return query;
}

void SessionPrivate::evictLeastRecentStatement()
{
    // A linear scan, but only when a new statement text arrives with the cache full; the hot
    // path (a cached text) only bumps a counter.
    auto victim = statements.begin();
    for (auto it = statements.begin(); it != statements.end(); ++it)
        if (it->second.lastUse < victim->second.lastUse)
            victim = it;
    victim->second.query.finish();
    statements.erase(victim); // QSqlQuery's destructor frees the server-side prepared statement
}

void SessionPrivate::dropConnectionIfLost(const Error &e)
{
    if (!connection.isOpen() || e.kind() == Error::Kind::ConnectionLost)
        dropConnection();
}

void SessionPrivate::dropConnection()
{
    // The server is gone: forget the prepared statements and close the connection, so that the
    // next call opens a new one (Database::connection() reopens a closed connection).
    statements.clear();
    if (connection.isValid())
        connection.close();
    connection = QSqlDatabase();
    lostConnection = true;
    qCDebug(lcConnection).noquote() << "session dropped its connection to" << database.displayUrl()
                                    << "(lost); the next call reconnects";
}

Error SessionPrivate::execDirect(const QString &sql)
{
    auto c = conn();
    if (!c)
        return c.error();
    QSqlQuery query(connection);
    QElapsedTimer timer;
    timer.start();
    const bool ok = query.exec(sql);
    const qint64 us = timer.nsecsElapsed() / 1000;
    if (ok)
        detail::logStatement(sql, {}, us);
    Q_EMIT q->statementExecuted(sql, {}, us);
    if (!ok) {
        Error e = database.dialect().classifyError(query.lastError(), sql);
        detail::logStatement(sql, {}, us, e.toString());
        if (e.kind() == Error::Kind::ConnectionLost) {
            query.finish();
            dropConnection();
            return e;
        }
        // A deferred constraint checked at COMMIT keeps its kind; anything else is a Transaction error.
        switch (e.kind()) {
        case Error::Kind::UniqueViolation:
        case Error::Kind::ForeignKeyViolation:
        case Error::Kind::NotNullViolation:
        case Error::Kind::CheckViolation:
        case Error::Kind::Deadlock:
            return e;
        default: {
            Error t(Error::Kind::Transaction, e.message(), sql, e.driverText());
            t.setNativeCode(e.nativeCode());
            t.setBackendName(e.backendName());
            return t;
        }
        }
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Identity map and change tracking

TrackedEntity *SessionPrivate::track(const std::shared_ptr<Entity> &entity, const Mapper *mapper, Entity::State state)
{
    auto *t = new TrackedEntity;
    t->session = this;
    t->entity = entity.get();
    t->weak = entity;
    t->mapper = mapper;
    t->state = state;
    entity->m_tracked = t;
    entity->m_detached = false;
    return t;
}

void SessionPrivate::untrack(TrackedEntity *t)
{
    if (!t->key.isEmpty()) {
        auto &map = identity[t->mapper->meta->metaObject()];
        auto it = map.find(t->key);
        if (it != map.end() && it.value() == t)
            map.erase(it);
    }
    snapshotted.remove(t);
    pending.removeOne(t);
    dirty.removeOne(t);
    deleted.removeOne(t);
    for (JournalEntry &j : journal)
        if (j.tracked == t)
            j.tracked = nullptr;
    if (t->entity)
        t->entity->m_tracked = nullptr;
    delete t;
}

void SessionPrivate::entityDestroyed(Entity *e)
{
    // Only clean entities can die: everything with unflushed changes is held strongly.
    TrackedEntity *t = e->m_tracked;
    t->entity = nullptr;
    untrack(t);
}

std::shared_ptr<Entity> SessionPrivate::lookup(const QMetaObject *mo, const QString &key) const
{
    const auto mit = identity.constFind(mo);
    if (mit == identity.constEnd())
        return {};
    TrackedEntity *t = mit->value(key);
    return t ? t->weak.lock() : std::shared_ptr<Entity>();
}

QVariantList SessionPrivate::keyValues(const TrackedEntity *t) const
{
    QVariantList values;
    const auto &columns = t->mapper->meta->columns();
    for (int c : t->mapper->meta->primaryKey()) {
        const ColumnMeta &col = columns[c];
        const QVariant current = t->original.contains(c) ? t->original.value(c) : col.metaProperty.read(t->entity);
        values.append(col.type->toValue(*col.type, current));
    }
    return values;
}

void SessionPrivate::appendKeyBindings(const TrackedEntity *t, const QVariantList &keys, QVariantList &values) const
{
    const Mapper &m = *t->mapper;
    for (qsizetype i = 0; i < keys.size(); ++i)
        values.append(m.dialect->toDatabase(m.meta->columns()[m.meta->primaryKey()[i]].type->sqlType, keys[i]));
}

void SessionPrivate::snapshotUntracked(TrackedEntity *t)
{
    const EntityMeta *meta = t->mapper->meta;
    if (meta->isFullyTracked())
        return;
    const auto &columns = meta->columns();
    for (qsizetype c = 0; c < columns.size(); ++c)
        if (!columns[c].tracked)
            t->original.insert(int(c), columns[c].metaProperty.read(t->entity));
    snapshotted.insert(t);
}

void SessionPrivate::willChange(Entity *e, int propertyIndex, const QVariant &oldValue)
{
    TrackedEntity *t = e->m_tracked;
    if (restoring || t->state != Entity::State::Persistent)
        return;
    const int c = t->mapper->meta->columnForPropertyIndex(propertyIndex);
    if (c < 0)
        return;
    if (!t->original.contains(c))
        t->original.insert(c, oldValue);
    if (!t->inDirty) {
        t->inDirty = true;
        t->strong = t->weak.lock();
        dirty.append(t);
    }
}

/*! Like QVariant::operator==, but a null string or byte array differs from an empty one and the
 *  sign of a zero double counts (SQL stores both differences). */
static bool sameVariant(const QVariant &a, const QVariant &b)
{
    if (a.metaType() != b.metaType())
        return a == b;
    if (a.metaType() == QMetaType::fromType<QString>())
        return detail::sameValue(a.toString(), b.toString());
    if (a.metaType() == QMetaType::fromType<QByteArray>())
        return detail::sameValue(a.toByteArray(), b.toByteArray());
    if (a.metaType() == QMetaType::fromType<double>())
        return detail::sameValue(a.toDouble(), b.toDouble());
    return a == b;
}

QList<int> SessionPrivate::changedColumns(const TrackedEntity *t) const
{
    QList<int> changed;
    if (t->state != Entity::State::Persistent || !t->entity)
        return changed;
    const auto &columns = t->mapper->meta->columns();
    for (const auto &[column, value] : t->original)
        if (!sameVariant(columns[column].metaProperty.read(t->entity), value))
            changed.append(column);
    std::sort(changed.begin(), changed.end());
    return changed;
}

qint64 SessionPrivate::loadedVersion(const TrackedEntity *t) const
{
    const int column = t->mapper->meta->versionColumn();
    const ColumnMeta &c = t->mapper->meta->columns()[column];
    const QVariant v = t->original.contains(column) ? t->original.value(column) : c.metaProperty.read(t->entity);
    return c.type->toValue(*c.type, v).toLongLong();
}

void SessionPrivate::setVersion(TrackedEntity *t, qint64 version)
{
    const int column = t->mapper->meta->versionColumn();
    const ColumnMeta &c = t->mapper->meta->columns()[column];
    QVariant v(version);
    if (!v.convert(c.type->valueType)) // int or qint64: always converts
        return;
    writeProperty(t->entity, c, c.type->fromValue(*c.type, v));
    t->original.remove(column);
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

void SessionPrivate::stampTimes(TrackedEntity *t, Stamp stamp)
{
    const EntityMeta *meta = t->mapper->meta;
    if (meta->createdAtColumn() < 0 && meta->updatedAtColumn() < 0)
        return;
    // Millisecond precision: what every backend stores, so the entity equals its row.
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    auto set = [&](int column, bool onlyWhenUnset) {
        if (column < 0)
            return;
        const ColumnMeta &c = meta->columns()[column];
        if (onlyWhenUnset && c.type->toValue(*c.type, c.metaProperty.read(t->entity)).toDateTime().isValid())
            return;
        c.metaProperty.write(t->entity, c.type->fromValue(*c.type, QVariant(now)));
    };
    set(meta->createdAtColumn(), true);
    set(meta->updatedAtColumn(), stamp == Stamp::Insert);
}

void SessionPrivate::writeProperty(Entity *e, const ColumnMeta &c, const QVariant &value)
{
    const bool was = restoring;
    restoring = true;
    c.metaProperty.write(e, value);
    restoring = was;
}

// ---------------------------------------------------------------------------------------------
// Loading

Result<QList<std::shared_ptr<Entity>>> SessionPrivate::load(const Mapper &mapper, const SqlStatement &st,
                                                            QueryBase::Factory factory)
{
    auto executed = exec(st);
    if (!executed)
        return mapper.explain(executed.error());
    QSqlQuery &query = *executed.value();
    const EntityMeta *meta = mapper.meta;
    const QMetaObject *mo = meta->metaObject();
    const auto &columns = meta->columns();
    const QList<int> &pk = meta->primaryKey();
    auto &map = identity[mo];

    QList<std::shared_ptr<Entity>> result;
    QVariantList keyParts;
    while (query.next()) {
        keyParts.clear();
        bool ok = true;
        for (int c : pk) {
            keyParts.append(mapper.valueTypeValue(c, query.value(c), &ok));
            if (!ok) {
                query.finish();
                return Error(Error::Kind::TypeMismatch,
                             QStringLiteral("%1.%2: the stored key %3 cannot be read as %4")
                                     .arg(meta->className(), columns[c].property, query.value(c).toString(),
                                          QString::fromLatin1(columns[c].type->valueType.name())),
                             st.sql);
            }
        }
        const QString key = identityKey(keyParts);
        if (TrackedEntity *existing = map.value(key)) {
            if (auto alive = existing->weak.lock()) {
                result.append(std::move(alive));
                continue;
            }
        }
        Entity *created = factory ? factory() : qobject_cast<Entity *>(mo->newInstance());
        if (!created) {
            query.finish();
            return Error(Error::Kind::Mapping,
                         QStringLiteral("%1: cannot construct an instance (declare a Q_INVOKABLE default constructor)")
                                 .arg(meta->className()));
        }
        std::shared_ptr<Entity> entity(created);
        for (qsizetype c = 0; c < columns.size(); ++c) {
            const QVariant raw = query.value(int(c));
            QVariant v;
            if (const qsizetype k = pk.indexOf(int(c)); k >= 0) { // converted already, for the key
                const TypeMapping &t = *columns[c].type;
                v = t.fromValue(t, keyParts.at(k));
            } else {
                v = mapper.propertyValue(int(c), raw, &ok);
            }
            if (!ok) {
                query.finish();
                return Error(Error::Kind::TypeMismatch,
                             QStringLiteral("%1.%2: the stored value %3 cannot be read as %4")
                                     .arg(meta->className(), columns[c].property, raw.toString(),
                                          QString::fromLatin1(columns[c].type->valueType.name())),
                             st.sql);
            }
            columns[c].metaProperty.write(entity.get(), v);
        }
        TrackedEntity *t = track(entity, &mapper, Entity::State::Persistent);
        t->key = key;
        map.insert(key, t);
        snapshotUntracked(t);
        result.append(std::move(entity));
    }
    if (query.lastError().isValid()) {
        const Error e = database.dialect().classifyError(query.lastError(), st.sql);
        query.finish();
        return e;
    }
    query.finish();
    return result;
}

// ---------------------------------------------------------------------------------------------
// Flushing

Error SessionPrivate::flushInserts()
{
    const QList<TrackedEntity *> work = pending;
    for (TrackedEntity *t : work) {
        const Mapper &m = *t->mapper;
        const EntityMeta *meta = m.meta;
        const int autoCol = meta->autoIncrementColumn();
        bool generate = false;
        QVariant previousAuto;
        if (autoCol >= 0) {
            const ColumnMeta &c = meta->columns()[autoCol];
            previousAuto = c.metaProperty.read(t->entity);
            const QVariant v = c.type->toValue(*c.type, previousAuto);
            generate = !v.isValid() || v.toLongLong() == 0;
        }
        stampTimes(t, Stamp::Insert);
        if (meta->versionColumn() >= 0 && loadedVersion(t) == 0)
            setVersion(t, 1); // the first version
        SqlStatement st;
        st.sql = generate ? m.insertAllSql : m.insertWithKeySql;
        st.values.reserve(meta->columns().size());
        Error invalid;
        for (qsizetype c = 0; c < meta->columns().size(); ++c) {
            if (generate && c == autoCol)
                continue;
            st.values.append(m.databaseValue(t->entity, int(c), &invalid));
        }
        if (invalid.isValid())
            return invalid;
        auto executed = exec(st);
        if (!executed)
            return m.explain(executed.error());
        QSqlQuery &query = *executed.value();
        if (generate) {
            QVariant id;
            if (m.dialect->supportsReturning()) {
                if (query.next())
                    id = query.value(0);
            } else {
                id = query.lastInsertId();
            }
            query.finish();
            const ColumnMeta &c = meta->columns()[autoCol];
            bool ok = false;
            const QVariant value = m.propertyValue(autoCol, id, &ok);
            if (!ok || !id.isValid())
                return Error(Error::Kind::Statement,
                             QStringLiteral("%1: the database did not report the generated key").arg(meta->className()), st.sql);
            writeProperty(t->entity, c, value);
        } else {
            query.finish();
        }
        journal.append({ JournalEntry::Action::Insert, t, t->weak.lock(), t->original, previousAuto });
        t->state = Entity::State::Persistent;
        t->original.clear();
        t->key = identityKey(keyValues(t));
        identity[meta->metaObject()].insert(t->key, t);
        snapshotUntracked(t);
    }
    return {};
}

Error SessionPrivate::flushUpdates()
{
    QList<TrackedEntity *> candidates = dirty;
    for (TrackedEntity *t : std::as_const(snapshotted))
        if (!t->inDirty && t->state == Entity::State::Persistent)
            candidates.append(t);
    for (TrackedEntity *t : std::as_const(candidates)) {
        if (t->state != Entity::State::Persistent || !t->entity)
            continue;
        const int versionColumn = t->mapper->meta->versionColumn();
        QList<int> changed = changedColumns(t);
        changed.removeOne(versionColumn); // the counter is qorm's to set
        if (changed.isEmpty())
            continue;
        if (t->mapper->meta->updatedAtColumn() >= 0) {
            stampTimes(t, Stamp::Update);
            changed = changedColumns(t);
            changed.removeOne(versionColumn);
        }
        const Mapper &m = *t->mapper;
        // The UPDATE text depends only on which columns changed: build it once per column set.
        SqlStatement st;
        auto cached = updateSql.constFind({ &m, changed });
        if (cached == updateSql.constEnd())
            cached = updateSql.insert({ &m, changed }, buildUpdate(m, changed).sql);
        st.sql = cached.value();
        Error invalid;
        for (int c : changed)
            st.values.append(m.databaseValue(t->entity, c, &invalid));
        if (invalid.isValid())
            return invalid;
        const QVariantList keys = keyValues(t); // original key values, in case the key itself changed
        const qint64 version = versionColumn >= 0 ? loadedVersion(t) : 0;
        if (versionColumn >= 0)
            st.values.append(version + 1);
        appendKeyBindings(t, keys, st.values);
        if (versionColumn >= 0)
            st.values.append(version);
        const auto &columns = m.meta->columns();
        auto executed = exec(st);
        if (!executed)
            return m.explain(executed.error());
        const int affected = executed.value()->numRowsAffected();
        executed.value()->finish();
        if (affected == 0)
            return versionColumn >= 0 ? staleData(m, keys, version, st.sql)
                                      : Error(Error::Kind::NotFound,
                                              QStringLiteral("%1 with key %2 no longer exists (deleted by another connection?)")
                                                      .arg(m.meta->className(), keyText(keys)),
                                              st.sql);
        journal.append({ JournalEntry::Action::Update, t, t->weak.lock(), t->original,
                         versionColumn >= 0 ? QVariant(version) : QVariant() });
        if (versionColumn >= 0)
            setVersion(t, version + 1);
        for (int c : changed) {
            if (columns[c].tracked)
                t->original.remove(c);
            else
                t->original.insert(c, columns[c].metaProperty.read(t->entity));
        }
        const bool keyChanged = std::any_of(changed.cbegin(), changed.cend(), [&](int c) { return columns[c].primaryKey; });
        const QString newKey = keyChanged ? identityKey(keyValues(t)) : t->key;
        if (newKey != t->key) {
            auto &map = identity[m.meta->metaObject()];
            map.remove(t->key);
            t->key = newKey;
            map.insert(newKey, t);
        }
    }
    return {};
}

Error SessionPrivate::flushDeletes()
{
    const QList<TrackedEntity *> work = deleted;
    for (auto it = work.crbegin(); it != work.crend(); ++it) {
        TrackedEntity *t = *it;
        const Mapper &m = *t->mapper;
        SqlStatement st;
        st.sql = m.deleteSql;
        const QVariantList keys = keyValues(t);
        appendKeyBindings(t, keys, st.values);
        const bool versioned = m.meta->versionColumn() >= 0;
        const qint64 version = versioned ? loadedVersion(t) : 0;
        if (versioned)
            st.values.append(version);
        auto executed = exec(st);
        if (!executed)
            return m.explain(executed.error());
        const int affected = executed.value()->numRowsAffected();
        executed.value()->finish();
        if (versioned && affected == 0)
            return staleData(m, keys, version, st.sql);
        journal.append({ JournalEntry::Action::Delete, t, t->weak.lock(), t->original, {} });
        identity[m.meta->metaObject()].remove(t->key);
        snapshotted.remove(t);
    }
    return {};
}

void SessionPrivate::undoJournal()
{
    restoring = true;
    for (auto it = journal.rbegin(); it != journal.rend(); ++it) {
        TrackedEntity *t = it->tracked;
        if (!t)
            continue;
        const EntityMeta *meta = t->mapper->meta;
        auto &map = identity[meta->metaObject()];
        switch (it->action) {
        case JournalEntry::Action::Insert:
            map.remove(t->key);
            t->key.clear();
            snapshotted.remove(t);
            if (meta->autoIncrementColumn() >= 0)
                meta->columns()[meta->autoIncrementColumn()].metaProperty.write(t->entity, it->previousAutoValue);
            t->state = Entity::State::Pending;
            t->strong = it->keepAlive;
            if (!t->inPending) {
                t->inPending = true;
                pending.append(t);
            }
            break;
        case JournalEntry::Action::Update:
            if (meta->versionColumn() >= 0 && it->previousAutoValue.isValid())
                setVersion(t, it->previousAutoValue.toLongLong());
            if (!t->key.isEmpty()) {
                const QString currentKey = t->key;
                t->original = it->previousOriginal;
                const QString oldKey = identityKey(keyValues(t));
                if (oldKey != currentKey) {
                    map.remove(currentKey);
                    t->key = oldKey;
                    map.insert(oldKey, t);
                }
            } else {
                t->original = it->previousOriginal;
            }
            t->strong = it->keepAlive;
            if (!t->inDirty) {
                t->inDirty = true;
                dirty.append(t);
            }
            break;
        case JournalEntry::Action::Delete:
            t->original = it->previousOriginal;
            map.insert(t->key, t);
            if (!t->mapper->meta->isFullyTracked())
                snapshotted.insert(t);
            t->state = Entity::State::Deleted;
            t->strong = it->keepAlive;
            if (!t->inDeleted) {
                t->inDeleted = true;
                deleted.append(t);
            }
            break;
        }
    }
    restoring = false;
    // Keep the handles alive until the lists hold them again.
    const QList<JournalEntry> old = std::move(journal);
    journal.clear();
}

void SessionPrivate::abortTransaction()
{
    if (inTransaction) {
        // A failed ROLLBACK (e.g. the connection is gone) still ends the transaction server-side.
        if (Error e = execDirect(QStringLiteral("ROLLBACK")); e.isValid())
            qCWarning(lcSql) << "ROLLBACK failed:" << e;
        inTransaction = false;
    }
    undoJournal();
}

} // namespace qorm

// =============================================================================================
// Session

namespace qorm {

Session::Session(const Database &database, QObject *parent) : QObject(parent), d(new SessionPrivate(this, database)) { }

Session::~Session()
{
    // Uncommitted work is rolled back, as when a SQLAlchemy session is closed.
    d->abortTransaction();
    d->statements.clear();
    // Detach every entity still alive; release strong handles only after the records are gone.
    QList<std::shared_ptr<Entity>> handles;
    QList<TrackedEntity *> all;
    for (auto &map : d->identity)
        for (TrackedEntity *t : map)
            all.append(t);
    for (TrackedEntity *t : std::as_const(d->pending))
        all.append(t);
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    for (TrackedEntity *t : all) {
        if (t->entity) {
            t->entity->m_tracked = nullptr;
            t->entity->m_detached = t->state != Entity::State::Pending;
        }
        handles.append(std::move(t->strong));
        // Releasing a related entity here could destroy it while its own record is still in
        // `all` (double delete): keep it alive in `handles` until every record is gone.
        for (const auto &[relation, target] : t->related)
            handles.append(target);
        delete t;
    }
    d->identity.clear();
    d->pending.clear();
    d->dirty.clear();
    d->deleted.clear();
    d->snapshotted.clear();
    qDeleteAll(d->mappers);
    d->mappers.clear();
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
    if (auto existing = d->lookup(&metaObject, identityKey(keyParts)))
        return existing;
    QueryBase q(this, &metaObject);
    q = q.where(condition);
    auto st = buildSelect(m, q);
    if (!st)
        return d->fail(st.error());
    auto rows = d->load(m, st.value(), factory);
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
    auto mapper = d->mapperFor(*query.entityMetaObject());
    if (!mapper)
        return d->fail(mapper.error());
    auto st = buildSelect(*mapper.value(), query);
    if (!st)
        return d->fail(st.error());
    auto rows = d->load(*mapper.value(), st.value(), query.factory());
    if (!rows)
        return d->fail(rows.error());
    return rows;
}

Result<qint64> Session::executeCount(const QueryBase &query)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    auto mapper = d->mapperFor(*query.entityMetaObject());
    if (!mapper)
        return d->fail(mapper.error());
    auto st = buildCount(*mapper.value(), query);
    if (!st)
        return d->fail(st.error());
    auto executed = d->exec(st.value());
    if (!executed)
        return d->fail(mapper.value()->explain(executed.error()));
    QSqlQuery &q = *executed.value();
    const qint64 n = q.next() ? q.value(0).toLongLong() : 0;
    q.finish();
    return n;
}

Error Session::add(const std::shared_ptr<Entity> &entity)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    if (!entity)
        return d->fail(Error(Error::Kind::InvalidState, QStringLiteral("add(): null entity")));
    if (TrackedEntity *t = entity->m_tracked) {
        if (t->session != d.get())
            return d->fail(Error(Error::Kind::InvalidState,
                                 QStringLiteral("add(): the %1 belongs to another session").arg(t->mapper->meta->className())));
        if (t->state == Entity::State::Deleted && t->inDeleted) {
            t->inDeleted = false;
            d->deleted.removeOne(t);
            t->state = Entity::State::Persistent;
            if (!t->inDirty)
                t->strong.reset();
        }
        return {};
    }
    auto mapper = d->mapperFor(*entity->metaObject());
    if (!mapper)
        return d->fail(mapper.error());
    TrackedEntity *t = d->track(entity, mapper.value(), Entity::State::Pending);
    t->strong = entity;
    t->inPending = true;
    d->pending.append(t);
    return {};
}

Error Session::remove(Entity *entity)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    TrackedEntity *t = entity ? entity->m_tracked : nullptr;
    if (!t || t->session != d.get())
        return d->fail(Error(Error::Kind::InvalidState, QStringLiteral("remove(): the entity is not in this session")));
    if (t->state == Entity::State::Pending) {
        std::shared_ptr<Entity> keep = std::move(t->strong);
        d->untrack(t);
        return {};
    }
    if (t->state == Entity::State::Persistent) {
        t->state = Entity::State::Deleted;
        t->strong = t->weak.lock();
        if (!t->inDeleted) {
            t->inDeleted = true;
            d->deleted.append(t);
        }
    }
    return {};
}

void Session::markDirty(Entity *entity)
{
    if (d->usable().isValid())
        return;
    TrackedEntity *t = entity ? entity->m_tracked : nullptr;
    if (!t || t->session != d.get() || t->state != Entity::State::Persistent || t->inDirty)
        return;
    t->inDirty = true;
    t->strong = t->weak.lock();
    d->dirty.append(t);
}

bool Session::hasPendingChanges() const
{
    if (!d->isOwnerThread()) {
        qCWarning(lcSql, "Session::hasPendingChanges() called from a thread that does not own the session");
        return false;
    }
    if (!d->pending.isEmpty() || !d->deleted.isEmpty())
        return true;
    for (TrackedEntity *t : std::as_const(d->dirty))
        if (!d->changedColumns(t).isEmpty())
            return true;
    for (TrackedEntity *t : std::as_const(d->snapshotted))
        if (!d->changedColumns(t).isEmpty())
            return true;
    return false;
}

bool Session::isInTransaction() const
{
    return d->inTransaction;
}

Error Session::flush()
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    if (!hasPendingChanges())
        return {};
    if (!d->inTransaction) {
        if (Error e = d->execDirect(d->database.dialect().beginTransactionSql()); e.isValid())
            return d->fail(e);
        d->inTransaction = true;
    }
    Error e = d->flushInserts();
    if (!e.isValid())
        e = d->flushUpdates();
    if (!e.isValid())
        e = d->flushDeletes();
    if (e.isValid()) {
        d->abortTransaction();
        return d->fail(e);
    }
    // Success: the lists are empty now; the journal keeps the handles until COMMIT or ROLLBACK.
    QList<std::shared_ptr<Entity>> release;
    for (TrackedEntity *t : std::as_const(d->pending)) {
        t->inPending = false;
        release.append(std::move(t->strong));
    }
    for (TrackedEntity *t : std::as_const(d->dirty)) {
        t->inDirty = false;
        release.append(std::move(t->strong));
    }
    for (TrackedEntity *t : std::as_const(d->deleted)) {
        t->inDeleted = false;
        release.append(std::move(t->strong));
    }
    d->pending.clear();
    d->dirty.clear();
    d->deleted.clear();
    return {};
}

Error Session::commit()
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    if (Error e = flush(); e.isValid())
        return e;
    if (!d->inTransaction)
        return {};
    if (Error e = d->execDirect(QStringLiteral("COMMIT")); e.isValid()) {
        d->abortTransaction();
        return d->fail(e);
    }
    d->inTransaction = false;
    // Deleted entities leave the session now; the others are simply clean.
    QList<std::shared_ptr<Entity>> release;
    for (const JournalEntry &j : std::as_const(d->journal)) {
        release.append(j.keepAlive);
        if (j.action == JournalEntry::Action::Delete && j.tracked) {
            Entity *e = j.tracked->entity;
            d->untrack(j.tracked);
            if (e)
                e->m_detached = true;
        }
    }
    d->journal.clear();
    Q_EMIT committed();
    release.clear();
    return {};
}

void Session::rollback()
{
    if (d->usable().isValid() && !d->isOwnerThread())
        return; // never touch the session's state from another thread (usable() logged why)
    d->abortTransaction();
    // Discard what was never written: pending entities leave, deleted ones stay, changed ones revert.
    QList<std::shared_ptr<Entity>> release;
    const QList<TrackedEntity *> pending = d->pending;
    for (TrackedEntity *t : pending) {
        release.append(std::move(t->strong));
        d->untrack(t);
    }
    for (TrackedEntity *t : std::as_const(d->deleted)) {
        t->inDeleted = false;
        t->state = Entity::State::Persistent;
        release.append(std::move(t->strong));
    }
    d->deleted.clear();
    QList<TrackedEntity *> changed = d->dirty;
    for (TrackedEntity *t : std::as_const(d->snapshotted))
        changed.append(t);
    d->restoring = true;
    for (TrackedEntity *t : std::as_const(changed)) {
        if (!t->entity)
            continue;
        const auto &columns = t->mapper->meta->columns();
        for (int c : d->changedColumns(t))
            columns[c].metaProperty.write(t->entity, t->original.value(c));
        t->original.removeIf([&](int column) { return columns[column].tracked; });
    }
    d->restoring = false;
    for (TrackedEntity *t : std::as_const(d->dirty)) {
        t->inDirty = false;
        release.append(std::move(t->strong));
    }
    d->dirty.clear();
    Q_EMIT rolledBack();
    release.clear();
}

Result<std::shared_ptr<Entity>> Session::related(const Entity *entity, const QString &relation)
{
    if (Error e = d->usable(); e.isValid())
        return d->refuse(e);
    TrackedEntity *t = entity ? entity->m_tracked : nullptr;
    if (!t || t->session != d.get())
        return d->fail(Error(Error::Kind::InvalidState, QStringLiteral("related(): the entity is not in this session")));
    const RelationMeta *rel = t->mapper->meta->relation(relation);
    if (!rel)
        return d->fail(Error(Error::Kind::UnknownColumn,
                             QStringLiteral("%1 has no relation '%2'").arg(t->mapper->meta->className(), relation)));
    const ColumnMeta &fk = t->mapper->meta->columns()[rel->foreignKeyColumn];
    const QVariant key = fk.type->toValue(*fk.type, fk.metaProperty.read(t->entity));
    if (!key.isValid())
        return std::shared_ptr<Entity>();
    auto cached = t->related.value(relation);
    if (cached && cached->m_tracked) {
        const auto targetKey = d->keyValues(cached->m_tracked);
        if (targetKey.size() == 1 && identityKey(targetKey) == key.toString())
            return cached;
    }
    auto r = get(*rel->target, key);
    if (!r)
        return r.error();
    t->related.insert(relation, r.value());
    return r.value();
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
    const RelationMeta *rel = mapper.value()->meta->relation(relation);
    if (!rel)
        return d->fail(Error(Error::Kind::UnknownColumn,
                             QStringLiteral("%1 has no relation '%2'").arg(mapper.value()->meta->className(), relation)));
    auto target = d->mapperFor(*rel->target);
    if (!target)
        return d->fail(target.error());
    const EntityMeta *targetMeta = target.value()->meta;
    if (targetMeta->primaryKey().size() != 1)
        return d->fail(Error(Error::Kind::Mapping, QStringLiteral("%1: relation targets need a single-column key").arg(targetMeta->className())));
    const ColumnMeta &fk = mapper.value()->meta->columns()[rel->foreignKeyColumn];
    QVariantList missing;
    QSet<QString> seen;
    for (const auto &e : entities) {
        const QVariant key = fk.type->toValue(*fk.type, fk.metaProperty.read(e.get()));
        if (!key.isValid())
            continue;
        const QString k = identityKey({ key });
        if (seen.contains(k) || d->lookup(rel->target, k))
            continue;
        seen.insert(k);
        missing.append(key);
    }
    // Keep the loaded targets alive until they are attached to their owners.
    QList<std::shared_ptr<Entity>> loaded;
    const QString pkProperty = targetMeta->columns()[targetMeta->primaryKey().first()].property;
    constexpr qsizetype chunk = 500;
    for (qsizetype i = 0; i < missing.size(); i += chunk) {
        QueryBase q(this, rel->target);
        q = q.where(Expr::column(pkProperty).in(missing.mid(i, chunk)));
        auto rows = execute(q);
        if (!rows)
            return rows.error();
        loaded.append(rows.value());
    }
    for (const auto &e : entities) {
        TrackedEntity *t = e->m_tracked;
        if (!t || t->session != d.get())
            continue;
        const QVariant key = fk.type->toValue(*fk.type, fk.metaProperty.read(e.get()));
        if (!key.isValid())
            continue;
        if (auto targetEntity = d->lookup(rel->target, identityKey({ key })))
            t->related.insert(relation, targetEntity);
    }
    return {};
}

Error Session::lastError() const
{
    return d->lastError;
}

} // namespace qorm
