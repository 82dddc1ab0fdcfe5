// SPDX-License-Identifier: MIT
#include <qorm/entitytablemodel.h>

#include "entitytablemodel_p.h"

#include <qorm/decimal.h>
#include <qorm/entity.h>
#include <qorm/entitymeta.h>
#include <qorm/session.h>

#include <QAbstractProxyModel>
#include <QItemSelectionModel>
#include <QScopedValueRollback>
#include <QUndoStack>

#include <algorithm>
#include <utility>

namespace qorm {

using RowState = EntityTableModel::RowState;

namespace {

/*! "unitPrice" -> "Unit Price", "album.title" -> "Album". */
QString readableLabel(const QString &path)
{
    const QString name = path.section(u'.', 0, 0);
    QString out;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name[i];
        if (i == 0)
            out += c.toUpper();
        else if (c.isUpper() && !name[i - 1].isUpper())
            out += u' ' + QString(c);
        else
            out += c;
    }
    return out;
}

/*!
 * A column's value (value type, from Session::value(): the column codec) as views show it:
 * Decimal as its exact text, NULL as an invalid QVariant.
 */
QVariant presentable(const ColumnMeta &c, const QVariant &value)
{
    if (value.isValid() && c.type->sqlType == SqlType::Decimal)
        return value.value<Decimal>().toString();
    return value;
}

bool isTextColumn(const ColumnMeta &c)
{
    return c.type->sqlType == SqlType::String;
}

} // namespace

// --- columns and queries ------------------------------------------------------------------------

void EntityTableModelPrivate::resolveColumns()
{
    columns.clear();
    if (!meta)
        return;
    QStringList wanted = paths;
    if (wanted.isEmpty())
        for (const ColumnMeta &c : meta->columns())
            wanted.append(c.property);
    for (const QString &path : std::as_const(wanted)) {
        ColumnInfo info;
        info.path = path;
        const QString head = path.section(u'.', 0, 0);
        const QString tail = path.section(u'.', 1);
        const RelationMeta *relation = tail.isEmpty() && meta->columnIndex(path) < 0 ? meta->relation(path) : nullptr;
        if (relation && relation->kind == RelationMeta::Kind::ManyToOne) {
            // The relation itself: the target's QORM_DISPLAY text (its key without one), edited
            // through the foreign key.
            auto target = EntityMeta::of(*relation->target);
            if (!target) {
                lastError = target.error();
                continue;
            }
            info.relation = relation;
            info.relationColumn = true;
            info.targetMeta = target.value();
            info.targetColumn = target.value()->displayColumn() >= 0 ? target.value()->displayColumn() : target.value()->primaryKey().first();
            info.column = relation->foreignKeyColumn;
            info.editable = meta->columns()[info.column].writable;
        } else if (tail.isEmpty()) {
            info.column = meta->columnIndex(path);
            if (info.column < 0) {
                lastError = meta->unknownPropertyError(path);
                continue;
            }
            const ColumnMeta &c = meta->columns()[info.column];
            info.editable = c.writable && !c.autoIncrement;
        } else {
            info.relation = meta->relation(head);
            if (info.relation && info.relation->kind != RelationMeta::Kind::ManyToOne)
                info.relation = nullptr; // a table cell shows one value: many-to-one paths only
            auto target = info.relation ? EntityMeta::of(*info.relation->target) : Result<const EntityMeta *>(nullptr);
            if (!info.relation || !target || !target.value()) {
                lastError = target ? Error(Error::Kind::UnknownColumn,
                                           QStringLiteral("%1 has no relation '%2'").arg(meta->className(), head))
                                   : target.error();
                continue;
            }
            info.targetMeta = target.value();
            info.targetColumn = info.targetMeta->columnIndex(tail);
            info.column = info.relation->foreignKeyColumn;
            if (info.targetColumn < 0) {
                lastError = info.targetMeta->unknownPropertyError(tail);
                continue;
            }
        }
        columns.append(info);
    }
}

QString EntityTableModelPrivate::shownPath(const ColumnInfo &c) const
{
    if (c.relation)
        return c.relation->name + u'.' + c.targetMeta->columns()[c.targetColumn].property;
    return meta->columns()[c.column].property;
}

QueryBase EntityTableModelPrivate::effectiveQuery() const
{
    QueryBase q = query.where(filter);
    if (masterRelation) {
        const ColumnMeta &fk = meta->columns()[masterRelation->foreignKeyColumn];
        const QVariant key = masterKey();
        // No current master row: no rows (an empty IN is always false).
        q = q.where(key.isValid() ? Expr::column(fk.property) == Expr::value(key) : Expr::column(fk.property).in({}));
    }
    const QStringList words = search.split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        Expr any;
        for (const ColumnInfo &c : std::as_const(columns)) {
            if (!searchColumns.isEmpty() && !searchColumns.contains(c.path))
                continue;
            const ColumnMeta &shown = c.relation ? c.targetMeta->columns()[c.targetColumn] : meta->columns()[c.column];
            if (!isTextColumn(shown) && searchColumns.isEmpty())
                continue;
            any = any || Expr::column(shownPath(c)).matches(Expr::Match::Contains, word, Qt::CaseInsensitive);
        }
        if (any.isEmpty()) // no text column to look in: nothing matches
            any = Expr::value(1).in({});
        q = q.where(any);
    }
    return q;
}

QVariant EntityTableModelPrivate::masterKey() const
{
    if (!master || !masterRelation)
        return {};
    auto target = EntityMeta::of(*masterRelation->target);
    if (!target || target.value()->primaryKey().size() != 1)
        return {};
    const ColumnMeta &key = target.value()->columns()[target.value()->primaryKey().first()];
    return key.type->toValue(*key.type, key.metaProperty.read(master.get()));
}

QueryBase EntityTableModelPrivate::pagedQuery() const
{
    QueryBase q = effectiveQuery().autoflush(false); // paging never writes a half-edited row (documented rule)
    if (q.ordering().isEmpty() && meta->primaryKey().size() == 1) {
        // Keyset paging in key order: "WHERE key > last ORDER BY key LIMIT n" costs the same for
        // every page, where OFFSET makes the database skip all earlier rows again (quadratic
        // over a whole table; measured in benchmarks W6).
        const ColumnMeta &key = meta->columns()[meta->primaryKey().first()];
        q = q.orderBy(key.property);
        if (lastKey.isValid())
            q = q.where(Expr::column(key.property) > Expr::value(lastKey));
        return q.limit(pageSize);
    }
    return orderedQuery().limit(pageSize).offset(fetchedFromDatabase);
}

