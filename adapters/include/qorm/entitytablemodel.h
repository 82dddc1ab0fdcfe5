// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/qorm_adapters_export.h>
#include <qorm/condition.h>
#include <qorm/entity.h>
#include <qorm/error.h>
#include <qorm/expr.h>
#include <qorm/query.h>

#include <QAbstractTableModel>
#include <memory>

QT_BEGIN_NAMESPACE
class QItemSelectionModel;
class QUndoStack;
QT_END_NAMESPACE

namespace qorm {

class Session;
struct RelationMeta;
class EntityTableModelPrivate;

/*!
 * \brief A QAbstractTableModel whose rows are the entities of a query and whose columns are
 * chosen properties — Qt's QSqlTableModel and QSqlRelationalTableModel, over qorm entities and
 * a qorm::Session.
 *
 * - **Columns** are property names of the entity ("name", "unitPrice"), many-to-one paths
 *   ("album.title": the title of the track's album) or many-to-one relations themselves
 *   ("album": the related entity's QORM_DISPLAY property, its key when it declares none; edited
 *   as the foreign key, e.g. with qorm::RelationDelegate's combo box). Headers are readable
 *   labels ("Unit Price", "Album"), overridable with setHeaderData().
 * - **Rows and paging** (setPaging()). By default select() loads the first pageSize() rows and
 *   views pull more through canFetchMore()/fetchMore(); rowCount() is the number of rows read
 *   so far (totalRowCount() runs the COUNT), and data() never runs SQL. With Paging::Windowed,
 *   rowCount() is the whole count at once and pages are read where the view looks, in bounded
 *   memory (for tables of millions of rows). Without an explicit order, rows come in primary-key
 *   order; sort() adds the primary key as the last ORDER BY key, so pages never overlap. Every
 *   page is read to its end at once: no statement stays open between pages (on SQLite no read
 *   lock is held), and rows inserted by others meanwhile may be missed until select(). Related
 *   entities of each page are loaded with one `WHERE key IN (...)` per relation.
 * - **Filtering and sorting in SQL.** setFilter() takes the query API's conditions, setSearch()
 *   matches user text in chosen columns (case-insensitive on every backend, wildcards taken
 *   literally), sort() orders by a column in SQL — a relation column by the text it shows,
 *   through a join. A QSortFilterProxyModel over the model sorts and filters only the rows
 *   fetched so far; use these instead for the whole table.
 * - **Master-detail.** setMaster() makes the model follow the current row of another view
 *   through a many-to-one relation (albums of the selected artist); new rows get the master's key.
 * - **Editing** works like QSqlTableModel's cache, but the values live in the entities and the
 *   session: setData() writes the property through the column codec (Session::setValue()),
 *   insertRows() creates new entities (declared defaults filled in, then primeInsert()),
 *   removeRows() marks rows for deletion. The vertical header marks inserted rows `*`, rows
 *   marked for deletion `!` (kept visible until submitted, as Qt does) and changed rows `* n`.
 *   Edits reach the database as editStrategy() says; submitAll() writes them all in one
 *   transaction. A refused submit keeps every edit and points at the failing row and cell
 *   (errorIndex(), a tooltip with the error on that cell); revertRow() and revertAll() discard
 *   this model's edits only, never the rest of the session's.
 * - **Undo.** With setUndoStack(), every cell edit, row insert and row removal made through the
 *   model is a QUndoCommand; see setUndoStack().
 * - **QML**: roleNames() maps each column's path to a role (Qt::UserRole + 1 + column).
 *
 * Differences from QSqlTableModel, where qorm's session makes a better rule possible:
 * submitAll() is one transaction (all rows or none) instead of stopping at the first failing
 * row; after it, rows stay where they are (generated keys filled in, deleted rows removed)
 * instead of a select() that re-sorts them; select() and sort() keep pending edits, inserts and
 * removals instead of discarding them; submitAll() commits the whole session, which the model
 * shares with the rest of the application (like QSqlTableModel over one connection).
 *
 * The model watches the session through a QPointer: if the session is deleted first, the model
 * empties itself and says so (lastError() is InvalidState). Entities of fetched rows are held by
 * the model. Thread affinity: the session's thread.
 */
class QORM_ADAPTERS_EXPORT EntityTableModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize)
    Q_PROPERTY(EditStrategy editStrategy READ editStrategy WRITE setEditStrategy)
    Q_PROPERTY(QString searchText READ searchText WRITE setSearch NOTIFY searchChanged)
