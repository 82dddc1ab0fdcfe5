// SPDX-License-Identifier: MIT
#include "flushplan_p.h"

#include "dependencyorder_p.h"
#include "relations_p.h"
#include "session_p.h"

#include <QSet>

#include <functional>
#include <utility>

namespace qorm::detail {

FlushPlan::TableWork &FlushPlan::work(const Mapper *mapper)
{
    for (TableWork &w : m_tables)
        if (w.mapper == mapper)
            return w;
    m_tables.append(TableWork{ mapper, {}, {}, {} });
    return m_tables.last();
}

Error FlushPlan::build()
{
    const UnitOfWork &uow = m_session.uow;
    for (EntityState *s : uow.pending())
        work(s->mapper).inserts.append(s);
    for (EntityState *s : uow.dirty())
        if (s->state() == Entity::State::Persistent && s->entity)
            work(s->mapper).updates.append(s);
    for (EntityState *s : uow.snapshotted())
        if (!s->isInDirtyList() && s->state() == Entity::State::Persistent && s->entity)
            work(s->mapper).updates.append(s);
    for (EntityState *s : uow.deleted())
        work(s->mapper).deletes.append(s);

    QList<const QMetaObject *> classes;
    for (const TableWork &w : std::as_const(m_tables))
        classes.append(w.mapper->meta->metaObject());
    auto order = dependencyOrder(classes);
    if (!order)
        return order.error();
    QList<TableWork> ordered;
    for (const QMetaObject *mo : order.value())
        for (const TableWork &w : std::as_const(m_tables))
            if (w.mapper->meta->metaObject() == mo)
                ordered.append(w);
    m_tables = std::move(ordered);
    // Within a table, a new row after the new rows it refers to (Employee.manager); rows in a
    // cycle keep their order and are linked by a post-update.
    for (TableWork &w : m_tables) {
        // Only rows with relation state can refer to new rows (the common bulk insert has none).
        if (std::none_of(w.inserts.cbegin(), w.inserts.cend(), [](const EntityState *s) { return s->entity && Relations::store(s->entity); }))
            continue;
        QList<EntityState *> sorted;
        QSet<EntityState *> done, visiting;
        std::function<void(EntityState *)> visit = [&](EntityState *s) {
            if (done.contains(s) || visiting.contains(s))
                return;
            visiting.insert(s);
            for (const Entity *t : Relations::pendingTargets(s))
                if (EntityState *ts = Relations::state(t); ts && ts->mapper == w.mapper)
                    visit(ts);
            visiting.remove(s);
            done.insert(s);
            sorted.append(s);
        };
        for (EntityState *s : std::as_const(w.inserts))
            visit(s);
        w.inserts = std::move(sorted);
    }
    return {};
}

Error FlushPlan::execute()
{
    qsizetype rows = 0;
    for (const TableWork &w : std::as_const(m_tables))
        rows += w.inserts.size() + w.updates.size() + w.deletes.size();
    m_session.transactions.reserve(rows);
    QList<std::pair<EntityState *, QList<int>>> postUpdates;
    // Before a row with relation state is collected: its links to targets inserted since take
    // their keys; links to targets not inserted yet (a cycle) wait for a post-update. (Rows
    // without relation state skip the call: it is on the path of every row.)
    auto hasLinks = [](const EntityState *s) { return s->entity && Relations::store(s->entity); };
    auto syncLinks = [&](EntityState *s) -> Error {
        QList<int> later;
        Error e = Relations::syncForeignKeys(m_session, s, &later, &m_session.flushedForeignKeys);
        if (!later.isEmpty())
            postUpdates.append({ s, later });
        return e;
    };
    // A failure names the entity whose statement failed (a table model marks its row).
    auto blame = [](Error e, const EntityState *s) {
        e.setEntity(s->weak);
        return e;
    };
    for (const TableWork &w : std::as_const(m_tables)) {
        for (EntityState *s : w.inserts) {
            if (hasLinks(s))
                if (Error e = syncLinks(s); e.isValid())
                    return blame(e, s);
            auto command = collectInsert(s);
            if (!command)
                return blame(command.error(), s);
            if (Error e = emitInsert(s, command.value()); e.isValid())
                return blame(e, s);
        }
        for (EntityState *s : w.updates) {
            if (hasLinks(s))
                if (Error e = syncLinks(s); e.isValid())
                    return blame(e, s);
            auto command = collectUpdate(s);
            if (!command)
                return blame(command.error(), s);
            if (command.value().statement.sql.isEmpty())
                continue; // changed back: nothing to write
            if (Error e = emitUpdate(s, command.value()); e.isValid())
                return blame(e, s);
        }
    }
    for (const auto &[s, relations] : std::as_const(postUpdates))
        if (Error e = emitPostUpdate(s, relations); e.isValid())
            return blame(e, s);
    if (Error e = writeAssociations(); e.isValid())
        return e;
    for (auto t = m_tables.crbegin(); t != m_tables.crend(); ++t)
        for (auto s = t->deletes.crbegin(); s != t->deletes.crend(); ++s)
            if (Error e = emitDelete(*s, collectDelete(*s)); e.isValid())
                return blame(e, *s);
    return {};
}

// --- INSERT ------------------------------------------------------------------------------------

Result<FlushPlan::InsertCommand> FlushPlan::collectInsert(EntityState *s)
{
    const Mapper &m = *s->mapper;
    const EntityMeta *meta = m.meta;
    const int autoCol = meta->autoIncrementColumn();
    InsertCommand command;
    if (autoCol >= 0) {
        const ColumnMeta &c = meta->columns()[autoCol];
        command.previousAutoValue = c.metaProperty.read(s->entity);
        const QVariant v = c.type->toValue(*c.type, command.previousAutoValue);
        command.generatesKey = !v.isValid() || v.toLongLong() == 0;
    }
    m_session.stampTimes(s, SessionPrivate::Stamp::Insert);
    if (meta->versionColumn() >= 0 && m_session.loadedVersion(s) == 0)
        m_session.setVersion(s, 1); // the first version
    command.statement.sql = command.generatesKey ? m.insertAllSql : m.insertWithKeySql;
    command.statement.values.reserve(meta->columns().size());
    Error invalid;
    for (qsizetype c = 0; c < meta->columns().size(); ++c) {
        if (command.generatesKey && c == autoCol)
            continue;
        command.statement.values.append(m.databaseValue(s->entity, int(c), &invalid));
    }
    if (invalid.isValid())
        return invalid;
    return command;
}

Error FlushPlan::emitInsert(EntityState *s, const InsertCommand &command)
{
    const Mapper &m = *s->mapper;
    const EntityMeta *meta = m.meta;
    using Key = Connection::GeneratedKey;
    const Key key = !command.generatesKey ? Key::None : m.dialect->supportsReturning() ? Key::Returning : Key::LastInsertId;
    auto executed = m_session.connection.write(command.statement, key);
    if (!executed)
        return m.explain(executed.error());
    if (command.generatesKey) {
        const QVariant &id = executed.value().generatedKey;
        const int autoCol = meta->autoIncrementColumn();
        bool ok = false;
        const QVariant value = m.propertyValue(autoCol, id, &ok);
        if (!ok || !id.isValid())
            return Error(Error::Kind::Statement, QStringLiteral("%1: the database did not report the generated key").arg(meta->className()),
                         command.statement.sql);
        m_session.writeProperty(s->entity, meta->columns()[autoCol], value);
    }
    m_session.transactions.record({ JournalEntry::Action::Insert, s, s->weak.lock(), s->original, command.previousAutoValue, {} });
    s->inserted(m_session.identityKeyOf(s));
    m_session.identity.insert(s);
    m_session.uow.snapshot(s);
    return {};
}

// --- UPDATE ------------------------------------------------------------------------------------

Result<FlushPlan::WriteCommand> FlushPlan::collectUpdate(EntityState *s)
{
    WriteCommand command;
    const Mapper &m = *s->mapper;
    const int versionColumn = m.meta->versionColumn();
    command.changed = m_session.uow.changedColumns(s);
    command.changed.removeOne(versionColumn); // the counter is qorm's to set
    if (command.changed.isEmpty())
        return command;
    if (m.meta->updatedAtColumn() >= 0) {
        m_session.stampTimes(s, SessionPrivate::Stamp::Update);
        command.changed = m_session.uow.changedColumns(s);
        command.changed.removeOne(versionColumn);
    }
    command.statement.sql = m_session.updateSql(m, command.changed);
    command.statement.values.reserve(command.changed.size() + m.meta->primaryKey().size() + 2);
    Error invalid;
    for (int c : std::as_const(command.changed))
        command.statement.values.append(m.databaseValue(s->entity, c, &invalid));
    if (invalid.isValid())
        return invalid;
    command.keys = m_session.keyValues(s); // the key as loaded, in case the key itself changed
    command.versioned = versionColumn >= 0;
    command.version = command.versioned ? m_session.loadedVersion(s) : 0;
    if (command.versioned)
        command.statement.values.append(command.version + 1);
    m_session.appendKeyBindings(s, command.keys, command.statement.values);
    if (command.versioned)
        command.statement.values.append(command.version);
    return command;
}

Error FlushPlan::emitUpdate(EntityState *s, const WriteCommand &command)
{
    const Mapper &m = *s->mapper;
    auto executed = m_session.connection.write(command.statement, Connection::GeneratedKey::None);
    if (!executed)
        return m.explain(executed.error());
    const qint64 affected = executed.value().rowsAffected;
    if (affected == 0)
        return command.versioned ? m_session.staleData(m, command.keys, command.version, command.statement.sql)
                                 : Error(Error::Kind::NotFound,
                                         QStringLiteral("%1 with key %2 no longer exists (deleted by another connection?)")
                                                 .arg(m.meta->className(), keyText(command.keys)),
                                         command.statement.sql);
    // The originals move into the journal; what stays is the originals of columns not written
    // now, plus the new value of each written untracked column (its next snapshot).
    SmallMap<int, QVariant> previous = std::exchange(s->original, {});
    for (const auto &[c, value] : previous)
        if (!command.changed.contains(c))
            s->original.insert(c, value);
    const auto &columns = m.meta->columns();
    bool keyChanged = false;
    for (int c : command.changed) {
        keyChanged = keyChanged || columns[c].primaryKey;
        if (!columns[c].tracked)
            s->original.insert(c, m.codecs.at(c).propertyValue(s->entity));
    }
    m_session.transactions.record({ JournalEntry::Action::Update, s, s->weak.lock(), std::move(previous),
                                    command.versioned ? QVariant(command.version) : QVariant(), {} });
    if (command.versioned)
        m_session.setVersion(s, command.version + 1);
    if (keyChanged)
        m_session.identity.rekey(s, m_session.identityKeyOf(s));
    return {};
}

// --- relations -----------------------------------------------------------------------------------

Error FlushPlan::emitPostUpdate(EntityState *s, const QList<int> &relations)
{
    // The rows of a cycle were inserted with a NULL foreign key; every target has its key now.
    const Mapper &m = *s->mapper;
    const EntityMeta &meta = *m.meta;
    QList<int> columns;
    m_session.restoring = true;
    for (int r : relations) {
        const int c = meta.relations()[r].foreignKeyColumn;
        RelationSlot *slot = Relations::store(s->entity)->find(r);
        const auto target = slot->currentTarget();
        const QVariant key = target ? Relations::knownKey(target.get()) : QVariant();
        if (!key.isValid())
            continue;
        const ColumnMeta &fk = meta.columns()[c];
        m_session.flushedForeignKeys.append({ s, { c, fk.metaProperty.read(s->entity) } });
        fk.metaProperty.write(s->entity, fk.type->fromValue(*fk.type, key));
        slot->pendingLink = false;
        columns.append(c);
    }
    m_session.restoring = false;
    if (columns.isEmpty())
        return {};
    std::sort(columns.begin(), columns.end());
    SqlStatement st;
    st.sql = m_session.grammar().compileUpdate(m, columns);
    Error invalid;
    for (int c : std::as_const(columns))
        st.values.append(m.databaseValue(s->entity, c, &invalid));
    if (invalid.isValid())
        return invalid;
    if (meta.versionColumn() >= 0)
        st.values.append(m_session.loadedVersion(s)); // the version stays: the row was inserted in this flush
    m_session.appendKeyBindings(s, m_session.keyValues(s), st.values);
    if (meta.versionColumn() >= 0)
        st.values.append(m_session.loadedVersion(s));
    auto executed = m_session.connection.write(st, Connection::GeneratedKey::None);
    return executed ? Error() : m.explain(executed.error());
}

Error FlushPlan::writeAssociations()
{
    const auto changes = Relations::associationChanges(m_session.relationOwners());
    // One statement per association row, whichever side (or both) recorded the change.
    QSet<QString> written;
    for (const auto &change : changes) {
        const EntityMeta &meta = *m_session.mapperFor(*change.owner->metaObject()).value()->meta;
        const RelationMeta &r = meta.relations()[change.relation];
        auto through = m_session.mapperFor(*r.through);
        if (!through)
            return through.error();
        const Mapper &a = *through.value();
        const int sourceColumn = a.meta->relation(r.throughSource)->foreignKeyColumn;
        const int targetColumn = a.meta->relation(r.throughTarget)->foreignKeyColumn;
        const QVariant sourceKey = Relations::knownKey(change.owner);
        const QVariant targetKey = Relations::knownKey(change.item.get());
        if (!sourceKey.isValid() || !targetKey.isValid())
            return Error(Error::Kind::InvalidState, QStringLiteral("%1.%2: an association row whose %3 has no key (not in the session?)")
                                                            .arg(meta.className(), r.name, sourceKey.isValid() ? QString::fromLatin1(r.target->className()) : meta.className()));
        QList<int> columns{ sourceColumn, targetColumn };
        QVariantList keys{ sourceKey, targetKey };
        if (sourceColumn > targetColumn) {
            std::swap(columns[0], columns[1]);
            std::swap(keys[0], keys[1]);
        }
        const QString id = QString::fromLatin1(r.through->className()) + u'|' + keys[0].toString() + u'|' + keys[1].toString();
        if (written.contains(id))
            continue;
        written.insert(id);
        SqlStatement st;
        st.sql = change.insert ? m_session.grammar().compileInsertColumns(a, columns) : m_session.grammar().compileDeleteWhere(a, columns);
        for (qsizetype i = 0; i < 2; ++i) {
            auto bound = a.bindValue(columns[i], keys[i]);
            if (!bound)
                return bound.error();
            st.values.append(bound.value());
        }
        auto executed = m_session.connection.write(st, Connection::GeneratedKey::None);
        if (!executed)
            return a.explain(executed.error());
        EntityState *owner = Relations::state(change.owner);
        JournalEntry entry{ JournalEntry::Action::Association, owner, owner->weak.lock(), {}, {}, {} };
        entry.relation = change.relation;
        entry.item = change.item;
        entry.inserted = change.insert;
        m_session.transactions.record(std::move(entry));
    }
    return {};
}

// --- DELETE ------------------------------------------------------------------------------------

FlushPlan::WriteCommand FlushPlan::collectDelete(EntityState *s)
{
    WriteCommand command;
    const Mapper &m = *s->mapper;
    command.statement.sql = m.deleteSql;
    command.keys = m_session.keyValues(s);
    m_session.appendKeyBindings(s, command.keys, command.statement.values);
    command.versioned = m.meta->versionColumn() >= 0;
    command.version = command.versioned ? m_session.loadedVersion(s) : 0;
    if (command.versioned)
        command.statement.values.append(command.version);
    return command;
}

Error FlushPlan::emitDelete(EntityState *s, const WriteCommand &command)
{
    const Mapper &m = *s->mapper;
    auto executed = m_session.connection.write(command.statement, Connection::GeneratedKey::None);
    if (!executed)
        return m.explain(executed.error());
    const qint64 affected = executed.value().rowsAffected;
    if (command.versioned && affected == 0)
        return m_session.staleData(m, command.keys, command.version, command.statement.sql);
    m_session.transactions.record({ JournalEntry::Action::Delete, s, s->weak.lock(), s->original, {}, {} });
    m_session.identity.remove(s);
    m_session.uow.forgetSnapshot(s);
    return {};
}

} // namespace qorm::detail
