// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/qorm_adapters_export.h>
#include <qorm/error.h>
#include <qorm/query.h>

#include <QAbstractTableModel>
#include <memory>

namespace qorm {

class Entity;
class Session;
class EntityTableModelPrivate;

/*!
 * \brief A QAbstractTableModel whose rows are the entities of a query and whose columns are
 * chosen properties — Qt's QSqlTableModel, but over qorm entities and a qorm::Session.
 *
 * - **Columns** are property names of the entity ("name", "unitPrice"), many-to-one paths
 *   ("album.title": the title of the track's album) or many-to-one relations themselves
 *   ("album": the related entity's QORM_DISPLAY property, its key when it declares none; edited
 *   as the foreign key). Headers are readable labels ("Unit Price", "Album"), overridable with
 *   setHeaderData().
 * - **Paging.** select() loads the first pageSize() rows; views pull more through
 *   canFetchMore()/fetchMore(). Without an explicit order, rows come in primary-key order and
 *   pages are read by key (`WHERE key > ? ORDER BY key LIMIT ?`, constant cost per page); after
 *   sort() pages use `LIMIT ? OFFSET ?`. Rows inserted by others while paging may be missed or,
 *   with OFFSET, shift a row into the next page twice: call select() to refresh.
 *   Related entities of each page are loaded with one `WHERE key IN (...)` per relation.
 * - **Sorting** by a header click runs the query again with `ORDER BY` in SQL; a relation column
 *   sorts by the text it shows (joining the related table).
 * - **Editing.** setData() writes the property through its setter, so the session sees the
 *   entity dirty, and emits dataChanged(); columns of the entity's own writable properties are
 *   editable, and a relation column through its foreign key (set the target's key: the related
 *   entity the cell shows changes with it); relation paths and generated keys are not. With EditStrategy::OnManualSubmit
 *   (default) nothing is written until submitAll(), which commits the session in one
 *   transaction; revertAll() rolls the session back and restores the loaded values. A failed
 *   submit leaves the edits in place (the row stays dirty), keeps the database unchanged, and
 *   reports through lastError() and errorOccurred().
 * - **QML**: roleNames() maps each column's path to a role (Qt::UserRole + 1 + column).
 *
 * The model shares the session with the rest of the application: submitAll() commits everything
 * pending in that session, like QSqlTableModel::submitAll() over one connection. Entities of
 * fetched rows are held by the model. Thread affinity: the session's thread.
 */
class QORM_ADAPTERS_EXPORT EntityTableModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize)
    Q_PROPERTY(EditStrategy editStrategy READ editStrategy WRITE setEditStrategy)
