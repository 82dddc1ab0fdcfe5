// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;

/*!
 * File ▸ Open: a database URL (the forms qorm accepts are listed under the field), a Test button
 * that connects and reports in one line, and Open. The URL gets Chinook's naming when it has none.
 */
class OpenDialog : public QDialog
{
    Q_OBJECT
public:
    explicit OpenDialog(const QString &currentUrl, QWidget *parent = nullptr);
    /*! The URL to open, with Chinook's naming strategy added when it names none. */
    QString url() const;
    /*! Connects to url() and shows the result; true when it connected. */
    bool testConnection();

private:
    QLineEdit *m_url;
    QLabel *m_result;
};
