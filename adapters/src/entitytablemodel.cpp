// SPDX-License-Identifier: MIT
#include <qorm/entitytablemodel.h>

#include <qorm/decimal.h>
#include <qorm/entity.h>
#include <qorm/entitymeta.h>
#include <qorm/session.h>

#include <QHash>
#include <QPointer>
#include <QSet>
#include <QScopedValueRollback>

#include <utility>

namespace qorm {

namespace {

struct ColumnInfo
{
    QString path;
    int column = -1;                       //!< Own column index, or the foreign key for a relation path.
    const RelationMeta *relation = nullptr;
    const EntityMeta *targetMeta = nullptr;
    int targetColumn = -1;                 //!< Column of the related entity.
    bool editable = false;
    bool relationColumn = false;           //!< The relation itself ("album"): its display text, edited through the key.
};

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

} // namespace

class EntityTableModelPrivate
{
public:
    QPointer<Session> session; //!< Guarded: a model whose session is deleted empties itself and says so.
    const QMetaObject *entityClass = nullptr;
    const EntityMeta *meta = nullptr;
    QueryBase query;
    QStringList paths;
    QList<ColumnInfo> columns;
    QList<std::shared_ptr<Entity>> rows;
    QHash<const Entity *, int> rowOf; //!< Entity -> row, for the session's change stream.
    /*! Rows whose relation cells data() could not answer from memory; loaded once the event loop runs. */
    QSet<int> missingRelations;
    bool relationLoadScheduled = false;
    QHash<int, QVariant> headerOverrides;
    int pageSize = 256;
    bool atEnd = true;
    bool fetching = false; //!< Views and testers call fetchMore() re-entrantly from our own signals.
    EntityTableModel::EditStrategy strategy = EntityTableModel::EditStrategy::OnManualSubmit;
    Error lastError;