public:
    /*! When edits reach the database, as QSqlTableModel::EditStrategy. */
    enum class EditStrategy {
        OnFieldChange,  //!< Every setData() commits at once.
        OnRowChange,    //!< Commits when the view moves to another row (QAbstractItemView calls submit()).
        OnManualSubmit, //!< Commits only in submitAll().
    };
    Q_ENUM(EditStrategy)

    /*!
     * A model over entities of class \a entityClass in \a session. The model watches the
     * session: if the session is deleted first, the model empties itself, and lastError() and
     * errorOccurred() report Error::Kind::InvalidState; it never touches the deleted session.
     */
    EntityTableModel(Session *session, const QMetaObject &entityClass, QObject *parent = nullptr);
    ~EntityTableModel() override;

    /*! Sets the query whose rows are shown (default: all entities of the class). Call select() to run it. */
    void setQuery(const QueryBase &query);
    /*!
     * The query whose rows are shown, including the ORDER BY that sort() set. The model adds its
     * paging (key condition, LIMIT, OFFSET) to a copy, so those never appear here.
     */
    QueryBase query() const;
    /*!
     * Sets the columns as property names or relation paths; an empty list shows every mapped
     * property. Resets the model and drops headers set with setHeaderData(). A path that names
     * no mapped property or relation is left out and reported as Error::Kind::UnknownColumn in
     * lastError().
     */
    void setColumns(const QStringList &paths);
    /*! The paths of the columns shown, in column order (the unknown ones given to setColumns() left out). */
    QStringList columns() const;
    /*!
     * Sets how many rows select() and each fetchMore() load (default 256; values below 1 are
     * taken as 1). Applies from the next page on.
     */
    void setPageSize(int rows);
    /*! The number of rows loaded per page; see setPageSize(). */
    int pageSize() const;
    /*! Sets when edits are committed (default EditStrategy::OnManualSubmit); applies to the next edit. */
    void setEditStrategy(EditStrategy strategy);
    /*! When edits are committed; see EditStrategy. */
    EditStrategy editStrategy() const;

    /*! The entity shown in \a row, or nullptr. */
    std::shared_ptr<Entity> entity(int row) const;
    /*! True when some row has unsaved changes. */
    bool isDirty() const;
    /*!
     * The error of the last failed select(), fetchMore(), setData() or submitAll() (or of an
     * invalid mapping or unknown column path); reset to an invalid Error by a successful
     * select() or submitAll().
     */
    Error lastError() const;

    /*!
     * The number of rows loaded so far (not the number of matching rows in the database: more
     * arrive through fetchMore()); 0 for a valid \a parent, as in every table model.
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
     * - Qt::UserRole + 1 + c (see roleNames()): the display value of column c in the index's row,
     *   whatever its column, for QML delegates.
     *
     * An invalid QVariant for any other role or an invalid index.
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
     * nothing and returns true.
     *
     * Returns false for another role or a column that is not editable (see flags()); returns
     * false and reports the error (lastError(), errorOccurred(); TypeMismatch or ValueTooLong,
     * its message starting with the column's header label, e.g. "Name: must not be empty (the
     * column is NOT NULL)", propertyName() the property) when the value is refused; nothing is
     * written then. What only the database checks (UNIQUE, foreign keys, CHECK) fails
     * submitAll(). With EditStrategy::OnFieldChange the edit is committed at once and the result
     * is that of submitAll().
     */
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    /*!
     * Horizontal: the label of column \a section for Qt::DisplayRole and Qt::EditRole, as set
     * with setHeaderData() or else derived from its path ("unitPrice" is "Unit Price",
     * "album.title" is "Album"). Vertical: the row number from 1 for Qt::DisplayRole, prefixed
     * with "* " while the row's entity has unsaved changes (as QSqlTableModel does). An invalid
     * QVariant for other roles and sections out of range.
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
     * whose foreign key is writable. Relation paths are never editable. Qt::NoItemFlags for an
     * invalid \a index.
     */
    Qt::ItemFlags flags(const QModelIndex &index) const override;
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
     * with one `WHERE key IN (...)` per relation among the columns. Does
     * nothing for a valid \a parent, at the end of the rows, or when called re-entrantly while a
     * page is loading. On error no rows are added, canFetchMore() becomes false, and the error
     * is reported through lastError() and errorOccurred().
     */
    void fetchMore(const QModelIndex &parent) override;
    /*!
     * Re-runs the query ordered by \a column in SQL; a relation column or path orders by the
     * related value it shows (`ORDER BY t1.Title` through a join; rows without one first or last
     * as the database orders NULLs).
     */
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    /*!
     * QAbstractItemModel's roles plus one role per column for QML: Qt::UserRole + 1 + c is
     * named after the path of column c (e.g. "name", "album.title"); see data().
     */
    QHash<int, QByteArray> roleNames() const override;

public Q_SLOTS:
    /*! Runs the query and shows its first page; false on error (see lastError()). */
    bool select();
    /*! Commits the session; false on error, with the edits kept and the database unchanged. */
    bool submitAll();
    /*! Rolls the session back: every unsaved edit is undone. */
    void revertAll();
    /*! Called by views on row change: submits unless the strategy is OnManualSubmit. */
    bool submit() override;
    /*! Called by views to cancel a row edit: reverts unless the strategy is OnManualSubmit. */
    void revert() override;

Q_SIGNALS:
    /*! Emitted after submitAll() committed successfully. */
    void rowsSaved();
    /*! Emitted when select(), fetchMore(), setData() or submitAll() fails, with the same error as lastError(). */
    void errorOccurred(const qorm::Error &error);

private:
    std::unique_ptr<EntityTableModelPrivate> d;
};

} // namespace qorm
