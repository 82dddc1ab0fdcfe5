// SPDX-License-Identifier: MIT
#include "displaydelegate.h"

#include <qorm/entitytablemodel.h>

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QToolTip>

namespace {

/*! The path of \a index's column in the EntityTableModel behind it. */
QString pathOf(const QModelIndex &index)
{
    const QModelIndex source = qorm::EntityTableModel::sourceIndex(index);
    const auto *model = qobject_cast<const qorm::EntityTableModel *>(source.model());
    return model ? model->columns().value(source.column()) : QString();
}

} // namespace

DisplayDelegate::DisplayDelegate(QObject *parent) : qorm::RelationDelegate(parent) { }

void DisplayDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    m_path = pathOf(index);
    qorm::RelationDelegate::initStyleOption(option, index);
}

QString DisplayDelegate::displayText(const QVariant &value, const QLocale &locale) const
{
    if (m_path == u"milliseconds" && value.isValid()) {
        const qint64 seconds = (value.toLongLong() + 500) / 1000;
        return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    }
    if ((m_path == u"unitPrice" || m_path == u"total") && value.isValid())
        return locale.toString(value.toString().toDouble(), 'f', 2);
    return qorm::RelationDelegate::displayText(value, locale);
}

bool DisplayDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() == QEvent::ToolTip && index.isValid() && !index.data(Qt::ToolTipRole).isValid()) {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = displayText(index.data(Qt::DisplayRole), opt.locale);
        if (opt.fontMetrics.horizontalAdvance(text) > opt.rect.width() - 8) {
            QToolTip::showText(event->globalPos(), text, view);
            return true;
        }
        QToolTip::hideText();
        return true;
    }
    return qorm::RelationDelegate::helpEvent(event, view, option, index);
}