public:
    /*! When edits reach the database, as QSqlTableModel::EditStrategy. */
    enum class EditStrategy {
        OnFieldChange,  //!< Every setData() of a stored row, and every removeRows(), commits at once.
        OnRowChange,    //!< Commits when the view moves to another row (QAbstractItemView calls submit()).
        OnManualSubmit, //!< Commits only in submitAll().
    };
    Q_ENUM(EditStrategy)

    /*! What is pending for a row (RowStateRole; QSqlTableModel's cache operation). */
    enum class RowState {
        Clean,    //!< Nothing unsaved.
        Changed,  //!< Stored row with unsaved values.
        Inserted, //!< New row, not in the database yet (vertical header `*`).
        Removed,  //!< Stored row marked for deletion (vertical header `!`).
    };
    Q_ENUM(RowState)

    /*! How rows are read from the database; see setPaging(). */
    enum class Paging {
        Incremental, //!< rowCount() grows as views call fetchMore(): the rows read so far stay in memory.
        Windowed,    //!< rowCount() is the query's COUNT at once; rows are read page by page where they are looked at, and only the last cachedPages() pages stay in memory.
    };
    Q_ENUM(Paging)

    /*! Roles besides the standard ones and the QML column roles. */
    enum Role {
        RowStateRole = Qt::UserRole + 1000, //!< The row's RowState (as an int), on any cell.
        DirtyRole,                          //!< True on a cell whose value is not saved yet (isDirty(index)).
    };
    Q_ENUM(Role)

    /*!
     * A model over entities of class \a entityClass in \a session. The model watches the
     * session: if the session is deleted first, the model empties itself, and lastError() and
     * errorOccurred() report Error::Kind::InvalidState; it never touches the deleted session.
     */
    EntityTableModel(Session *session, const QMetaObject &entityClass, QObject *parent = nullptr);
    ~EntityTableModel() override;

    /*! The session the model reads and writes through, or nullptr once it was deleted. */
    Session *session() const;
    /*! The entity class of the rows. */
    const QMetaObject *entityClass() const;

    /*!
     * Sets the query whose rows are shown (default: all entities of the class); setFilter(),
     * setSearch(), setMaster() and sort() narrow and order it. Call select() to run it.
     */
    void setQuery(const QueryBase &query);
    /*!
     * The query whose rows are shown, including the ORDER BY that sort() set, but without the
     * filter, search and master condition (see effectiveQuery()) and without paging.
     */
    QueryBase query() const;
    /*!
     * The query select() runs: query() with filter(), the search and the master condition
     * added. The model adds its paging (key condition, LIMIT, OFFSET) to a copy.
     */
    QueryBase effectiveQuery() const;
    /*!
     * Sets the columns as property names or relation paths; an empty list shows every mapped
     * property. Resets the model and drops headers set with setHeaderData(). A path that names
     * no mapped property or relation is left out and reported as Error::Kind::UnknownColumn in
     * lastError().
     */
    void setColumns(const QStringList &paths);
    /*! The paths of the columns shown, in column order (the unknown ones given to setColumns() left out). */
    QStringList columns() const;
    /*! The column showing \a path, or -1. */
    int columnOf(const QString &path) const;
    /*!
     * The many-to-one relation that column \a column shows itself (a relation column such as
     * "album", edited through its foreign key: what qorm::RelationDelegate offers a combo box
     * for), or nullptr for other columns and out of range.
     */
    const RelationMeta *relationAt(int column) const;
    /*!
     * Sets how many rows select() and each fetchMore() load (default 256; values below 1 are
     * taken as 1). Applies from the next page on.
     */
    void setPageSize(int rows);
    /*! The number of rows loaded per page; see setPageSize(). */
    int pageSize() const;
    /*!
     * Sets how rows are read (default Paging::Incremental); applies from the next select().
     *
     * - **Incremental** — QSqlQueryModel's way: select() reads the first page, views call
     *   fetchMore() as they scroll, rowCount() is what was read so far, and everything read stays
     *   in memory. Pages are read by key in key order (constant cost per page). data() never runs SQL.
     * - **Windowed** — for tables too big to scroll through in memory: select() runs `SELECT
     *   COUNT(*)` and reads the first page, rowCount() is the whole count at once (a scroll bar
     *   of the real size, a jump to the end or to row N loads only that page), and each page is
     *   read where it is first looked at (`ORDER BY ..., key LIMIT pageSize() OFFSET n`; data()
     *   runs that SELECT, as QSqlQueryModel::data() seeks). Only the last cachedPages() pages keep
     *   their entities: memory stays bounded however far the user scrolls (plus 24 bytes per row
     *   for its slot). Rows with unsaved work stay in memory. After a submitAll() that inserted
     *   rows the model selects again, so that they take their place in the order.
     *
     * Either way every page is read to its end before the call returns: no statement stays open
     * between pages, so on SQLite no read lock is held while the user looks at the rows.
     */
    void setPaging(Paging paging);
    /*! How rows are read; see setPaging(). */
    Paging paging() const;
    /*! With Paging::Windowed, how many pages keep their entities in memory (default 8; at least 2). */
    void setCachedPages(int pages);
    /*! See setCachedPages(). */
    int cachedPages() const;
    /*! The number of rows whose entity is in memory (all rows with Paging::Incremental). */
    int loadedRowCount() const;
    /*! Sets when edits are committed (default EditStrategy::OnManualSubmit); applies to the next edit. */
    void setEditStrategy(EditStrategy strategy);
    /*! When edits are committed; see EditStrategy. */
    EditStrategy editStrategy() const;

    /*!
     * Restricts the rows to those matching \a condition, in SQL (`WHERE`), like
     * QSqlTableModel::setFilter() but with the query API's expressions instead of SQL text:
     * `model.setFilter(qorm::col(u"milliseconds"_s) > 300000)`. Paths reach related columns
     * (`col(u"album.title"_s)`). An empty Expr removes the filter. Runs select() again when the
     * model was selected; an unknown property fails that select() with UnknownColumn.
     */
    void setFilter(const Expr &condition);
    /*!
     * \overload
     *
     * Takes a typed condition of the query API (`Track::milliseconds_ > 300000`).
     */
    template<typename E>
    void setFilter(const Condition<E> &condition) { setFilter(condition.expr()); }
    /*! The condition set with setFilter(); empty when none. */
    Expr filter() const;
    /*!
     * Shows only rows where \a text occurs in one of \a columns (paths of shown columns; empty:
     * every shown text column, relation columns by the text they show). The match is
     * case-insensitive on every backend and takes `%`, `_` and the escape character in \a text
     * literally (Expr::matches()); several words must each occur (in any of the columns). An
     * empty \a text removes the search. Runs select() again when the model was selected. Like
     * the search box of DB Browser for SQLite, in SQL instead of over fetched rows.
     */
    void setSearch(const QString &text, const QStringList &columns = {});
    /*! The text set with setSearch(). */
    QString searchText() const;

    /*!
     * Makes this model the detail of a master view: it shows the rows whose many-to-one
     * \a relation (of this model's class, e.g. Album's "artist") refers to the entity in the
     * current row of \a masterSelection (the selection model of a view over another
     * EntityTableModel, also through QAbstractProxyModel layers), and re-selects whenever that
     * current row changes; no current row shows no rows. Rows inserted meanwhile get the
     * master's key. Replaces an earlier master; nullptr removes it. Errors (lastError(),
     * errorOccurred()): UnknownColumn when \a relation is not a many-to-one of this class;
     * InvalidState when the selection's model is not an EntityTableModel.
     */
    void setMaster(QItemSelectionModel *masterSelection, const QString &relation);
    /*!
     * Shows the rows whose many-to-one \a relation refers to \a master (nullptr: no rows) and
     * re-selects; what setMaster() does on every change of the current row. Errors: as setMaster().
     */
    void setMasterEntity(const std::shared_ptr<Entity> &master, const QString &relation);
    /*! The entity the rows are the detail of (setMaster(), setMasterEntity()), or nullptr. */
    std::shared_ptr<Entity> masterEntity() const;

    /*!
     * Records every cell edit, row insert and row removal made through the model as a
     * QUndoCommand on \a stack (not owned; nullptr stops recording), so Edit ▸ Undo takes back
     * one edit at a time. Consecutive edits of one cell merge into one command. Undo and redo
     * write through the model like an edit (so they follow editStrategy()); undoing something
     * already submitted is a new edit, not a rollback (undoing a saved insert marks the row for
     * removal; undoing a saved removal inserts the row again as a new one). The stack is cleared
     * when the session rolls back and by revertAll(), whose changes cannot be redone.
     */
    void setUndoStack(QUndoStack *stack);
    /*! The stack set with setUndoStack(), or nullptr. */
    QUndoStack *undoStack() const;

    /*!
     * \a index mapped through any QAbstractProxyModel layers to the model beneath: a view's
     * index over a QSortFilterProxyModel becomes the index in the EntityTableModel it shows
     * (qobject_cast its model()). An invalid index maps to an invalid index.
     */
    static QModelIndex sourceIndex(const QModelIndex &index);
    /*! The entity shown in \a row (with Paging::Windowed, its page is read if needed), or nullptr. */
    std::shared_ptr<Entity> entity(int row) const;
    /*! The row showing \a entity, or -1. */
    int rowOf(const Entity *entity) const;
    /*! What is pending for \a row (Clean for a row out of range). */
    RowState rowState(int row) const;
    /*!
     * True when the model has unsaved work: rows inserted or marked for removal, or entities
     * changed through this model and not saved (QSqlTableModel::isDirty()).
     */
    bool isDirty() const;
    /*!
     * True when the value at \a index is not saved yet: every cell of an inserted row or a row
     * marked for removal, the changed properties of a stored row (a relation column through its
     * foreign key). False for an invalid index.
     */
    bool isDirty(const QModelIndex &index) const;
    /*!
     * The error of the last failed operation (select(), fetchMore(), setData(), insertRows(),
     * removeRows(), submitAll(), or an invalid mapping or unknown column path); reset to an
     * invalid Error by a successful select() or submitAll().
     */
    Error lastError() const;
    /*!
     * The cell the last failed submitAll() was refused for: the row whose statement failed
     * (Error::entity()) and the column of the property the database named (column 0 when it
     * named none); invalid when the error concerned no row of this model, and after a
     * successful submitAll() or a revert of that row.
     */
    QModelIndex errorIndex() const;

    /*!
     * The number of rows the query matches in the database (`SELECT COUNT(*)`), plus rows
     * inserted in the model and not saved, minus none marked for removal (they are still
     * shown); -1 on error. Runs SQL on every call.
     */
    qint64 totalRowCount() const;

    /*!
     * submitAll() for several models over one session in one transaction — what a window with
     * master and detail tables saves with one Save: every model's inserts and removals are
     * staged (in the order of \a models, each in row order), then one Session::commit() writes
     * them. On failure nothing is written and every model keeps its edits; the model showing the
     * refused row marks it (errorIndex()), and every model reports the error. Errors as
     * submitAll(), and InvalidState when the models do not share one session.
     */
    static bool submitAll(const QList<EntityTableModel *> &models);
    /*!
     * With Paging::Incremental, the number of rows read so far (more arrive through fetchMore());
     * with Paging::Windowed, the number of rows the query matched at select(). Both include rows
     * inserted in the model and not saved, and rows marked for removal until they are saved. 0
     * for a valid \a parent.
     */
    int rowCount(const QModelIndex &parent = {}) const override;
    /*! The number of columns(); 0 for a valid \a parent. */
    int columnCount(const QModelIndex &parent = {}) const override;
    /*!
     * The value at \a index for \a role:
     * - Qt::DisplayRole and Qt::EditRole: the property value (of the related entity for a
     *   relation path), with `std::optional` unwrapped, a Decimal as text and NULL as an invalid
     *   QVariant (also when a relation's foreign key is NULL); for a relation column, DisplayRole
     *   is the related entity's display text and EditRole the foreign key (what setData() takes);
     * - Qt::TextAlignmentRole: right-aligned for integer, double and Decimal columns;
     * - Qt::ToolTipRole: the error text on errorIndex();
     * - RowStateRole and DirtyRole (see Role);
     * - Qt::UserRole + 1 + c (see roleNames()): the display value of column c in the index's row,
     *   whatever its column, for QML delegates.
     *
     * An invalid QVariant for any other role or an invalid index. Never runs SQL: a related
     * entity not in memory (its key was just edited) is loaded once the event loop runs, and
     * its cells repainted.
     */
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    /*!
     * Writes \a value (Qt::EditRole only) into the entity's property at \a index with
     * Session::setValue() — the session's one rule for an edit, through the column codec: exact
     * conversion (TypeRegistry::convertExact(); text from an editor parses completely, a Decimal
     * from its text), an invalid QVariant is NULL and refused for a NOT NULL column, text longer
     * than QORM_LENGTH and decimals with more digits than the column keeps are refused — then
     * emits dataChanged() for the whole row (relation columns may depend on a changed foreign key)
     * and headerDataChanged() for its row number. Storing the value the property already has does
     * nothing and returns true; so does an empty text over a NULL value of a nullable column (a
     * QDataWidgetMapper form submits an untouched empty QLineEdit as "": the value stays NULL).
     *
     * Returns false for another role, a column that is not editable (see flags()) or a row
     * marked for removal; returns false and reports the error (lastError(), errorOccurred();
     * TypeMismatch or ValueTooLong, its message starting with the column's header label, e.g.
     * "Name: must not be empty (the column is NOT NULL)", propertyName() the property) when the
     * value is refused; nothing is written then. What only the database checks (UNIQUE, foreign
     * keys, CHECK) fails submitAll(). With EditStrategy::OnFieldChange the edit of a stored row
     * is committed at once and the result is that of submitAll() (the edit stays on failure).
     */
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    /*!
     * Horizontal: the label of column \a section for Qt::DisplayRole and Qt::EditRole, as set
     * with setHeaderData() or else derived from its path ("unitPrice" is "Unit Price",
     * "album.title" is "Album"). Vertical, Qt::DisplayRole: `*` for an inserted row, `!` for a
     * row marked for removal (as QSqlTableModel), `* n` for a changed row and the row number n
     * (from 1) otherwise. An invalid QVariant for other roles and sections out of range.
     */
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    /*!
     * Overrides the label of column \a section with \a value and emits headerDataChanged().
     * Only horizontal headers with Qt::DisplayRole or Qt::EditRole can be set (false otherwise,
     * or when \a section is out of range). setColumns() drops the overrides.
     */
    bool setHeaderData(int section, Qt::Orientation orientation, const QVariant &value, int role = Qt::EditRole) override;
    /*!
     * Selectable, enabled and never with children; also editable for a column of one of the
     * entity's own writable properties that is not a generated key, and for a relation column
     * whose foreign key is writable — except on a row marked for removal and, as in
     * QSqlTableModel, on another row while the model is dirty under OnRowChange (or OnFieldChange,
     * after a refused commit). Relation paths are never editable. Qt::NoItemFlags for an invalid
     * \a index.
     */
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    /*!
     * Inserts \a count new entities before \a row (rowsInserted()): created with the class's
     * Q_INVOKABLE constructor, declared defaults applied (QORM_DEFAULT), the master's key set
     * (setMaster()), then primeInsert() for each so the application fills values. They are
     * Transient until submitted: queries and autoflush never see a half-filled row. Returns false
     * for a valid \a parent, \a row out of range, \a count < 1, a class that cannot be created
     * (lastError()), and — as QSqlTableModel — under OnFieldChange / OnRowChange when \a count is
     * not 1 or the model is dirty. Never submits.
     */
    bool insertRows(int row, int count, const QModelIndex &parent = {}) override;
    /*!
     * Removes rows \a row to \a row + \a count - 1: inserted rows leave at once (rowsRemoved());
     * stored rows are marked for removal (vertical header `!`, headerDataChanged()) and deleted by
     * the next submit — under OnManualSubmit at submitAll(), else at once (then the result is
     * that of submitAll(): the rows leave the model on success and stay marked on failure).
     * Deleting follows the relations' delete rules (Session::remove()). Returns false for a
     * valid \a parent or a range out of bounds, and under OnFieldChange / OnRowChange when
     * \a count is not 1 or another row is dirty.
     */
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;
    /*!
     * True while the last page loaded was full, so more rows may follow, and no page is being
     * loaded; false for a valid \a parent, before the first select() and after a failed fetch
     * (select() starts again).
     */
    bool canFetchMore(const QModelIndex &parent) const override;
    /*!
     * Loads the next pageSize() rows and appends them (beginInsertRows()/endInsertRows()): by
     * key (`WHERE key > ? ORDER BY key LIMIT ?`) when the query has no ORDER BY and the primary
     * key has one column, else with `LIMIT ? OFFSET ?`; then the related entities of the page
     * with one `WHERE key IN (...)` per relation among the columns. Does nothing for a valid
     * \a parent, at the end of the rows, or when called re-entrantly while a page is loading. On
     * error no rows are added, canFetchMore() becomes false, and the error is reported through
     * lastError() and errorOccurred().
     */
    void fetchMore(const QModelIndex &parent) override;
    /*!
     * Re-runs the query ordered by \a column in SQL, then by the primary key (a stable order for
     * paging); a relation column or path orders by the related value it shows (`ORDER BY
     * t1.Title` through a join; rows without one first or last as the database orders NULLs).
     * Pending edits, inserts and removals are kept.
     */
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    /*!
     * QAbstractItemModel's roles plus one role per column for QML: Qt::UserRole + 1 + c is
     * named after the path of column c (e.g. "name", "album.title"); see data().
     */
    QHash<int, QByteArray> roleNames() const override;

