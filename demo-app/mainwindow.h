// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/database.h>

#include <QMainWindow>
#include <memory>

class InvoicesView;
class QAction;
class QLabel;
class QLineEdit;
class QProgressDialog;
class QTabWidget;
class QTableView;
class QTimer;
class QUndoStack;

namespace qorm {
class EntityTableModel;
class Error;
class Session;
}

/*!
 * The demo's main window over a Chinook database, one qorm::Session shared by every view:
 * - **Music**: Artists → Albums → Tracks, master-detail (selecting an artist narrows the albums,
 *   an album the tracks), album, genre and media type picked from combo boxes, a search box
 *   pushed to SQL for the table in use, sorting by header click in SQL.
 * - **Invoices**: sales per customer and per country, a chart of sales per genre, a customer form.
 * - Add and delete rows (toolbar, Insert / Delete keys, context menu; deletes are confirmed),
 *   Edit ▸ Undo / Redo one edit at a time, Save / Revert enabled only when something is unsaved
 *   (`*` in the title, a question on close), File ▸ Open a database by URL.
 * - The status bar: "x–y of N" for the table in use, the last statement's duration, and errors in
 *   one line with the details in a tooltip.
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
    QTableView *artistView() const { return m_artistView; }
    QTableView *albumView() const { return m_albumView; }
    QTableView *trackView() const { return m_trackView; }
    InvoicesView *invoices() const { return m_invoices; }
    QUndoStack *undoStack() const { return m_undo; }
    QTabWidget *tabs() const { return m_tabs; }
    QLineEdit *searchBox() const { return m_search; }
    /*! The action of \a name: "open", "save", "revert", "undo", "redo", "addRow", "deleteRows". */
    QAction *action(const QString &name) const;
    /*! The text of the status bar's message area (errors and results). */
    QString statusText() const;
    /*! The "x–y of N" text of the status bar. */
    QString rangeText() const;
    /*! True when something is unsaved. */
    bool isDirty() const;
    /*! Delete asks before deleting; tests answer for the user. */
    void setConfirmDeletes(bool confirm) { m_confirmDeletes = confirm; }

public Q_SLOTS:
    /*! Saves every table's edits, inserts and deletions in one transaction. */
    bool save();
    /*! Discards every unsaved edit. */
    void revert();
    /*! Reads everything again (unsaved edits stay). */
    void reload();
    /*! Adds a row to the table in use (after its current row). */
    void addRow();
    /*! Deletes the selected rows of the table in use (asks first). */
    void deleteRows();
    /*! File ▸ Open: a database URL dialog. */
    void openDatabase();

protected:
    void closeEvent(QCloseEvent *event) override;
    /*! Keeps "x–y of N" right when the table in use is resized (or first laid out). */
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setDatabase(const qorm::Database &database);
    QTableView *makeView(qorm::EntityTableModel *model, const QString &name);
    qorm::EntityTableModel *currentModel() const;
    void setCurrentView(QTableView *view);
    void showError(const qorm::Error &error);
    void showMessage(const QString &text);
    void updateDirty();
    void updateRange();
    /*! Runs \a work with a progress dialog that appears when it takes longer than half a second. */
    template<typename Work>
    auto busy(const QString &label, Work work);

    qorm::Database m_database;
    std::unique_ptr<qorm::Session> m_session;
    QUndoStack *m_undo = nullptr;
    qorm::EntityTableModel *m_artists = nullptr;
    qorm::EntityTableModel *m_albums = nullptr;
    qorm::EntityTableModel *m_tracks = nullptr;
    QTableView *m_artistView = nullptr;
    QTableView *m_albumView = nullptr;
    QTableView *m_trackView = nullptr;
    QTableView *m_current = nullptr;
    InvoicesView *m_invoices = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLineEdit *m_search = nullptr;
    QTimer *m_searchTimer = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_range = nullptr;
    QLabel *m_timing = nullptr;
    QHash<QString, QAction *> m_actions;
    QHash<qorm::EntityTableModel *, qint64> m_totals; //!< COUNT(*) per model, refreshed on select and save.
    QProgressDialog *m_progress = nullptr; //!< While busy(): advanced by every statement.
    bool m_confirmDeletes = true;
};

/*! The bundled Chinook SQLite file, copied on first use into the user's data directory; its URL. */
QString defaultChinookUrl(QString *errorMessage);

/*!
 * \a url with the naming strategy of the published Chinook scripts added when it has none:
 * snake_case for PostgreSQL (Chinook_PostgreSql.sql), PascalCase elsewhere.
 */
QString withChinookNaming(const QString &url);
