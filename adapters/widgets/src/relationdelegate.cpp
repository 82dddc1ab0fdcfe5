// SPDX-License-Identifier: MIT
#include <qorm/relationdelegate.h>

#include <qorm/entitymeta.h>
#include <qorm/entitytablemodel.h>
#include <qorm/session.h>

#include <QComboBox>
#include <QCompleter>
#include <QLineEdit>

namespace qorm {

namespace {

/*! The EntityTableModel behind \a index (through proxies) and the index in it. */
std::pair<const EntityTableModel *, QModelIndex> sourceOf(const QModelIndex &index)
{
    const QModelIndex source = EntityTableModel::sourceIndex(index);
    return { qobject_cast<const EntityTableModel *>(source.model()), source };
}

/*! The key of \a entity (single-column primary keys; relations point at those). */
QVariant keyOf(const EntityMeta &meta, const Entity *entity)
{
    const ColumnMeta &key = meta.columns()[meta.primaryKey().first()];
    return key.type->toValue(*key.type, key.metaProperty.read(entity));
}

const char *const kEditorName = "qorm_relation_combo";

} // namespace

RelationDelegate::RelationDelegate(QObject *parent) : QStyledItemDelegate(parent) { }

RelationDelegate::~RelationDelegate() = default;

QWidget *RelationDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const auto [model, source] = sourceOf(index);
    const RelationMeta *relation = model ? model->relationAt(source.column()) : nullptr;
    auto target = relation ? EntityMeta::of(*relation->target) : Result<const EntityMeta *>(nullptr);
    if (!relation || !target || !target.value() || !model->session())
        return QStyledItemDelegate::createEditor(parent, option, index);
    const EntityMeta &meta = *target.value();
    auto *combo = new QComboBox(parent);
    combo->setObjectName(QString::fromLatin1(kEditorName));
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    const int display = meta.displayColumn() >= 0 ? meta.displayColumn() : meta.primaryKey().first();
    auto *choices = new EntityTableModel(model->session(), *relation->target, combo);
    choices->setColumns({ meta.columns()[display].property });
    choices->setPageSize(200);
    choices->sort(0, Qt::AscendingOrder); // runs the first page
    combo->setModel(choices);
    combo->setModelColumn(0);
    // Typing searches the related table in SQL and lists the matches in a completer popup,
    // which (unlike the combo's own list) leaves the keyboard to the line edit.
    auto *completer = new QCompleter(choices, combo);
    completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion); // the model is filtered already
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    combo->setCompleter(completer);
    QObject::connect(combo->lineEdit(), &QLineEdit::textEdited, combo, [combo, choices, completer](const QString &text) {
        choices->setSearch(text);
        combo->setCurrentIndex(-1);
        combo->setEditText(text); // the reset of the list cleared it
        if (choices->rowCount() > 0)
            completer->complete();
    });
    return combo;
}

void RelationDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *combo = qobject_cast<QComboBox *>(editor);
    auto *choices = combo && combo->objectName() == QLatin1String(kEditorName) ? qobject_cast<EntityTableModel *>(combo->model()) : nullptr;
    if (!choices) {
        QStyledItemDelegate::setEditorData(editor, index);
        return;
    }
    const QVariant key = index.data(Qt::EditRole);
    const EntityMeta *meta = EntityMeta::of(*choices->entityClass()).value();
    for (int row = 0; row < choices->rowCount(); ++row) {
        if (keyOf(*meta, choices->entity(row).get()) == key) {
            combo->setCurrentIndex(row);
            return;
        }
    }
    combo->setCurrentIndex(-1);
    combo->setEditText(index.data(Qt::DisplayRole).toString());
}

void RelationDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    auto *combo = qobject_cast<QComboBox *>(editor);
    auto *choices = combo && combo->objectName() == QLatin1String(kEditorName) ? qobject_cast<EntityTableModel *>(combo->model()) : nullptr;
    if (!choices) {
        QStyledItemDelegate::setModelData(editor, model, index);
        return;
    }
    const QString text = combo->currentText();
    if (text.isEmpty()) {
        model->setData(index, QVariant(), Qt::EditRole); // refused (and reported) for a NOT NULL key
        return;
    }
    int row = combo->currentIndex();
    if (row < 0 || choices->data(choices->index(row, 0)).toString() != text) {
        // Typed, not picked: the entry whose text it is, if exactly one.
        row = -1;
        for (int r = 0; r < choices->rowCount(); ++r)
            if (choices->data(choices->index(r, 0)).toString().compare(text, Qt::CaseInsensitive) == 0)
                row = row < 0 ? r : -2;
    }
    if (row < 0)
        return; // names no entry: the value stays
    const EntityMeta *meta = EntityMeta::of(*choices->entityClass()).value();
    model->setData(index, keyOf(*meta, choices->entity(row).get()), Qt::EditRole);
}

} // namespace qorm