public Q_SLOTS:
    /*!
     * Runs effectiveQuery() and shows its first page (a model reset); false on error (see
     * lastError()). Rows inserted in the model and not saved are kept (first), and so are marks
     * for removal of rows still matched; changed entities keep their unsaved values (the
     * session holds them).
     */
    bool select();
    /*!
     * Writes this model's inserts and removals and commits the session, all in one transaction:
     * beforeInsert(), beforeUpdate() and beforeDelete() are emitted in row order first, then
     * Session::add() / Session::remove() stage the rows and Session::commit() writes them with
     * the rest of the session's changes. On success rows marked for removal leave the model,
     * inserted rows stay where they are with their generated keys, and rowsSaved() is emitted.
     * On failure nothing is written, every edit is kept (inserted rows stay inserted, marked rows
     * stay marked), errorIndex() points at the refused row and cell, and the error is reported
     * (lastError(), errorOccurred(); the Error's kind says why: UniqueViolation,
     * ForeignKeyViolation, NotNullViolation, ...). Returns success.
     */
    bool submitAll();
    /*!
     * Discards this model's unsaved work: inserted rows leave, marks for removal are dropped,
     * and every entity changed through this model gets its saved values back (Session::revert();
     * edits made elsewhere in the session stay). Clears the undo stack.
     */
    void revertAll();
    /*!
     * Discards the unsaved work of \a row: an inserted row leaves the model (rowsRemoved()), a
     * mark for removal is dropped, a changed entity gets its saved values back (dataChanged()).
     */
    void revertRow(int row);
    /*! Called by views on row change: submitAll() unless the strategy is OnManualSubmit. */
    bool submit() override;
    /*! Called by views to cancel a row edit: revertAll() unless the strategy is OnManualSubmit. */
    void revert() override;

