// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include <qorm/entitytablemodel.h>
#include <qorm/entitymeta.h>
#include <qorm/session.h>

#include <QHash>
#include <QItemSelectionModel>
#include <QPointer>
#include <QSet>
#include <QUndoCommand>
#include <QUndoStack>

#include <memory>

namespace qorm {

/*! One column of the model: an own property, a relation (its display text) or a relation path. */
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

/*!
 * One row: its entity and what is pending for it beyond the entity's own changes. Small on
 * purpose: with Paging::Windowed there is one per row of the result (24 bytes), most of them
 * without an entity.
 */
struct ModelRow
{
    std::shared_ptr<Entity> entity; //!< nullptr for a windowed row not in memory (never loaded, or evicted).
    int dbIndex = -1;               //!< Position in the query's order (windowed: the OFFSET it loads from); -1 for inserted rows.
    EntityTableModel::RowState state = EntityTableModel::RowState::Clean; //!< Clean, Inserted or Removed (Changed is the entity's).
};

class EntityTableModelPrivate;

/*! A cell edit made through the model: undo writes the value before, redo the value after. */
class EditCommand : public QUndoCommand
{
public:
    EditCommand(EntityTableModelPrivate *d, std::shared_ptr<Entity> entity, int column, QVariant before, QVariant after);
    void undo() override;
    void redo() override;
    int id() const override { return 0x716f726d; } // "qorm"
    bool mergeWith(const QUndoCommand *other) override;

private:
    EntityTableModelPrivate *m_d;
    QPointer<EntityTableModel> m_model; //!< Guards m_d: the stack may outlive the model.
    std::shared_ptr<Entity> m_entity;
    int m_column;
    QVariant m_before;
    QVariant m_after;
    bool m_first = true;
};

/*! Rows inserted or removed through the model. */
class RowsCommand : public QUndoCommand
{
public:
    enum class Kind { Insert, Remove };
    struct Item
    {
        std::shared_ptr<Entity> entity;
        int row;
    };
    RowsCommand(EntityTableModelPrivate *d, Kind kind, QList<Item> items);
    void undo() override;
    void redo() override;

private:
    EntityTableModelPrivate *m_d;
    QPointer<EntityTableModel> m_model; //!< Guards m_d: the stack may outlive the model.
    Kind m_kind;
    QList<Item> m_items;
    bool m_first = true;
};

class EntityTableModelPrivate
{
public:
    EntityTableModel *q = nullptr;
    QPointer<Session> session; //!< Guarded: a model whose session is deleted empties itself and says so.
    const QMetaObject *entityClass = nullptr;
    const EntityMeta *meta = nullptr;
    QueryBase query;
    Expr filter;
    QString search;
    QStringList searchColumns;
    QPointer<QItemSelectionModel> masterSelection;
    std::shared_ptr<Entity> master;
    const RelationMeta *masterRelation = nullptr;
    QStringList paths;
    QList<ColumnInfo> columns;
    QList<ModelRow> rows;
    QHash<const Entity *, int> rowOf; //!< Entity -> row, for the session's change stream.
    /*! Stored entities changed through this model (revertAll() reverts these only). */
    QHash<const Entity *, std::shared_ptr<Entity>> edited;
    int pendingRows = 0;               //!< Rows Inserted or Removed.
    /*! Related entities of inserted (Transient) rows, by relation name: the session does not track them yet. */
    QHash<const Entity *, QHash<QString, std::shared_ptr<Entity>>> insertTargets;
    EntityTableModel::Paging paging = EntityTableModel::Paging::Incremental;
    int cachedPages = 8;
    QList<int> pageLru;                //!< Windowed: the pages in memory, least recently used first.
    int insertedRows = 0;              //!< Rows with dbIndex -1 (windowed offsets skip them).
    /*! Rows whose relation cells data() could not answer from memory; loaded once the event loop runs. */
    mutable QSet<int> missingRelations;
    mutable bool relationLoadScheduled = false;
    QHash<int, QVariant> headerOverrides;
    int pageSize = 256;
    int fetchedFromDatabase = 0; //!< Rows the pages returned so far (OFFSET of the next page).
    QVariant lastKey;            //!< Key of the last row of the last page (keyset paging).
    bool atEnd = true;
    bool fetching = false; //!< Views and testers call fetchMore() re-entrantly from our own signals.
    bool selected = false; //!< select() ran: filters re-select.
    bool lastDirty = false;
    bool applyingUndo = false;
    bool priming = false; //!< Inside primeInsert(): setData() refuses (as QSqlTableModel).
    EntityTableModel::EditStrategy strategy = EntityTableModel::EditStrategy::OnManualSubmit;
    Error lastError;
    std::weak_ptr<Entity> failedEntity; //!< The row the last submit was refused for.
    int failedColumnShown = -1;          //!< The model column of the refused property.
    QPointer<QUndoStack> undo;