    void resolveColumns();
    /*! Rebuilds rowOf for the rows from \a first on. */
    void reindex(int first)
    {
        if (first == 0)
            rowOf.clear();
        for (int r = first; r < rows.size(); ++r)
            rowOf.insert(rows.at(r).get(), r);
    }
    /*! The model columns showing \a properties of the row's own entity (own columns and relation foreign keys). */
    QList<int> columnsShowing(const QStringList &properties) const
    {
        QList<int> shown;
        for (int i = 0; i < columns.size(); ++i) {
            const ColumnInfo &c = columns.at(i);
            if (c.column >= 0 && properties.contains(meta->columns().at(c.column).property))
                shown.append(i);
        }
        return shown;
    }
    QueryBase pagedQuery() const;
    /*! Loads the related entities data() found missing (one IN query per relation) and repaints their cells. */
    void loadMissingRelations(EntityTableModel *q);
    Result<QList<std::shared_ptr<Entity>>> fetchPage();
    /*! The InvalidState error of a model whose session was deleted. */
    static Error sessionGone()
    {
        return Error(Error::Kind::InvalidState, QStringLiteral("the model's qorm::Session was deleted: the model is empty"));
    }
};

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

QueryBase EntityTableModelPrivate::pagedQuery() const
{
    QueryBase q = query.autoflush(false); // paging never writes a half-edited row (documented rule)
    if (q.ordering().isEmpty() && meta->primaryKey().size() == 1) {
        // Keyset paging in key order: "WHERE key > last ORDER BY key LIMIT n" costs the same for
        // every page, where OFFSET makes the database skip all earlier rows again (quadratic
        // over a whole table; measured in benchmarks W6).
        const ColumnMeta &key = meta->columns()[meta->primaryKey().first()];
        q = q.orderBy(key.property);
        if (!rows.isEmpty())
            q = q.where(Expr::column(key.property) > key.type->toValue(*key.type, key.metaProperty.read(rows.last().get())));
        return q.limit(pageSize);
    }
    if (q.ordering().isEmpty()) // offset paging needs a total order
        for (int c : meta->primaryKey())
            q = q.orderBy(meta->columns()[c].property);
    return q.limit(pageSize).offset(rows.size());
}

Result<QList<std::shared_ptr<Entity>>> EntityTableModelPrivate::fetchPage()
{
    if (!session)
        return sessionGone();
    auto page = pagedQuery().allEntities();
    if (!page)
        return page;
    QSet<QString> relations;
    for (const ColumnInfo &c : std::as_const(columns))
        if (c.relation)
            relations.insert(c.relation->name);
    for (const QString &r : std::as_const(relations))
        if (Error e = session->loadRelated(page.value(), r); e.isValid())
            return e;
    atEnd = page.value().size() < pageSize;
    return page;
}

void EntityTableModelPrivate::loadMissingRelations(EntityTableModel *q)
{
    relationLoadScheduled = false;
    const QSet<int> wanted = std::exchange(missingRelations, {});
    if (!session || wanted.isEmpty())
        return;
    QList<std::shared_ptr<Entity>> entities;
    int first = int(rows.size()), last = -1;
    for (int row : wanted) {
        if (row < 0 || row >= rows.size())
            continue;
        entities.append(rows.at(row));
        first = qMin(first, row);
        last = qMax(last, row);
    }
    QSet<QString> relations;
    int firstColumn = int(columns.size()), lastColumn = -1;
    for (int c = 0; c < columns.size(); ++c) {
        if (!columns.at(c).relation)
            continue;
        relations.insert(columns.at(c).relation->name);
        firstColumn = qMin(firstColumn, c);
        lastColumn = qMax(lastColumn, c);
    }
    for (const QString &r : std::as_const(relations)) {
        if (Error e = session->loadRelated(entities, r); e.isValid()) {
            lastError = e;
            Q_EMIT q->errorOccurred(e);
            return;
        }
    }
    if (last >= 0 && lastColumn >= 0)
        Q_EMIT q->dataChanged(q->index(first, firstColumn), q->index(last, lastColumn));
}

EntityTableModel::EntityTableModel(Session *session, const QMetaObject &entityClass, QObject *parent)
    : QAbstractTableModel(parent), d(new EntityTableModelPrivate)
{
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
        d->atEnd = true;
        endResetModel();
        d->lastError = EntityTableModelPrivate::sessionGone();
        Q_EMIT errorOccurred(d->lastError);
    });
    // Another model or the application may commit or roll back the shared session.
    connect(session, &Session::rolledBack, this, [this] {
        if (!d->rows.isEmpty() && !d->columns.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(d->rows.size()) - 1, int(d->columns.size()) - 1));
        if (!d->rows.isEmpty())
            Q_EMIT headerDataChanged(Qt::Vertical, 0, int(d->rows.size()) - 1);
    });
    // The change stream: an edit made anywhere (another model, a form, the application) repaints
    // the cells that show it here, and the row's dirty marker.
    connect(session, &Session::entityChanged, this, [this](Entity *entity, const QStringList &properties) {
        const int row = d->rowOf.value(entity, -1);
        if (row < 0 || row >= d->rows.size() || d->rows.at(row).get() != entity)
            return;
        const QList<int> shown = d->columnsShowing(properties);
        if (!shown.isEmpty())
            Q_EMIT dataChanged(index(row, shown.first()), index(row, shown.last()));
        Q_EMIT headerDataChanged(Qt::Vertical, row, row);
    });
    connect(session, &Session::committed, this, [this] {
        if (!d->rows.isEmpty())
            Q_EMIT headerDataChanged(Qt::Vertical, 0, int(d->rows.size()) - 1);
    });
}

EntityTableModel::~EntityTableModel() = default;

void EntityTableModel::setQuery(const QueryBase &query)
{
    d->query = query;
}

