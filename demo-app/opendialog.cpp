// SPDX-License-Identifier: MIT
#include "opendialog.h"
#include "mainwindow.h"

#include <qorm/database.h>

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

OpenDialog::OpenDialog(const QString &currentUrl, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Open a database"));
    m_url = new QLineEdit(currentUrl, this);
    m_url->setObjectName(QStringLiteral("url"));
    m_url->setMinimumWidth(520);
    auto *forms = new QLabel(tr("<small>sqlite:///path/to/Chinook_Sqlite.sqlite<br>"
                                "postgresql://user:password@host:5432/chinook<br>"
                                "mysql://user:password@host:3306/Chinook</small>"),
                             this);
    forms->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("result"));
    m_result->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    QPushButton *test = buttons->addButton(tr("Test connection"), QDialogButtonBox::ActionRole);
    connect(test, &QPushButton::clicked, this, &OpenDialog::testConnection);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *form = new QFormLayout;
    form->addRow(tr("Database URL:"), m_url);
    form->addRow(QString(), forms);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
}

QString OpenDialog::url() const
{
    return withChinookNaming(m_url->text().trimmed());
}

bool OpenDialog::testConnection()
{
    auto db = qorm::Database::open(url());
    if (!db) {
        m_result->setText(tr("Cannot connect: %1").arg(db.error().toString()));
        m_result->setToolTip(db.error().detailedText());
        return false;
    }
    if (auto connection = db.value().connection(); !connection) {
        m_result->setText(tr("Cannot connect: %1").arg(connection.error().toString()));
        m_result->setToolTip(connection.error().detailedText());
        return false;
    }
    m_result->setText(tr("Connected to %1.").arg(db.value().displayUrl()));
    m_result->setToolTip({});
    return true;
}
