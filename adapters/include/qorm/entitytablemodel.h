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
 * - **Columns** are property names of the entity ("name", "unitPrice") or many-to-one paths
 *   ("album.title": the title of the track's album). Headers are readable labels ("Unit Price",
 *   "Album"), overridable with setHeaderData().
 * - **Paging.** select() loads the first pageSize() rows; views pull more through
 *   canFetchMore()/fetchMore(). Without an explicit order, rows come in primary-key order and
 *   pages are read by key (`WHERE key > ? ORDER BY key LIMIT ?`, constant cost per page); after
 *   sort() pages use `LIMIT ? OFFSET ?`. Rows inserted by others while paging may be missed or,
 *   with OFFSET, shift a row into the next page twice: call select() to refresh.
 *   Related entities of each page are loaded with one `WHERE key IN (...)` per relation.
 * - **Sorting** by a header click runs the query again with `ORDER BY` in SQL.
 * - **Editing.** setData() writes the property through its setter, so the session sees the
 *   entity dirty, and emits dataChanged(); columns of the entity's own writable properties are
 *   editable, relation paths and generated keys are not. With EditStrategy::OnManualSubmit
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

    /*! A model over entities of class \a entityClass in \a session, which must outlive the model. */
    EntityTableModel(Session *session, const QMetaObject &entityClass, QObject *parent = nullptr);
    ~EntityTableModel() override;

    /*! Sets the query whose rows are shown (default: all entities of the class). Call select() to run it. */
    void setQuery(const QueryBase &query);
    QueryBase query() const;
    /*! Sets the columns as property names or relation paths; an empty list shows every mapped property. */
    void setColumns(const QStringList &paths);
    QStringList columns() const;
    void setPageSize(int rows);
    int pageSize() const;
    void setEditStrategy(EditStrategy strategy);
    EditStrategy editStrategy() const;

    /*! The entity shown in \a row, or nullptr. */
    std::shared_ptr<Entity> entity(int row) const;
    /*! True when some row has unsaved changes. */
    bool isDirty() const;
    /*! The error of the last failed select(), setData() or submitAll(); invalid after success. */
    Error lastError() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool setHeaderData(int section, Qt::Orientation orientation, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    /*! Re-runs the query ordered by \a column in SQL; relation columns order by their foreign key. */
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
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
    /*! Emitted when select(), setData() or submitAll() fails. */
    void errorOccurred(const qorm::Error &error);

private:
    std::unique_ptr<EntityTableModelPrivate> d;
};

} // namespace qorm
