// SPDX-License-Identifier: MIT
#include "invoicesview.h"

#include <chinook/chinook.h>
#include <qorm/entitytablemodel.h>
#include <qorm/projection.h>
#include <qorm/session.h>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDataWidgetMapper>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>

namespace {

QTableView *tableOf(QStandardItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The name column takes the room left, once the model has its columns.
    QObject::connect(model, &QAbstractItemModel::columnsInserted, view,
                     [view] { view->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch); });
    view->setWordWrap(false);
    view->setAlternatingRowColors(true);
    return view;
}

QString money(const std::optional<qorm::Decimal> &value)
{
    return value ? value->toString() : QString();
}

} // namespace

InvoicesView::InvoicesView(qorm::Session *session, QUndoStack *undo, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    m_perCustomer = new QStandardItemModel(this);
    m_perCountry = new QStandardItemModel(this);
    m_chart = new QChartView(this);
    m_chart->setObjectName(QStringLiteral("salesChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(260);

    // The customer form: one entity at a time, saved with the window's Save.
    m_customers = new qorm::EntityTableModel(session, Customer::staticMetaObject, this);
    m_customers->setColumns({ QStringLiteral("lastName"), QStringLiteral("firstName"), QStringLiteral("company"),
                              QStringLiteral("email"), QStringLiteral("country"), QStringLiteral("supportRep") });
    m_customers->setUndoStack(undo);
    m_customers->sort(0);
    auto *mapper = new QDataWidgetMapper(this);
    mapper->setModel(m_customers);
    mapper->setSubmitPolicy(QDataWidgetMapper::AutoSubmit);
    m_customerPicker = new QComboBox(this);
    m_customerPicker->setObjectName(QStringLiteral("customerPicker"));
    m_customerPicker->setModel(m_customers);
    auto *form = new QFormLayout;
    form->addRow(tr("Customer:"), m_customerPicker);
    const QStringList labels = { tr("Last name:"), tr("First name:"), tr("Company:"), tr("E-mail:"), tr("Country:") };
    for (int c = 0; c < labels.size(); ++c) {
        auto *edit = new QLineEdit(this);
        edit->setObjectName(m_customers->columns().at(c));
        mapper->addMapping(edit, c);
        form->addRow(labels.at(c), edit);
    }
    connect(m_customerPicker, &QComboBox::currentIndexChanged, mapper, &QDataWidgetMapper::setCurrentIndex);
    connect(m_customers, &QAbstractItemModel::modelReset, mapper, [this, mapper] { mapper->setCurrentIndex(m_customerPicker->currentIndex()); });
    auto *formBox = new QGroupBox(tr("Customer"), this);
    formBox->setLayout(form);

    auto *customersBox = new QGroupBox(tr("Sales per customer"), this);
    (new QVBoxLayout(customersBox))->addWidget(tableOf(m_perCustomer, customersBox));
    auto *countriesBox = new QGroupBox(tr("Sales per country"), this);
    (new QVBoxLayout(countriesBox))->addWidget(tableOf(m_perCountry, countriesBox));

    auto *left = new QSplitter(Qt::Vertical, this);
    left->addWidget(customersBox);
    left->addWidget(countriesBox);
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_chart);
    right->addWidget(formBox);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 2);
    split->setSizes({ 460, 820 });
    (new QVBoxLayout(this))->addWidget(split);
}

bool InvoicesView::reload()
{
    // Totals per customer and per country: GROUP BY with exact decimal sums, in SQL.
    const auto customerName = Invoice::customer_ / Customer::lastName_;
    auto perCustomer = m_session->query<Invoice>()
                               .select(customerName, Invoice::customer_ / Customer::firstName_, qorm::count(), qorm::sum(Invoice::total_))
                               .groupBy(Invoice::customerId_, customerName, Invoice::customer_ / Customer::firstName_)
                               .orderBy(qorm::sum(Invoice::total_).desc())
                               .all();
    auto perCountry = m_session->query<Invoice>()
                              .select(Invoice::billingCountry_, qorm::count(), qorm::sum(Invoice::total_))
                              .groupBy(Invoice::billingCountry_)
                              .orderBy(qorm::sum(Invoice::total_).desc())
                              .all();
    // Sales per genre, for the chart.
    const auto genre = InvoiceLine::track_ / Track::genre_ / Genre::name_;
    auto perGenre = m_session->query<InvoiceLine>()
                            .select(genre, qorm::sum(InvoiceLine::unitPrice_))
                            .groupBy(genre)
                            .orderBy(qorm::sum(InvoiceLine::unitPrice_).desc())
                            .limit(10)
                            .all();
    if (!perCustomer || !perCountry || !perGenre)
        return false;

    m_perCustomer->clear();
    m_perCustomer->setHorizontalHeaderLabels({ tr("Customer"), tr("Invoices"), tr("Total") });
    for (const auto &[last, first, invoices, total] : perCustomer.value()) {
        auto *amount = new QStandardItem(money(total));
        amount->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        auto *count = new QStandardItem(QString::number(invoices));
        count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_perCustomer->appendRow(QList<QStandardItem *>{ new QStandardItem(first + u' ' + last), count, amount });
    }
    m_perCountry->clear();
    m_perCountry->setHorizontalHeaderLabels({ tr("Country"), tr("Invoices"), tr("Total") });
    for (const auto &[country, invoices, total] : perCountry.value()) {
        auto *amount = new QStandardItem(money(total));
        amount->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        auto *count = new QStandardItem(QString::number(invoices));
        count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_perCountry->appendRow(QList<QStandardItem *>{ new QStandardItem(country.value_or(tr("(none)"))), count, amount });
    }

    auto *set = new QBarSet(tr("Sales"));
    QStringList genres;
    double highest = 0;
    for (const auto &[name, total] : perGenre.value()) {
        const double amount = total ? total->toString().toDouble() : 0.0;
        genres.append(name.value_or(tr("(none)")));
        *set << amount;
        highest = qMax(highest, amount);
    }
    auto *series = new QBarSeries;
    series->append(set);
    auto *chart = new QChart;
    chart->setTitle(tr("Sales per genre (top 10)"));
    chart->addSeries(series);
    chart->legend()->hide();
    auto *axisX = new QBarCategoryAxis;
    axisX->append(genres);
    axisX->setLabelsAngle(-45);
    chart->addAxis(axisX, Qt::AlignBottom);
    series->attachAxis(axisX);
    auto *axisY = new QValueAxis;
    axisY->setRange(0, highest * 1.1);
    axisY->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(axisY, Qt::AlignLeft);
    series->attachAxis(axisY);
    QChart *old = m_chart->chart();
    m_chart->setChart(chart);
    delete old;
    return m_customers->select();
}