QueryBase EntityTableModelPrivate::orderedQuery() const
{
    // Offset paging needs a total order: the primary key breaks ties (and is the whole order
    // when none was set), so no row lands on two pages.
    QueryBase q = effectiveQuery().autoflush(false); // paging never writes a half-edited row
    for (int c : meta->primaryKey())
        q = q.orderBy(meta->columns()[c].property);
    return q;
}

Error EntityTableModelPrivate::loadRelations(const QList<std::shared_ptr<Entity>> &page)
{
    QSet<QString> relations;
    for (const ColumnInfo &c : std::as_const(columns))
        if (c.relation)
            relations.insert(c.relation->name);
    for (const QString &r : std::as_const(relations))
        if (Error e = session->loadRelated(page, r); e.isValid())
            return e;
    return {};
}

// --- windowed paging ----------------------------------------------------------------------------

int EntityTableModelPrivate::rowOfDbIndex(int dbIndex) const
{
    // Rows keep the query's order; inserted rows (dbIndex -1) may sit between them.
    const int last = int(rows.size()) - 1;
    for (int r = qMin(dbIndex, last); r <= qMin(dbIndex + insertedRows, last); ++r)
        if (rows.at(r).dbIndex == dbIndex)
            return r;
    return -1;
}

ModelRow &EntityTableModelPrivate::loaded(int row)
{
    ModelRow &r = rows[row];
    if (!r.entity && r.dbIndex >= 0 && session) {
        if (Error e = loadPage(r.dbIndex / pageSize); e.isValid())
            report(e);
    } else if (windowed() && r.dbIndex >= 0) {
        const int page = r.dbIndex / pageSize; // recently used
        if (!pageLru.isEmpty() && pageLru.last() != page && pageLru.removeOne(page))
            pageLru.append(page);
    }
    return rows[row];
}

Error EntityTableModelPrivate::loadPage(int page)
{
    auto entities = orderedQuery().limit(pageSize).offset(qint64(page) * pageSize).allEntities();
    if (!entities)
        return entities.error();
    if (Error e = loadRelations(entities.value()); e.isValid())
        return e;
    for (qsizetype i = 0; i < entities.value().size(); ++i) {
        const int row = rowOfDbIndex(int(page * pageSize + i));
        if (row < 0)
            continue; // more rows than counted: inserted by others since select()
        ModelRow &r = rows[row];
        if (!r.entity) { // a row kept in memory (unsaved work) keeps its object; the identity map agrees
            r.entity = entities.value().at(i);
            rowOf.insert(r.entity.get(), row);
        }
    }
    pageLru.removeOne(page);
    pageLru.append(page);
    while (pageLru.size() > cachedPages)
        evictPage(pageLru.takeFirst());
    return {};
}

void EntityTableModelPrivate::evictPage(int page)
{
    for (int i = 0; i < pageSize; ++i) {
        const int row = rowOfDbIndex(page * pageSize + i);
        if (row < 0)
            continue;
        ModelRow &r = rows[row];
        // Unsaved work stays in memory: a mark, an edit, a refused row.
        if (!r.entity || r.state != RowState::Clean || edited.contains(r.entity.get()) || r.entity->isDirty())
            continue;
        rowOf.remove(r.entity.get());
        missingRelations.remove(row);
        r.entity.reset();
    }
}

Error EntityTableModelPrivate::selectWindow(QList<ModelRow> kept)
{
    auto counted = effectiveQuery().autoflush(false).count();
    if (!counted)
        return counted.error();
    rows = std::move(kept);
    insertedRows = int(rows.size());
    rows.reserve(rows.size() + counted.value());
    for (qint64 i = 0; i < counted.value(); ++i)
        rows.append(ModelRow{ nullptr, int(i), RowState::Clean });
    pageLru.clear();
    reindex(0);
    atEnd = true; // nothing to fetchMore(): every row is counted
    return counted.value() > 0 ? loadPage(0) : Error();
}

Result<QList<std::shared_ptr<Entity>>> EntityTableModelPrivate::fetchPage()
{
    if (!session)
        return sessionGone();
    auto page = pagedQuery().allEntities();
    if (!page)
        return page;
    if (Error e = loadRelations(page.value()); e.isValid())
        return e;
    atEnd = page.value().size() < pageSize;
    fetchedFromDatabase += int(page.value().size());
    if (!page.value().isEmpty() && meta->primaryKey().size() == 1) {
        const ColumnMeta &key = meta->columns()[meta->primaryKey().first()];
        lastKey = key.type->toValue(*key.type, key.metaProperty.read(page.value().last().get()));
    }
    // A row the model already shows (inserted here and saved since, so the database returns
    // it too) stays where it is: the identity map gives the same object. Only rows inserted
    // through the model can be shown twice.
    if (insertedRows == 0)
        return page;
    QList<std::shared_ptr<Entity>> fresh;
    fresh.reserve(page.value().size());
    for (auto &e : page.value())
        if (!rowOf.contains(e.get()))
            fresh.append(std::move(e));
    return fresh;
}

// --- rows ---------------------------------------------------------------------------------------

void EntityTableModelPrivate::reindex(int first)
{
    if (first == 0)
        rowOf.clear();
    const QList<ModelRow> &all = rows;
    for (int r = first; r < all.size(); ++r)
        if (const Entity *e = all.at(r).entity.get())
            rowOf.insert(e, r);
}

QList<int> EntityTableModelPrivate::columnsShowing(const QStringList &properties) const
{
    QList<int> shown;
    for (int i = 0; i < columns.size(); ++i) {
        const ColumnInfo &c = columns.at(i);
        if (c.column >= 0 && properties.contains(meta->columns().at(c.column).property))
            shown.append(i);
    }
    return shown;
}

RowState EntityTableModelPrivate::stateOf(int row) const
{
    if (row < 0 || row >= rows.size())
        return RowState::Clean;
    const ModelRow &r = rows.at(row);
    if (r.state != RowState::Clean)
        return r.state;
    return r.entity && r.entity->isDirty() ? RowState::Changed : RowState::Clean;
}

bool EntityTableModelPrivate::modelDirty() const
{
    if (pendingRows > 0)
        return true;
    for (const auto &e : edited)
        if (e->isDirty())
            return true;
    return false;
}

bool EntityTableModelPrivate::rowDirty(int row) const
{
    const ModelRow &r = rows.at(row);
    return r.state != RowState::Clean || (r.entity && edited.contains(r.entity.get()) && r.entity->isDirty());
}

void EntityTableModelPrivate::setState(int row, RowState state)
{
    ModelRow &r = rows[row];
    if (r.state == state)
        return;
    pendingRows += (state != RowState::Clean) - (r.state != RowState::Clean);
    r.state = state;
}