Q_SIGNALS:
    /*!
     * Emitted by insertRows() for each new \a row, with its \a entity (Transient, defaults
     * applied), before the view shows it: set the entity's properties here
     * (QSqlTableModel::primeInsert()); setData() returns false meanwhile, as in Qt.
     */
    void primeInsert(int row, qorm::Entity *entity);
    /*! Emitted by submitAll() before inserted \a row's \a entity is added to the session (QSqlTableModel::beforeInsert()). */
    void beforeInsert(int row, qorm::Entity *entity);
    /*! Emitted by submitAll() before changed \a row's \a entity is written (QSqlTableModel::beforeUpdate()). */
    void beforeUpdate(int row, qorm::Entity *entity);
    /*! Emitted by submitAll() before \a row's \a entity is removed from the session (QSqlTableModel::beforeDelete()). */
    void beforeDelete(int row, qorm::Entity *entity);
    /*! Emitted after submitAll() committed successfully. */
    void rowsSaved();
    /*! Emitted when isDirty() changes, e.g. to enable Save and Revert actions. */
    void dirtyChanged(bool dirty);
    /*! Emitted when setSearch() changed the search text. */
    void searchChanged(const QString &text);
    /*! Emitted when an operation fails, with the same error as lastError(). */
    void errorOccurred(const qorm::Error &error);

private:
    friend class EntityTableModelPrivate;
    std::unique_ptr<EntityTableModelPrivate> d;
};

} // namespace qorm
