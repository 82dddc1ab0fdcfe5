// SPDX-License-Identifier: MIT
#include "flushplan_p.h"

#include "dependencyorder_p.h"
#include "session_p.h"

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
    return {};
}

Error FlushPlan::execute()
{
    for (const TableWork &w : std::as_const(m_tables)) {
        for (EntityState *s : w.inserts) {
            auto command = collectInsert(s);
            if (!command)
                return command.error();
            if (Error e = emitInsert(s, command.value()); e.isValid())
                return e;
        }
        for (EntityState *s : w.updates) {
            auto command = collectUpdate(s);
            if (!command)
                return command.error();
            if (command.value().statement.sql.isEmpty())
                continue; // changed back: nothing to write
            if (Error e = emitUpdate(s, command.value()); e.isValid())
                return e;
        }
    }
    for (auto t = m_tables.crbegin(); t != m_tables.crend(); ++t)
        for (auto s = t->deletes.crbegin(); s != t->deletes.crend(); ++s)
            if (Error e = emitDelete(*s, collectDelete(*s)); e.isValid())
                return e;
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