void EntityTableModelPrivate::notifyDirty()
{
    const bool dirty = modelDirty();
    if (dirty != lastDirty) {
        lastDirty = dirty;
        Q_EMIT q->dirtyChanged(dirty);
    }
}

void EntityTableModelPrivate::report(const Error &e)
{
    lastError = e;
    Q_EMIT q->errorOccurred(e);
}

void EntityTableModelPrivate::repaintRow(int row)
{
    if (row < 0 || row >= rows.size())
        return;
    if (!columns.isEmpty())
        Q_EMIT q->dataChanged(q->index(row, 0), q->index(row, int(columns.size()) - 1));
    Q_EMIT q->headerDataChanged(Qt::Vertical, row, row);
}

void EntityTableModelPrivate::repaintAll()
{
    if (rows.isEmpty())
        return;
    if (!columns.isEmpty())
        Q_EMIT q->dataChanged(q->index(0, 0), q->index(int(rows.size()) - 1, int(columns.size()) - 1));
    Q_EMIT q->headerDataChanged(Qt::Vertical, 0, int(rows.size()) - 1);
}

int EntityTableModelPrivate::columnEditing(int column) const
{
    for (int c = 0; c < columns.size(); ++c)
        if (columns.at(c).column == column && (!columns.at(c).relation || columns.at(c).relationColumn))
            return c;
    return -1;
}

void EntityTableModelPrivate::insertEntities(int row, const QList<std::shared_ptr<Entity>> &entities, RowState state)
{
    q->beginInsertRows({}, row, row + int(entities.size()) - 1);
    for (qsizetype i = 0; i < entities.size(); ++i) {
        rows.insert(row + i, ModelRow{ entities.at(i), -1, RowState::Clean });
        setState(int(row + i), state);
    }
    insertedRows += int(entities.size());
    reindex(row);
    q->endInsertRows();
}

void EntityTableModelPrivate::dropRow(int row)
{
    const Entity *e = rows.at(row).entity.get();
    if (failedEntity.lock().get() == e)
        clearFailure(); // repaints the cell: before the removal begins
    q->beginRemoveRows({}, row, row);
    setState(row, RowState::Clean);
    if (rows.at(row).dbIndex < 0)
        --insertedRows;
    insertTargets.remove(e);
    rows.removeAt(row);
    rowOf.remove(e);
    reindex(row);
    q->endRemoveRows();
}

void EntityTableModelPrivate::clearFailure()
{
    const int row = rowOf.value(failedEntity.lock().get(), -1);
    failedEntity.reset();
    if (row >= 0 && failedColumnShown >= 0)
        Q_EMIT q->dataChanged(q->index(row, failedColumnShown), q->index(row, failedColumnShown));
    failedColumnShown = -1;
}

std::shared_ptr<Entity> EntityTableModelPrivate::createEntity(Error *error) const
{
    QObject *created = entityClass->newInstance();
    auto *entity = qobject_cast<Entity *>(created);
    if (!entity) {
        delete created;
        *error = Error(Error::Kind::InvalidState,
                       QStringLiteral("%1 cannot be created by the model: declare a Q_INVOKABLE constructor")
                               .arg(QString::fromLatin1(entityClass->className())));
        return {};
    }
    return std::shared_ptr<Entity>(entity);
}

std::shared_ptr<Entity> EntityTableModelPrivate::newRowEntity(Error *error) const
{
    auto entity = createEntity(error);
    if (!entity)
        return {};
    (void)entity->applyDefaults();
    if (masterRelation) {
        const QVariant key = masterKey();
        if (key.isValid()) {
            const ColumnMeta &fk = meta->columns()[masterRelation->foreignKeyColumn];
            fk.metaProperty.write(entity.get(), fk.type->fromValue(*fk.type, key));
        }
    }
    return entity;
}

std::shared_ptr<Entity> EntityTableModelPrivate::copyOf(const Entity *entity, Error *error) const
{
    auto copy = createEntity(error);
    if (!copy)
        return {};
    for (const ColumnMeta &c : meta->columns())
        if (c.writable)
            c.metaProperty.write(copy.get(), c.metaProperty.read(entity));
    return copy;
}

// --- editing ------------------------------------------------------------------------------------

bool EntityTableModelPrivate::writeValue(int row, int column, const QVariant &value, bool recordUndo)
{
    const ColumnInfo &info = columns.at(column);
    const std::shared_ptr<Entity> e = loaded(row).entity;
    const ColumnMeta &c = meta->columns()[info.column];
    if (!e)
        return false;
    if (!session) {
        report(sessionGone());
        return false;
    }
    const QVariant before = session->value(e.get(), c.property);
    // A QDataWidgetMapper form submits an untouched empty editor as "": NULL stays NULL.
    if (!before.isValid() && c.nullable() && value.metaType() == QMetaType::fromType<QString>() && value.toString().isEmpty())
        return true;
    // The session's one rule for an edit (exact conversion, NOT NULL, what the database stores),
    // through the column codec; the message names the column as the header does.
    auto changed = session->setValue(e.get(), c.property, value);
    if (!changed) {
        Error error = changed.error();
        const QString prefix = meta->className() + u'.' + c.property + QStringLiteral(": ");
        if (error.message().startsWith(prefix))
            error.setMessage(readableLabel(info.path) + QStringLiteral(": ") + error.message().mid(prefix.size()));
        report(error);
        return false;
    }
    if (!changed.value())
        return true;
    if (rows.at(row).state == RowState::Clean)
        edited.insert(e.get(), e);
    if (failedEntity.lock() == e)
        clearFailure();
    // Relation columns of the same row may depend on the changed foreign key.
    repaintRow(row);
    if (recordUndo && undo)
        undo->push(new EditCommand(this, e, info.column, before, session->value(e.get(), c.property)));
    notifyDirty();
    if (strategy == EntityTableModel::EditStrategy::OnFieldChange && rows.at(row).state == RowState::Clean)
        return q->submitAll();
    return true;
}

void EntityTableModelPrivate::applyValue(const std::shared_ptr<Entity> &entity, int column, const QVariant &value)
{
    const QScopedValueRollback guard(applyingUndo, true);
    const int row = rowOf.value(entity.get(), -1);
    if (const int shown = columnEditing(column); row >= 0 && shown >= 0) {
        (void)writeValue(row, shown, value, false);
        return;
    }
    // Not shown (any more): written to the entity all the same, as the command says.
    if (session)
        if (auto changed = session->setValue(entity.get(), meta->columns()[column].property, value); !changed)
            report(changed.error());
    if (row >= 0)
        repaintRow(row);
    else if (entity->isDirty())
        edited.insert(entity.get(), entity);
    notifyDirty();
}

