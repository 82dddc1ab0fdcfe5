// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/database.h>

#include <QMainWindow>
#include <memory>

class QLabel;
class QTabWidget;
class QTableView;

namespace qorm {
class EntityTableModel;
class Session;
}

/*!
 * The demo's main window: Artists, Albums and Tracks of a Chinook database in tabs, each a
 * QTableView over a qorm::EntityTableModel sharing one session. Edits are kept until Save
 * (Ctrl+S) commits them in one transaction; Revert discards them. Every error shows in the
 * status bar.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const qorm::Database &database, QWidget *parent = nullptr);
    ~MainWindow() override;

    qorm::Session *session() const { return m_session.get(); }
    qorm::EntityTableModel *artists() const { return m_artists; }
    qorm::EntityTableModel *albums() const { return m_albums; }
    qorm::EntityTableModel *tracks() const { return m_tracks; }
    QTabWidget *tabs() const { return m_tabs; }
    /*! The text of the status bar's message area (errors and results). */
    QString statusText() const;

public Q_SLOTS:
    bool save();
    void revert();
    void reload();

private:
    QTableView *addTab(qorm::EntityTableModel *model, const QString &title);
    void showError(const QString &what, const QString &message);
    void updateCounts();

    qorm::Database m_database;
    std::unique_ptr<qorm::Session> m_session;
    qorm::EntityTableModel *m_artists = nullptr;
    qorm::EntityTableModel *m_albums = nullptr;
    qorm::EntityTableModel *m_tracks = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_counts = nullptr;
};

/*! The bundled Chinook SQLite file, copied on first use into the user's data directory; its URL. */
QString defaultChinookUrl(QString *errorMessage);

/*!
 * \a url with the naming strategy of the published Chinook scripts added when it has none:
 * snake_case for PostgreSQL (Chinook_PostgreSql.sql), PascalCase elsewhere.
 */
QString withChinookNaming(const QString &url);
