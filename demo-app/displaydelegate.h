// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/relationdelegate.h>

/*!
 * The demo's item delegate: qorm::RelationDelegate (combo boxes on relation columns) plus the
 * presentation a person expects — durations in milliseconds as m:ss, prices with two decimals —
 * and a tooltip with the whole text on cells too narrow for it. Columns are chosen by path.
 */
class DisplayDelegate : public qorm::RelationDelegate
{
    Q_OBJECT
public:
    explicit DisplayDelegate(QObject *parent = nullptr);

    /*! "343719" in a "milliseconds" column as "5:43"; a "unitPrice" or "total" as "0.99". */
    QString displayText(const QVariant &value, const QLocale &locale) const override;
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
    /*! Shows the cell's whole text as a tooltip when it does not fit. */
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option, const QModelIndex &index) override;

private:
    mutable QString m_path; //!< The path of the column being painted (set by initStyleOption()).
};