bool EntityTableModelPrivate::markRemoved(int row)
{
    if (!loaded(row).entity)
        return false;
    const RowState before = rows.at(row).state;
    if (before == RowState::Removed)
        return true;
    if (before == RowState::Inserted) {
        dropRow(row);
        return true;
    }
    setState(row, RowState::Removed);
    Q_EMIT q->headerDataChanged(Qt::Vertical, row, row);
    if (!columns.isEmpty())
        Q_EMIT q->dataChanged(q->index(row, 0), q->index(row, int(columns.size()) - 1)); // RowStateRole, flags
    return true;
}

void EntityTableModelPrivate::unmarkRemoved(int row)
{
    if (rows.at(row).state != RowState::Removed)
        return;
    setState(row, RowState::Clean);
    repaintRow(row);
}

void EntityTableModelPrivate::loadMissingRelations()
{
    relationLoadScheduled = false;
    const QSet<int> wanted = std::exchange(missingRelations, {});
    if (!session || wanted.isEmpty())
        return;
    QList<std::shared_ptr<Entity>> stored;
    int first = int(rows.size()), last = -1;
    for (int row : wanted) {
        if (row < 0 || row >= rows.size())
            continue;
        first = qMin(first, row);
        last = qMax(last, row);
        ModelRow &r = rows[row];
        if (!r.entity)
            continue; // evicted since (windowed): its page loads its relations when read again
        if (r.entity->entityState() != Entity::State::Transient) {
            stored.append(r.entity);
            continue;
        }
        // A new row is not in the session yet: its targets are looked up by key, and held here.
        for (int c = 0; c < columns.size(); ++c) {
            const ColumnInfo &info = columns.at(c);
            if (!info.relation)
                continue;
            const ColumnMeta &fk = meta->columns()[info.relation->foreignKeyColumn];
            const QVariant key = fk.type->toValue(*fk.type, fk.metaProperty.read(r.entity.get()));
            if (!key.isValid())
                continue;
            auto target = session->get(*info.relation->target, key);
            if (!target) {
                report(target.error());
                continue;
            }
            insertTargets[r.entity.get()].insert(info.relation->name, target.value());
        }
    }
    int firstColumn = int(columns.size()), lastColumn = -1;
    for (int c = 0; c < columns.size(); ++c) {
        if (!columns.at(c).relation)
            continue;
        firstColumn = qMin(firstColumn, c);
        lastColumn = qMax(lastColumn, c);
    }
    if (Error e = loadRelations(stored); e.isValid()) {
        report(e);
        return;
    }
    if (last >= 0 && lastColumn >= 0)
        Q_EMIT q->dataChanged(q->index(first, firstColumn), q->index(last, lastColumn));
}

std::shared_ptr<Entity> EntityTableModelPrivate::relatedOf(int row, const ColumnInfo &info) const
{
    const ModelRow &r = rows.at(row);
    const ColumnMeta &fk = meta->columns()[info.relation->foreignKeyColumn];
    const QVariant key = fk.type->toValue(*fk.type, fk.metaProperty.read(r.entity.get()));
    if (!key.isValid())
        return {};
    std::shared_ptr<Entity> target;
    if (r.entity->entityState() == Entity::State::Transient) {
        target = insertTargets.value(r.entity.get()).value(info.relation->name);
        if (target) { // still the one the key names?
            const ColumnMeta &tk = info.targetMeta->columns()[info.targetMeta->primaryKey().first()];
            if (tk.type->toValue(*tk.type, tk.metaProperty.read(target.get())) != key)
                target.reset();
        }
    } else {
        target = session->loadedRelated(r.entity.get(), info.relation->name);
    }
    if (!target) {
        // Never a SELECT from data(): loaded once the event loop runs, then repainted.
        missingRelations.insert(row);
        if (!relationLoadScheduled) {
            relationLoadScheduled = true;
            auto *self = const_cast<EntityTableModelPrivate *>(this);
            QMetaObject::invokeMethod(q, [self] { self->loadMissingRelations(); }, Qt::QueuedConnection);
        }
    }
    return target;
}

// --- undo commands ------------------------------------------------------------------------------

EditCommand::EditCommand(EntityTableModelPrivate *d, std::shared_ptr<Entity> entity, int column, QVariant before, QVariant after)
    : m_d(d), m_model(d->q), m_entity(std::move(entity)), m_column(column), m_before(std::move(before)), m_after(std::move(after))
{
    setText(EntityTableModel::tr("Edit %1").arg(readableLabel(d->meta->columns()[column].property)));
}

void EditCommand::undo()
{
    if (m_model)
        m_d->applyValue(m_entity, m_column, m_before);
}

void EditCommand::redo()
{
    if (std::exchange(m_first, false))
        return; // pushed after the edit was made
    if (m_model)
        m_d->applyValue(m_entity, m_column, m_after);
}

bool EditCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const EditCommand *>(other);
    if (next->m_entity != m_entity || next->m_column != m_column)
        return false;
    m_after = next->m_after;
    return true;
}

RowsCommand::RowsCommand(EntityTableModelPrivate *d, Kind kind, QList<Item> items)
    : m_d(d), m_model(d->q), m_kind(kind), m_items(std::move(items))
{
    const int n = int(m_items.size());
    setText(kind == Kind::Insert ? EntityTableModel::tr("Insert %n row(s)", nullptr, n)
                                 : EntityTableModel::tr("Remove %n row(s)", nullptr, n));
}

void RowsCommand::undo()
{
    if (m_model)
        m_kind == Kind::Insert ? m_d->takeBackInsert(m_items) : m_d->takeBackRemoval(m_items);
}

void RowsCommand::redo()
{
    if (std::exchange(m_first, false) || !m_model)
        return;
    m_kind == Kind::Insert ? m_d->takeBackRemoval(m_items) : m_d->takeBackInsert(m_items);
}

void EntityTableModelPrivate::takeBackInsert(QList<RowsCommand::Item> &items)
{
    // Undo of an insert (or redo of a removal): the rows go — at once when never saved, else
    // marked for removal like removeRows().
    const QScopedValueRollback guard(applyingUndo, true);
    bool removeSaved = false;
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
        const int row = rowOf.value(it->entity.get(), -1);
        if (row < 0)
            continue;
        removeSaved = removeSaved || rows.at(row).state != RowState::Inserted;
        it->row = row;
        (void)markRemoved(row);
    }
    notifyDirty();
    if (removeSaved && strategy != EntityTableModel::EditStrategy::OnManualSubmit)
        (void)q->submitAll();
}

