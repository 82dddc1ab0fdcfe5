// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/qorm_widgets_export.h>

#include <QStyledItemDelegate>

namespace qorm {

/*!
 * \brief An item delegate that edits a relation column of an EntityTableModel with a combo box
 * of the related rows — QSqlRelationalDelegate, bound to a declared many-to-one relation.
 *
 * On a relation column (EntityTableModel::relationAt(); e.g. a track's "album") the editor is an
 * editable QComboBox over the related entities (its model is an EntityTableModel of the target
 * class, showing its QORM_DISPLAY property, sorted by it in SQL and paged as the list scrolls).
 * Typing narrows the list in SQL (EntityTableModel::setSearch(): case-insensitive, wildcards
 * taken literally) and shows the matches in a QCompleter popup that leaves the keyboard to the
 * line edit, so a table of any size stays searchable; choosing an entry writes its
 * primary key through EntityTableModel::setData() on the relation column, which sets the foreign
 * key and so the relationship. Clearing the text sets a nullable relation to NULL. On every other
 * column it behaves as QStyledItemDelegate. Works through QAbstractProxyModel layers.
 *
 * In Qt Widgets (the QOrm::Widgets library); the models stay free of Widgets. Thread affinity:
 * the GUI thread.
 */
class QORM_WIDGETS_EXPORT RelationDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    /*! A delegate with QObject parent \a parent (typically the view it is set on). */
    explicit RelationDelegate(QObject *parent = nullptr);
    ~RelationDelegate() override;

    /*!
     * For a relation column: a QComboBox (object name "qorm_relation_combo") over the related
     * entities, its first page loaded (one SELECT, then one per further page as it scrolls).
     * Otherwise QStyledItemDelegate's editor. The editor is owned by \a parent.
     */
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    /*! Selects the related entity \a index refers to (its text when it is not among the rows loaded). */
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    /*!
     * Writes the chosen entity's key into \a model at \a index (Qt::EditRole); an empty text
     * writes NULL; text that names no entry leaves the value as it was.
     */
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;
};

} // namespace qorm