QueryBase EntityTableModel::query() const
{
    return d->query;
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

void EntityTableModel::setPageSize(int rows)
{
    d->pageSize = qMax(1, rows);
}

int EntityTableModel::pageSize() const
{
    return d->pageSize;
}

void EntityTableModel::setEditStrategy(EditStrategy strategy)
{
    d->strategy = strategy;
}

EntityTableModel::EditStrategy EntityTableModel::editStrategy() const
{
    return d->strategy;
}

std::shared_ptr<Entity> EntityTableModel::entity(int row) const
{
    return row >= 0 && row < d->rows.size() ? d->rows.at(row) : nullptr;
}

bool EntityTableModel::isDirty() const
{
    for (const auto &e : std::as_const(d->rows))
        if (e->isDirty())
            return true;
    return false;
}

Error EntityTableModel::lastError() const
{
    return d->lastError;
}

bool EntityTableModel::select()
{
    if (!d->meta) {
        Q_EMIT errorOccurred(d->lastError);
        return false;
    }
    const QScopedValueRollback guard(d->fetching, true);
    beginResetModel();
    d->rows.clear();
    d->missingRelations.clear();
    d->atEnd = false;
    auto page = d->fetchPage();
    if (page) {
        d->rows = page.value();
        d->lastError = Error();
        d->reindex(0);
    } else {
        d->rowOf.clear();
        d->atEnd = true;
        d->lastError = page.error();
    }
    endResetModel();
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
    return !parent.isValid() && !d->atEnd && !d->fetching;
}

void EntityTableModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || d->atEnd || d->fetching)
        return;
    const QScopedValueRollback guard(d->fetching, true);
    auto page = d->fetchPage();
    if (!page) {
        d->atEnd = true;
        d->lastError = page.error();
        Q_EMIT errorOccurred(d->lastError);
        return;
    }
    if (page.value().isEmpty())
        return;
    const int first = int(d->rows.size());
    beginInsertRows({}, first, first + int(page.value().size()) - 1);
    d->rows.append(page.value());
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
    const Entity *e = d->rows.at(index.row()).get();
    const ColumnMeta &own = d->meta->columns()[info.column];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole: {
        if (!d->session)
            return {};
        if (!info.relation || (info.relationColumn && role == Qt::EditRole)) // a relation column edits its key
            return presentable(own, d->session->value(e, own.property));
        // Never a SELECT from data(): the page's targets were loaded with it; one that is not in
        // memory (its foreign key was edited since) is loaded once the event loop runs.
        auto target = d->session->loadedRelated(e, info.relation->name);
        if (!target) {
            const ColumnMeta &fk = d->meta->columns()[info.relation->foreignKeyColumn];
            if (fk.type->toValue(*fk.type, fk.metaProperty.read(e)).isValid()) {
                d->missingRelations.insert(index.row());
                if (!d->relationLoadScheduled) {
                    d->relationLoadScheduled = true;
                    QMetaObject::invokeMethod(const_cast<EntityTableModel *>(this),
                                              [this] { d->loadMissingRelations(const_cast<EntityTableModel *>(this)); },
                                              Qt::QueuedConnection);
                }
            }
            return {};
        }
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
    default:
        return {};
    }
}

bool EntityTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return false;
    const ColumnInfo &info = d->columns.at(index.column());
    if (!info.editable)
        return false;
    Entity *e = d->rows.at(index.row()).get();
    const ColumnMeta &c = d->meta->columns()[info.column];
    if (!d->session) {
        d->lastError = EntityTableModelPrivate::sessionGone();
        Q_EMIT errorOccurred(d->lastError);
        return false;
    }
    // The session's one rule for an edit (exact conversion, NOT NULL, what the database stores),
    // through the column codec; the message names the column as the header does.
    auto changed = d->session->setValue(e, c.property, value);
    if (!changed) {
        d->lastError = changed.error();
        const QString prefix = d->meta->className() + u'.' + c.property + QStringLiteral(": ");
        if (d->lastError.message().startsWith(prefix))
            d->lastError.setMessage(readableLabel(info.path) + QStringLiteral(": ") + d->lastError.message().mid(prefix.size()));
        Q_EMIT errorOccurred(d->lastError);
        return false;
    }
    if (!changed.value())
        return true;
    // Relation columns of the same row may depend on the changed foreign key.
    Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), columnCount() - 1));
    Q_EMIT headerDataChanged(Qt::Vertical, index.row(), index.row());
    if (d->strategy == EditStrategy::OnFieldChange)
        return submitAll();
    return true;
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
        // QSqlTableModel marks changed rows in the vertical header too.
        const QString number = QString::number(section + 1);
        return d->rows.at(section)->isDirty() ? QString(QStringLiteral("* ") + number) : number;
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
    if (d->columns.at(index.column()).editable)
        f |= Qt::ItemIsEditable;
    return f;
}

void EntityTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= d->columns.size())
        return;
    const ColumnInfo &info = d->columns.at(column);
    // A relation is sorted by the text it shows, in SQL (a join along the path).
    const QString key = info.relation ? info.relation->name + u'.' + info.targetMeta->columns()[info.targetColumn].property
                                      : d->meta->columns()[info.column].property;
    d->query = d->query.unordered().orderBy(key, order);
    select();
}

QHash<int, QByteArray> EntityTableModel::roleNames() const
{
    QHash<int, QByteArray> roles = QAbstractTableModel::roleNames();
    for (qsizetype i = 0; i < d->columns.size(); ++i)
        roles.insert(Qt::UserRole + 1 + int(i), d->columns.at(i).path.toUtf8());
    return roles;
}

bool EntityTableModel::submitAll()
{
    const Error e = d->session ? d->session->commit() : EntityTableModelPrivate::sessionGone();
    if (e.isValid()) {
        d->lastError = e;
        Q_EMIT errorOccurred(e);
        return false;
    }
    d->lastError = Error();
    Q_EMIT rowsSaved();
    return true;
}

void EntityTableModel::revertAll()
{
    if (d->session)
        d->session->rollback();
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