void EntityTableModelPrivate::takeBackRemoval(QList<RowsCommand::Item> &items)
{
    // Undo of a removal (or redo of an insert): rows still marked lose the mark; rows gone
    // come back as new rows (a saved removal is undone by inserting the row again).
    const QScopedValueRollback guard(applyingUndo, true);
    for (RowsCommand::Item &item : items) {
        const int row = rowOf.value(item.entity.get(), -1);
        if (row >= 0) {
            unmarkRemoved(row);
            continue;
        }
        if (item.entity->entityState() != Entity::State::Transient) {
            Error error;
            auto copy = copyOf(item.entity.get(), &error);
            if (!copy) {
                report(error);
                continue;
            }
            item.entity = copy;
        }
        insertEntities(qBound(0, item.row, int(rows.size())), { item.entity }, RowState::Inserted);
    }
    notifyDirty();
}

// --- EntityTableModel ---------------------------------------------------------------------------

EntityTableModel::EntityTableModel(Session *session, const QMetaObject &entityClass, QObject *parent)
    : QAbstractTableModel(parent), d(new EntityTableModelPrivate)
{
    d->q = this;
    d->session = session;
    d->entityClass = &entityClass;
    auto meta = EntityMeta::of(entityClass);
    if (meta)
        d->meta = meta.value();
    else
        d->lastError = meta.error();
    d->query = QueryBase(session, &entityClass);
    d->resolveColumns();
    if (!session) {
        d->lastError = EntityTableModelPrivate::sessionGone();
        return;
    }
    // The session may die first: drop the rows (their entities are detached) and say so.
    connect(session, &QObject::destroyed, this, [this] {
        beginResetModel();
        d->rows.clear();
        d->missingRelations.clear();
        d->rowOf.clear();
        d->edited.clear();
        d->pendingRows = 0;
        d->atEnd = true;
        endResetModel();
        if (d->undo)
            d->undo->clear();
        d->notifyDirty();
        d->report(EntityTableModelPrivate::sessionGone());
    });
    // Another model or the application may roll back the shared session: every unsaved value
    // is back to what is stored, and undoing what the stack holds would make no sense.
    connect(session, &Session::rolledBack, this, [this] {
        d->repaintAll();
        if (d->undo)
            d->undo->clear();
        d->notifyDirty();
    });
    // The change stream: an edit made anywhere (another model, a form, the application) repaints
    // the cells that show it here, and the row's dirty marker.
    connect(session, &Session::entityChanged, this, [this](Entity *entity, const QStringList &properties) {
        const int row = d->rowOf.value(entity, -1);
        if (row < 0 || row >= d->rows.size() || d->rows.at(row).entity.get() != entity)
            return;
        const QList<int> shown = d->columnsShowing(properties);
        if (!shown.isEmpty())
            Q_EMIT dataChanged(index(row, shown.first()), index(row, shown.last()));
        Q_EMIT headerDataChanged(Qt::Vertical, row, row);
        d->notifyDirty();
    });
    // A commit made elsewhere saved what this model had changed too.
    connect(session, &Session::committed, this, [this] {
        d->edited.removeIf([](const auto &it) { return !it.value()->isDirty(); });
        if (!d->rows.isEmpty())
            Q_EMIT headerDataChanged(Qt::Vertical, 0, int(d->rows.size()) - 1);
        d->notifyDirty();
    });
}

EntityTableModel::~EntityTableModel() = default;

Session *EntityTableModel::session() const
{
    return d->session;
}

const QMetaObject *EntityTableModel::entityClass() const
{
    return d->entityClass;
}

void EntityTableModel::setQuery(const QueryBase &query)
{
    d->query = query;
}

QueryBase EntityTableModel::query() const
{
    return d->query;
}

QueryBase EntityTableModel::effectiveQuery() const
{
    return d->effectiveQuery();
}

void EntityTableModel::setColumns(const QStringList &paths)
{
    beginResetModel();
    d->paths = paths;
    d->headerOverrides.clear();
    const Error before = d->lastError;
    d->lastError = Error();
    d->resolveColumns();
    endResetModel();
    if (d->lastError.isValid())
        Q_EMIT errorOccurred(d->lastError);
    else
        d->lastError = before;
}

QStringList EntityTableModel::columns() const
{
    QStringList out;
    for (const ColumnInfo &c : std::as_const(d->columns))
        out.append(c.path);
    return out;
}

int EntityTableModel::columnOf(const QString &path) const
{
    for (int c = 0; c < d->columns.size(); ++c)
        if (d->columns.at(c).path == path)
            return c;
    return -1;
}

const RelationMeta *EntityTableModel::relationAt(int column) const
{
    if (column < 0 || column >= d->columns.size() || !d->columns.at(column).relationColumn)
        return nullptr;
    return d->columns.at(column).relation;
}

void EntityTableModel::setPageSize(int rows)
{
    d->pageSize = qMax(1, rows);
}

int EntityTableModel::pageSize() const
{
    return d->pageSize;
}

void EntityTableModel::setPaging(Paging paging)
{
    d->paging = paging;
}

EntityTableModel::Paging EntityTableModel::paging() const
{
    return d->paging;
}

void EntityTableModel::setCachedPages(int pages)
{
    d->cachedPages = qMax(2, pages);
}

int EntityTableModel::cachedPages() const
{
    return d->cachedPages;
}

int EntityTableModel::loadedRowCount() const
{
    return int(std::count_if(d->rows.cbegin(), d->rows.cend(), [](const ModelRow &r) { return bool(r.entity); }));
}

void EntityTableModel::setEditStrategy(EditStrategy strategy)
{
    d->strategy = strategy;
}

EntityTableModel::EditStrategy EntityTableModel::editStrategy() const
{
    return d->strategy;
}

void EntityTableModel::setFilter(const Expr &condition)
{
    d->filter = condition;
    if (d->selected)
        select();
}

Expr EntityTableModel::filter() const
{
    return d->filter;
}

void EntityTableModel::setSearch(const QString &text, const QStringList &columns)
{
    const bool changed = text != d->search;
    d->search = text;
    d->searchColumns = columns;
    if (d->selected)
        select();
    if (changed)
        Q_EMIT searchChanged(text);
}

QString EntityTableModel::searchText() const
{
    return d->search;
}

