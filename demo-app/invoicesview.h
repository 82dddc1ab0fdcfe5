// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QChartView;
class QComboBox;
class QTableView;
class QStandardItemModel;
class QUndoStack;

namespace qorm {
class EntityTableModel;
class Session;
}

/*!
 * The Invoices tab: sales per customer and per country (the query API's GROUP BY and SUM, exact
 * decimals), a bar chart of sales per genre, and a customer form (QDataWidgetMapper over an
 * EntityTableModel) whose edits are saved with the rest of the window.
 */
class InvoicesView : public QWidget
{
    Q_OBJECT
public:
    InvoicesView(qorm::Session *session, QUndoStack *undo, QWidget *parent = nullptr);

    /*! Runs the aggregates again and reloads the customers; false on error (reported by the session). */
    bool reload();
    qorm::EntityTableModel *customers() const { return m_customers; }
    QStandardItemModel *perCustomer() const { return m_perCustomer; }
    QStandardItemModel *perCountry() const { return m_perCountry; }
    QChartView *chart() const { return m_chart; }

private:
    qorm::Session *m_session;
    qorm::EntityTableModel *m_customers;
    QStandardItemModel *m_perCustomer;
    QStandardItemModel *m_perCountry;
    QChartView *m_chart;
    QComboBox *m_customerPicker;
};