    void resolveColumns();
    /*! The path whose value column \a c shows (a relation column: the target's display property). */
    QString shownPath(const ColumnInfo &c) const;
    QueryBase effectiveQuery() const;
    QueryBase pagedQuery() const;
    QVariant masterKey() const;
    /*! The next page, without rows the model already shows. */
    Result<QList<std::shared_ptr<Entity>>> fetchPage();
    /*! Loads related entities of \a page for the relation columns (one IN query per relation). */
    Error loadRelations(const QList<std::shared_ptr<Entity>> &page);
    bool windowed() const { return paging == EntityTableModel::Paging::Windowed; }
    /*! The query in its total order (the primary key as the last key), for OFFSET paging. */
    QueryBase orderedQuery() const;
    /*! Windowed: makes sure \a row's entity is in memory (loading its page); the row. */
    ModelRow &loaded(int row);
    /*! Windowed: reads the page holding query position \a dbIndex into the rows, evicting the least recently used page. */
    Error loadPage(int page);
    /*! Windowed: the model row showing query position \a dbIndex, or -1. */
    int rowOfDbIndex(int dbIndex) const;
    /*! Windowed: drops the entities of \a page's clean rows (their slots stay). */
    void evictPage(int page);
    /*! Windowed: the first page of the result after a COUNT (select()). */
    Error selectWindow(QList<ModelRow> kept);
    /*! Rebuilds rowOf for the rows from \a first on. */
    void reindex(int first);
    /*! The model columns showing \a properties of the row's own entity (own columns and relation foreign keys). */
    QList<int> columnsShowing(const QStringList &properties) const;
    EntityTableModel::RowState stateOf(int row) const;
    bool modelDirty() const;
    /*! The row has unsaved work of this model. */
    bool rowDirty(int row) const;
    void setState(int row, EntityTableModel::RowState state);
    /*! Emits dirtyChanged() when isDirty() changed. */
    void notifyDirty();
    void report(const Error &e);
    void repaintRow(int row);
    /*! dataChanged() for every cell and headerDataChanged() for every row (values and markers may all have changed). */
    void repaintAll();
    /*! The model column that shows and edits mapped column \a column (its property, or the relation column whose key it is), or -1. */
    int columnEditing(int column) const;
    void insertEntities(int row, const QList<std::shared_ptr<Entity>> &entities, EntityTableModel::RowState state);
    void dropRow(int row);
    void clearFailure();
    std::shared_ptr<Entity> createEntity(Error *error) const;
    /*! A new row's entity: defaults, the master's key. */
    std::shared_ptr<Entity> newRowEntity(Error *error) const;
    /*! A Transient copy of \a entity's column values (undo of a saved removal). */
    std::shared_ptr<Entity> copyOf(const Entity *entity, Error *error) const;
    /*! setData() of column \a column in \a row, recording an undo command when \a recordUndo. */
    bool writeValue(int row, int column, const QVariant &value, bool recordUndo);
    /*! Undo/redo of an edit: writes \a value into mapped column \a column of \a entity. */
    void applyValue(const std::shared_ptr<Entity> &entity, int column, const QVariant &value);
    bool markRemoved(int row);
    void unmarkRemoved(int row);
    void revertRow(int row);
    void takeBackInsert(QList<RowsCommand::Item> &items);
    void takeBackRemoval(QList<RowsCommand::Item> &items);
    /*! submitAll(): stages the model's inserts and removals; the row that could not be staged in \a refused. */
    Error stage(QList<std::shared_ptr<Entity>> *staged, std::shared_ptr<Entity> *refused);
    /*! A failed submit: \a staged goes back to being the model's alone. */
    void unstage(const QList<std::shared_ptr<Entity>> &staged);
    /*! A failed submit: marks \a refused's row (when shown here) and reports \a error. */
    void refuse(const Error &error, const std::shared_ptr<Entity> &refused);
    /*! A successful submit: removed rows leave, inserted rows are stored rows. */
    void saved();
    /*! The related entity shown by relation column \a info in \a row, or nullptr (scheduling its load). */
    std::shared_ptr<Entity> relatedOf(int row, const ColumnInfo &info) const;
    /*! Loads the related entities data() found missing (one IN query per relation) and repaints their cells. */
    void loadMissingRelations();
    /*! The InvalidState error of a model whose session was deleted. */
    static Error sessionGone()
    {
        return Error(Error::Kind::InvalidState, QStringLiteral("the model's qorm::Session was deleted: the model is empty"));
    }
};

} // namespace qorm