void EntityTableModel::setMaster(QItemSelectionModel *masterSelection, const QString &relation)
{
    if (d->masterSelection)
        disconnect(d->masterSelection, nullptr, this, nullptr);
    d->masterSelection = masterSelection;
    if (!masterSelection) {
        setMasterEntity(nullptr, QString());
        return;
    }
    // The master's entity behind the selection's index, through proxy models.
    auto entityAt = [](const QModelIndex &current) -> std::shared_ptr<Entity> {
        const QModelIndex index = sourceIndex(current);
        const auto *model = qobject_cast<const EntityTableModel *>(index.model());
        return model && index.isValid() ? model->entity(index.row()) : nullptr;
    };
    const QAbstractItemModel *source = masterSelection->model();
    while (auto *proxy = qobject_cast<const QAbstractProxyModel *>(source))
        source = proxy->sourceModel();
    if (!qobject_cast<const EntityTableModel *>(source)) {
        d->report(Error(Error::Kind::InvalidState, QStringLiteral("setMaster(): the selection's model is not a qorm::EntityTableModel")));
        return;
    }
    connect(masterSelection, &QItemSelectionModel::currentRowChanged, this,
            [this, relation, entityAt](const QModelIndex &current) { setMasterEntity(entityAt(current), relation); });
    setMasterEntity(entityAt(masterSelection->currentIndex()), relation);
}

void EntityTableModel::setMasterEntity(const std::shared_ptr<Entity> &master, const QString &relation)
{
    if (relation.isEmpty()) {
        d->master.reset();
        d->masterRelation = nullptr;
    } else {
        const RelationMeta *r = d->meta ? d->meta->relation(relation) : nullptr;
        if (!r || r->kind != RelationMeta::Kind::ManyToOne) {
            d->report(Error(Error::Kind::UnknownColumn,
                            QStringLiteral("setMaster(): %1 has no many-to-one relation '%2'")
                                    .arg(d->meta ? d->meta->className() : QString(), relation)));
            return;
        }
        if (master && !master->metaObject()->inherits(r->target)) {
            d->report(Error(Error::Kind::TypeMismatch,
                            QStringLiteral("setMaster(): %1.%2 refers to %3, not to %4")
                                    .arg(d->meta->className(), relation, QString::fromLatin1(r->target->className()),
                                         QString::fromLatin1(master->metaObject()->className()))));
            return;
        }
        d->masterRelation = r;
        d->master = master;
    }
    select();
}

QModelIndex EntityTableModel::sourceIndex(const QModelIndex &index)
{
    QModelIndex source = index;
    while (auto *proxy = qobject_cast<const QAbstractProxyModel *>(source.model()))
        source = proxy->mapToSource(source);
    return source;
}

std::shared_ptr<Entity> EntityTableModel::masterEntity() const
{
    return d->master;
}

void EntityTableModel::setUndoStack(QUndoStack *stack)
{
    d->undo = stack;
}

QUndoStack *EntityTableModel::undoStack() const
{
    return d->undo;
}

std::shared_ptr<Entity> EntityTableModel::entity(int row) const
{
    return row >= 0 && row < d->rows.size() ? d->loaded(row).entity : nullptr;
}

int EntityTableModel::rowOf(const Entity *entity) const
{
    return d->rowOf.value(entity, -1);
}

EntityTableModel::RowState EntityTableModel::rowState(int row) const
{
    return d->stateOf(row);
}

bool EntityTableModel::isDirty() const
{
    return d->modelDirty();
}

bool EntityTableModel::isDirty(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return false;
    const ModelRow &r = d->rows.at(index.row());
    if (r.state != RowState::Clean)
        return true;
    if (!r.entity)
        return false; // not in memory: nothing unsaved
    const ColumnInfo &info = d->columns.at(index.column());
    if (info.relation && !info.relationColumn)
        return false;
    return r.entity->dirtyProperties().contains(d->meta->columns()[info.column].property);
}

Error EntityTableModel::lastError() const
{
    return d->lastError;
}

QModelIndex EntityTableModel::errorIndex() const
{
    const int row = d->rowOf.value(d->failedEntity.lock().get(), -1);
    if (row < 0)
        return {};
    return index(row, qMax(0, d->failedColumnShown));
}

qint64 EntityTableModel::totalRowCount() const
{
    if (!d->session || !d->meta)
        return -1;
    auto counted = d->effectiveQuery().autoflush(false).count();
    if (!counted)
        return -1;
    qint64 inserted = 0;
    for (const ModelRow &r : std::as_const(d->rows))
        inserted += r.state == RowState::Inserted;
    return counted.value() + inserted;
}

bool EntityTableModel::select()
{
    if (!d->meta) {
        Q_EMIT errorOccurred(d->lastError);
        return false;
    }
    const QScopedValueRollback guard(d->fetching, true);
    d->selected = true;
    beginResetModel();
    // Unsaved work survives: inserted rows stay (first), marks for removal stay on rows still
    // matched. The old rows are held until the new ones are read, so that the identity map
    // gives back the same objects (a pointer freed and reused would carry a mark to another row).
    const QList<ModelRow> previous = std::exchange(d->rows, {});
    QList<ModelRow> kept;
    QSet<const Entity *> removed;
    for (const ModelRow &r : previous) {
        if (r.state == RowState::Inserted)
            kept.append(r);
        else if (r.state == RowState::Removed)
            removed.insert(r.entity.get());
    }
    d->pendingRows = int(kept.size());
    d->missingRelations.clear();
    d->atEnd = false;
    d->fetchedFromDatabase = 0;
    d->lastKey = QVariant();
    if (d->windowed()) {
        const Error e = d->session ? d->selectWindow(kept) : EntityTableModelPrivate::sessionGone();
        for (int r = int(kept.size()); r < d->rows.size() && !removed.isEmpty(); ++r)
            if (d->rows.at(r).entity && removed.contains(d->rows.at(r).entity.get()))
                d->setState(r, RowState::Removed);
        d->lastError = e;
        if (e.isValid()) {
            d->rows.clear();
            d->rowOf.clear();
            d->pendingRows = 0;
            d->insertedRows = 0;
        }
        endResetModel();
        d->notifyDirty();
        if (e.isValid())
            Q_EMIT errorOccurred(e);
        return !e.isValid();
    }
    d->rows = kept;
    d->insertedRows = int(kept.size());
    d->reindex(0);
    auto page = d->fetchPage();
    if (page) {
        for (auto &e : page.value())
            d->rows.append(ModelRow{ std::move(e), int(d->rows.size()) - d->insertedRows, RowState::Clean });
        for (int r = int(kept.size()); r < d->rows.size(); ++r)
            if (removed.contains(d->rows.at(r).entity.get()))
                d->setState(r, RowState::Removed);
        d->lastError = Error();
        d->reindex(0);
    } else {
        d->atEnd = true;
        d->lastError = page.error();
    }
    endResetModel();
    d->notifyDirty();
    if (!page)
        Q_EMIT errorOccurred(d->lastError);
    return bool(page);
}

int EntityTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(d->rows.size());
}

int EntityTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(d->columns.size());
}

bool EntityTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !d->atEnd && !d->fetching && !d->windowed();
}

void EntityTableModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || d->atEnd || d->fetching || d->windowed())
        return;
    const QScopedValueRollback guard(d->fetching, true);
    auto page = d->fetchPage();
    if (!page) {
        d->atEnd = true;
        d->report(page.error());
        return;
    }
    if (page.value().isEmpty())
        return;
    const int first = int(d->rows.size());
    beginInsertRows({}, first, first + int(page.value().size()) - 1);
    for (auto &e : page.value())
        d->rows.append(ModelRow{ std::move(e), int(d->rows.size()) - d->insertedRows, RowState::Clean });
    d->reindex(first);
    endInsertRows();
}

QVariant EntityTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    int column = index.column();
    if (role > Qt::UserRole && role <= Qt::UserRole + int(d->columns.size())) {
        column = role - Qt::UserRole - 1;
        role = Qt::DisplayRole;
    }
    const ColumnInfo &info = d->columns.at(column);
    const ColumnMeta &own = d->meta->columns()[info.column];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole: {
        if (!d->session)
            return {};
        // The common case first: a row in memory outside windowed paging (no page bookkeeping).
        const ModelRow &row = std::as_const(d->rows).at(index.row());
        const Entity *e = row.entity && !d->windowed() ? row.entity.get() : d->loaded(index.row()).entity.get();
        if (!e)
            return {};
        if (!info.relation || (info.relationColumn && role == Qt::EditRole)) // a relation column edits its key
            return presentable(own, d->session->value(e, own.property));
        const auto target = d->relatedOf(index.row(), info);
        if (!target)
            return {};
        const ColumnMeta &tc = info.targetMeta->columns()[info.targetColumn];
        return presentable(tc, d->session->value(target.get(), tc.property));
    }
    case Qt::TextAlignmentRole: {
        const ColumnMeta &c = info.relation ? info.targetMeta->columns()[info.targetColumn] : own;
        switch (c.type->sqlType) {
        case SqlType::Int32:
        case SqlType::Int64:
        case SqlType::Double:
        case SqlType::Decimal:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    case Qt::ToolTipRole:
        if (index == errorIndex())
            return d->lastError.toString();
        return {};
    case RowStateRole:
        return int(d->stateOf(index.row()));
    case DirtyRole:
        return isDirty(index);
    default:
        return {};
    }
}

bool EntityTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return false;
    if (d->priming || !(flags(index) & Qt::ItemIsEditable))
        return false;
    return d->writeValue(index.row(), index.column(), value, !d->applyingUndo);
}

QVariant EntityTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= d->columns.size())
            return {};
        if (role == Qt::DisplayRole || role == Qt::EditRole) {
            const QVariant custom = d->headerOverrides.value(section);
            return custom.isValid() ? custom : QVariant(readableLabel(d->columns.at(section).path));
        }
        return {};
    }
    if (section < 0 || section >= d->rows.size())
        return {};
    if (role == Qt::DisplayRole) {
        // QSqlTableModel's markers: "*" for an insert, "!" for a delete; changed rows "* n".
        switch (d->stateOf(section)) {
        case RowState::Inserted:
            return QStringLiteral("*");
        case RowState::Removed:
            return QStringLiteral("!");
        case RowState::Changed:
            return QString(QStringLiteral("* ") + QString::number(section + 1));
        case RowState::Clean:
            break;
        }
        return QString::number(section + 1);
    }
    return {};
}

bool EntityTableModel::setHeaderData(int section, Qt::Orientation orientation, const QVariant &value, int role)
{
    if (orientation != Qt::Horizontal || section < 0 || section >= d->columns.size()
        || (role != Qt::DisplayRole && role != Qt::EditRole))
        return false;
    d->headerOverrides.insert(section, value);
    Q_EMIT headerDataChanged(orientation, section, section);
    return true;
}

Qt::ItemFlags EntityTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    if (!d->columns.at(index.column()).editable || d->rows.at(index.row()).state == RowState::Removed)
        return f;
    // As QSqlTableModel: with a strategy that commits row by row, one dirty row at a time.
    if (d->strategy != EditStrategy::OnManualSubmit && !d->rowDirty(index.row()) && d->modelDirty())
        return f;
    return f | Qt::ItemIsEditable;
}

bool EntityTableModel::insertRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || row > rowCount() || count < 1 || !d->meta)
        return false;
    if (d->strategy != EditStrategy::OnManualSubmit && (count != 1 || d->modelDirty()))
        return false;
    QList<std::shared_ptr<Entity>> created;
    for (int i = 0; i < count; ++i) {
        Error error;
        auto e = d->newRowEntity(&error);
        if (!e) {
            d->report(error);
            return false;
        }
        created.append(std::move(e));
    }
    beginInsertRows({}, row, row + count - 1);
    for (int i = 0; i < count; ++i) {
        d->rows.insert(row + i, ModelRow{ created.at(i), -1, RowState::Clean });
        d->setState(row + i, RowState::Inserted);
    }
    d->insertedRows += count;
    d->reindex(row);
    {
        // As in Qt, setData() refuses while rows are primed: set the entity's properties instead.
        const QScopedValueRollback priming(d->priming, true);
        for (int i = 0; i < count; ++i)
            Q_EMIT primeInsert(row + i, created.at(i).get());
    }
    endInsertRows();
    if (d->undo && !d->applyingUndo) {
        QList<RowsCommand::Item> items;
        for (int i = 0; i < count; ++i)
            items.append({ created.at(i), row + i });
        d->undo->push(new RowsCommand(d.get(), RowsCommand::Kind::Insert, items));
    }
    d->notifyDirty();
    return true;
}

bool EntityTableModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count < 1 || row + count > rowCount())
        return false;
    if (d->strategy != EditStrategy::OnManualSubmit
        && (count != 1 || (d->modelDirty() && !d->rowDirty(row))))
        return false;
    QList<RowsCommand::Item> items;
    bool storedRows = false;
    // Backwards: inserted rows leave at once and must not shift the rows still to visit.
    for (int r = row + count - 1; r >= row; --r) {
        items.prepend({ d->rows.at(r).entity, r });
        storedRows = storedRows || d->rows.at(r).state != RowState::Inserted;
        (void)d->markRemoved(r);
    }
    if (d->undo && !d->applyingUndo)
        d->undo->push(new RowsCommand(d.get(), RowsCommand::Kind::Remove, items));
    d->notifyDirty();
    if (storedRows && d->strategy != EditStrategy::OnManualSubmit)
        return submitAll();
    return true;
}

void EntityTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= d->columns.size())
        return;
    // A relation is sorted by the text it shows, in SQL (a join along the path); paging adds
    // the primary key as the tiebreak.
    d->query = d->query.unordered().orderBy(d->shownPath(d->columns.at(column)), order);
    select();
}

QHash<int, QByteArray> EntityTableModel::roleNames() const
{
    QHash<int, QByteArray> roles = QAbstractTableModel::roleNames();
    for (qsizetype i = 0; i < d->columns.size(); ++i)
        roles.insert(Qt::UserRole + 1 + int(i), d->columns.at(i).path.toUtf8());
    roles.insert(RowStateRole, QByteArrayLiteral("rowState"));
    roles.insert(DirtyRole, QByteArrayLiteral("dirty"));
    return roles;
}

Error EntityTableModelPrivate::stage(QList<std::shared_ptr<Entity>> *staged, std::shared_ptr<Entity> *refused)
{
    // This model's inserts and removals, in row order, as QSqlTableModel submits its cache.
    for (int row = 0; row < rows.size(); ++row) {
        const ModelRow &r = rows.at(row);
        if (!r.entity)
            continue; // windowed, not in memory: nothing unsaved
        Error error;
        switch (r.state) {
        case RowState::Inserted:
            Q_EMIT q->beforeInsert(row, r.entity.get());
            error = session->add(r.entity);
            break;
        case RowState::Removed:
            Q_EMIT q->beforeDelete(row, r.entity.get());
            error = session->remove(r.entity);
            break;
        case RowState::Clean:
        case RowState::Changed:
            if (edited.contains(r.entity.get()) && r.entity->isDirty())
                Q_EMIT q->beforeUpdate(row, r.entity.get());
            continue;
        }
        if (error.isValid()) {
            *refused = r.entity;
            return error;
        }
        staged->append(r.entity);
    }
    return {};
}

void EntityTableModelPrivate::unstage(const QList<std::shared_ptr<Entity>> &staged)
{
    // Nothing was written: what was staged goes back to being the model's alone (inserted
    // rows Transient, removed rows Persistent with their cascades undone).
    for (auto it = staged.crbegin(); it != staged.crend(); ++it)
        if ((*it)->session() == session)
            (void)session->revert(it->get());
}

void EntityTableModelPrivate::refuse(const Error &error, const std::shared_ptr<Entity> &refused)
{
    clearFailure();
    const int row = rowOf.value(refused.get(), -1);
    if (row >= 0) {
        failedEntity = refused;
        failedColumnShown = error.propertyName().isEmpty() ? -1 : columnEditing(meta->columnIndex(error.propertyName()));
    }
    report(error);
    if (row >= 0)
        repaintRow(row);
}

void EntityTableModelPrivate::saved()
{
    // Saved: removed rows leave, inserted rows are stored rows now.
    clearFailure();
    bool insertedSaved = false;
    for (int row = int(rows.size()) - 1; row >= 0; --row) {
        if (rows.at(row).state == RowState::Removed)
            dropRow(row);
        else if (rows.at(row).state == RowState::Inserted) {
            setState(row, RowState::Clean);
            insertedSaved = true;
        }
    }
    insertTargets.clear();
    // The rows' places in the query's order, without the rows deleted.
    int position = 0;
    for (ModelRow &r : rows)
        if (r.dbIndex >= 0)
            r.dbIndex = position++;
    fetchedFromDatabase = position;
    edited.clear();
    lastError = Error();
    repaintAll(); // generated keys, markers
    notifyDirty();
    if (insertedSaved && windowed())
        q->select(); // the new rows take their places in the order (and in the COUNT)
    Q_EMIT q->rowsSaved();
}

bool EntityTableModel::submitAll()
{
    return submitAll({ this });
}

bool EntityTableModel::submitAll(const QList<EntityTableModel *> &models)
{
    Session *session = nullptr;
    for (EntityTableModel *m : models) {
        if (!m->d->session) {
            m->d->report(EntityTableModelPrivate::sessionGone());
            return false;
        }
        if (session && m->d->session != session) {
            m->d->report(Error(Error::Kind::InvalidState, QStringLiteral("submitAll(): the models do not share one session")));
            return false;
        }
        session = m->d->session;
    }
    if (!session)
        return true;
    // Every model's rows are staged, then one commit writes them with the rest of the session.
    QList<QList<std::shared_ptr<Entity>>> staged(models.size());
    std::shared_ptr<Entity> refused;
    Error error;
    qsizetype failing = -1;
    for (qsizetype i = 0; i < models.size() && !error.isValid(); ++i)
        if ((error = models.at(i)->d->stage(&staged[i], &refused)).isValid())
            failing = i;
    if (!error.isValid())
        error = session->commit();
    if (error.isValid()) {
        for (qsizetype i = models.size() - 1; i >= 0; --i)
            models.at(i)->d->unstage(staged.at(i));
        if (!refused)
            refused = error.entity();
        // The model showing the refused row marks it; the others report the same error.
        for (qsizetype i = 0; i < models.size() && failing < 0; ++i)
            if (models.at(i)->d->rowOf.contains(refused.get()))
                failing = i;
        for (qsizetype i = 0; i < models.size(); ++i)
            models.at(i)->d->refuse(error, i == failing ? refused : nullptr);
        return false;
    }
    for (EntityTableModel *m : models)
        m->d->saved();
    return true;
}

void EntityTableModel::revertAll()
{
    for (int row = int(d->rows.size()) - 1; row >= 0; --row)
        d->revertRow(row);
    // Entities changed through this model that it no longer shows.
    const auto edited = std::exchange(d->edited, {});
    for (const auto &e : edited)
        if (d->session && e->isDirty())
            (void)d->session->revert(e.get());
    if (d->undo)
        d->undo->clear();
    d->notifyDirty();
}

void EntityTableModel::revertRow(int row)
{
    if (row < 0 || row >= d->rows.size())
        return;
    d->revertRow(row);
    d->notifyDirty();
}

void EntityTableModelPrivate::revertRow(int row)
{
    ModelRow &r = rows[row];
    if (!r.entity)
        return; // windowed, not in memory: nothing unsaved
    if (failedEntity.lock() == r.entity)
        clearFailure();
    if (r.state == RowState::Inserted) {
        dropRow(row);
        return;
    }
    const bool wasRemoved = r.state == RowState::Removed;
    setState(row, RowState::Clean);
    if (edited.remove(r.entity.get()) && session && r.entity->isDirty())
        (void)session->revert(r.entity.get());
    if (wasRemoved)
        repaintRow(row);
    else
        Q_EMIT q->headerDataChanged(Qt::Vertical, row, row);
}

bool EntityTableModel::submit()
{
    if (d->strategy == EditStrategy::OnManualSubmit)
        return true;
    return submitAll();
}

void EntityTableModel::revert()
{
    if (d->strategy != EditStrategy::OnManualSubmit)
        revertAll();
}

} // namespace qorm
