// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "displaydelegate.h"
#include "invoicesview.h"
#include "opendialog.h"

#include <chinook/chinook.h>
#include <qorm/entitytablemodel.h>
#include <qorm/session.h>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

using qorm::EntityTableModel;

template<typename Work>
auto MainWindow::busy(const QString &label, Work work)
{
    // Statements run synchronously; each one finished advances the dialog, which shows itself
    // once the work has taken longer than its minimum duration.
    QProgressDialog progress(label, QString(), 0, 0, this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(500);
    progress.setValue(0);
    m_progress = &progress;
    auto result = work();
    m_progress = nullptr;
    return result;
}

/*!
 * How the window names \a database: a SQLite file by its file name (a full path would show the
 * user's home directory in every screenshot), a server by its URL without password or options.
 */
static QString shortName(const qorm::Database &database)
{
    const QString url = database.displayUrl();
    if (url.startsWith(QStringLiteral("sqlite:")))
        return QFileInfo(url.mid(url.indexOf(u':') + 1)).fileName() + QStringLiteral(" (SQLite)");
    return url;
}

/*! A theme icon, or the style's standard one where the desktop has no icon theme. */
static QIcon icon(const char *theme, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(theme), QApplication::style()->standardIcon(fallback));
}

MainWindow::MainWindow(const qorm::Database &database, QWidget *parent) : QMainWindow(parent)
{
    m_undo = new QUndoStack(this);
    m_tabs = new QTabWidget(this);
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateRange);

    auto add = [this](const QString &name, const QString &text, const QIcon &i, const QKeySequence &key, auto slot) {
        auto *a = new QAction(i, text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        m_actions.insert(name, a);
        return a;
    };
    QAction *open = add(QStringLiteral("open"), tr("&Open database…"), icon("document-open", QStyle::SP_DialogOpenButton), QKeySequence::Open, &MainWindow::openDatabase);
    QAction *save = add(QStringLiteral("save"), tr("&Save"), icon("document-save", QStyle::SP_DialogSaveButton), QKeySequence::Save, &MainWindow::save);
    QAction *revert = add(QStringLiteral("revert"), tr("Re&vert"), icon("document-revert", QStyle::SP_DialogResetButton), QKeySequence(), &MainWindow::revert);
    QAction *reload = add(QStringLiteral("reload"), tr("&Reload"), icon("view-refresh", QStyle::SP_BrowserReload), QKeySequence::Refresh, &MainWindow::reload);
    QAction *addRow = add(QStringLiteral("addRow"), tr("&Add row"), icon("list-add", QStyle::SP_FileDialogNewFolder), QKeySequence(Qt::Key_Insert), &MainWindow::addRow);
    QAction *deleteRows = add(QStringLiteral("deleteRows"), tr("&Delete rows"), icon("list-remove", QStyle::SP_TrashIcon), QKeySequence::Delete, &MainWindow::deleteRows);
    // Insert and Delete act on the table that has the focus, not on the search box.
    addRow->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    deleteRows->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QAction *undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("undo"));
    undo->setIcon(icon("edit-undo", QStyle::SP_ArrowBack));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("redo"));
    redo->setIcon(icon("edit-redo", QStyle::SP_ArrowForward));
    redo->setShortcut(QKeySequence::Redo);
    m_actions.insert(QStringLiteral("undo"), undo);
    m_actions.insert(QStringLiteral("redo"), redo);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addActions({ open, save, revert, reload });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addActions({ undo, redo });
    edit->addSeparator();
    edit->addActions({ addRow, deleteRows });
    edit->addAction(tr("&Find"), QKeySequence::Find, this, [this] { m_search->setFocus(); m_search->selectAll(); });

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({ open, save, revert });
    bar->addSeparator();
    bar->addActions({ undo, redo });
    bar->addSeparator();
    bar->addActions({ addRow, deleteRows });
    bar->addSeparator();
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search the table in use…"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(280);
    bar->addWidget(m_search);
    // The search runs in SQL once typing pauses.
    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(250);
    connect(m_search, &QLineEdit::textEdited, m_searchTimer, qOverload<>(&QTimer::start));
    connect(m_searchTimer, &QTimer::timeout, this, [this] {
        if (EntityTableModel *m = currentModel())
            m->setSearch(m_search->text());
    });

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_range = new QLabel(this);
    m_timing = new QLabel(this);
    m_timing->setContentsMargins(12, 0, 0, 0);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_range);
    statusBar()->addPermanentWidget(m_timing);
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
        for (QWidget *w = now; w; w = w->parentWidget())
            if (auto *view = qobject_cast<QTableView *>(w); view && (view == m_artistView || view == m_albumView || view == m_trackView))
                return setCurrentView(view);
    });

    setDatabase(database);
    resize(1280, 760);
}

MainWindow::~MainWindow()
{
    // Views and models hold entities of the session: they go first.
    delete m_tabs;
    for (EntityTableModel *m : { m_artists, m_albums, m_tracks })
        delete m;
}

void MainWindow::setDatabase(const qorm::Database &database)
{
    // A new database: new session, models and views (the old ones go before their session).
    m_undo->clear();
    while (m_tabs->count() > 0)
        delete m_tabs->widget(0);
    for (EntityTableModel *m : { m_artists, m_albums, m_tracks })
        delete m;
    m_artists = m_albums = m_tracks = nullptr;
    m_artistView = m_albumView = m_trackView = m_current = nullptr;
    m_invoices = nullptr;
    m_totals.clear();
    m_database = database;
    m_session = std::make_unique<qorm::Session>(database);
    setWindowTitle(tr("%1[*] — qorm demo").arg(shortName(database)));
    connect(m_session.get(), &qorm::Session::errorOccurred, this, &MainWindow::showError);
    connect(m_session.get(), &qorm::Session::statementExecuted, this, [this](const QString &, const QVariantList &, qint64 us) {
        m_timing->setText(tr("last statement %1 ms").arg(double(us) / 1000.0, 0, 'f', us < 10000 ? 2 : 0));
        if (m_progress)
            m_progress->setValue(0);
    });
    for (auto signal : { &qorm::Session::committed, &qorm::Session::rolledBack })
        connect(m_session.get(), signal, this, &MainWindow::updateDirty);
    connect(m_session.get(), &qorm::Session::entityChanged, this, &MainWindow::updateDirty);

    m_artists = new EntityTableModel(m_session.get(), Artist::staticMetaObject, this);
    m_artists->setColumns({ QStringLiteral("name") });
    m_albums = new EntityTableModel(m_session.get(), Album::staticMetaObject, this);
    m_albums->setColumns({ QStringLiteral("title"), QStringLiteral("artist") });
    m_tracks = new EntityTableModel(m_session.get(), Track::staticMetaObject, this);
    m_tracks->setColumns({ QStringLiteral("name"), QStringLiteral("album"), QStringLiteral("genre"), QStringLiteral("mediaType"),
                           QStringLiteral("composer"), QStringLiteral("milliseconds"), QStringLiteral("unitPrice") });
    m_tracks->setHeaderData(5, Qt::Horizontal, tr("Length"));
    m_tracks->setHeaderData(6, Qt::Horizontal, tr("Price"));
    // New tracks: the cheapest media type and the usual price, the rest typed by the user.
    connect(m_tracks, &EntityTableModel::primeInsert, this, [](int, qorm::Entity *e) {
        auto *track = static_cast<Track *>(e);
        track->setMediaTypeId(1);
        track->setUnitPrice(qorm::Decimal(99, 2));
        track->setMilliseconds(0);
    });

    auto *music = new QSplitter(Qt::Horizontal, m_tabs);
    m_artistView = makeView(m_artists, QStringLiteral("artists"));
    auto *right = new QSplitter(Qt::Vertical, music);
    m_albumView = makeView(m_albums, QStringLiteral("albums"));
    m_trackView = makeView(m_tracks, QStringLiteral("tracks"));
    music->addWidget(m_artistView);
    right->addWidget(m_albumView);
    right->addWidget(m_trackView);
    right->setStretchFactor(1, 3);
    music->addWidget(right);
    music->setStretchFactor(1, 3);
    m_tabs->addTab(music, tr("Music"));
    // Master-detail through the declared relations: Album.artist and Track.album.
    m_albums->setMaster(m_artistView->selectionModel(), QStringLiteral("artist"));
    m_tracks->setMaster(m_albumView->selectionModel(), QStringLiteral("album"));

    m_invoices = new InvoicesView(m_session.get(), m_undo, m_tabs);
    m_tabs->addTab(m_invoices, tr("Invoices"));
    connect(m_invoices->customers(), &EntityTableModel::dirtyChanged, this, &MainWindow::updateDirty);
    connect(m_invoices->customers(), &EntityTableModel::errorOccurred, this, &MainWindow::showError);

    m_artists->sort(0, Qt::AscendingOrder); // artists by name (albums and tracks in their key order)
    m_artistView->horizontalHeader()->setSortIndicator(0, Qt::AscendingOrder);
    reload();
    // Start on the first artist with albums and its first album: something in every pane.
    for (int row = 0; row < qMin(m_artists->rowCount(), 50); ++row) {
        m_artistView->setCurrentIndex(m_artists->index(row, 0));
        if (m_albums->rowCount() > 0)
            break;
    }
    m_albumView->setCurrentIndex(m_albums->index(0, 0));
    setCurrentView(m_trackView);
    showMessage(tr("Opened %1").arg(shortName(database)));
    updateDirty();
}

QTableView *MainWindow::makeView(EntityTableModel *model, const QString &name)
{
    auto *view = new QTableView(m_tabs);
    view->setObjectName(name);
    view->setModel(model);
    view->setItemDelegate(new DisplayDelegate(view));
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    QHeaderView *header = view->horizontalHeader();
    header->setMaximumSectionSize(360);
    header->setStretchLastSection(false);
    // The name or title takes the room left; the other columns fit what they show (the rows of
    // one master row: few, so measuring them is cheap).
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(0, QHeaderView::Stretch);
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    // Header clicks sort in SQL (a relation column by the text it shows), not in memory.
    connect(header, &QHeaderView::sortIndicatorChanged, model, [model](int section, Qt::SortOrder order) { model->sort(section, order); });
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    view->addActions({ m_actions.value(QStringLiteral("addRow")), m_actions.value(QStringLiteral("deleteRows")) });
    connect(model, &EntityTableModel::errorOccurred, this, &MainWindow::showError);
    connect(model, &EntityTableModel::dirtyChanged, this, &MainWindow::updateDirty);
    connect(model, &QAbstractItemModel::modelReset, this, [this, model] {
        m_totals.insert(model, model->totalRowCount());
        updateRange();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateRange);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateRange);
    connect(view->verticalScrollBar(), &QScrollBar::valueChanged, this, &MainWindow::updateRange);
    view->viewport()->installEventFilter(this); // the rows in sight change with its size too
    model->setUndoStack(m_undo);
    return view;
}

QAction *MainWindow::action(const QString &name) const
{
    return m_actions.value(name);
}

EntityTableModel *MainWindow::currentModel() const
{
    return m_current ? qobject_cast<EntityTableModel *>(m_current->model()) : nullptr;
}

void MainWindow::setCurrentView(QTableView *view)
{
    if (m_current == view)
        return;
    m_current = view;
    if (EntityTableModel *m = currentModel())
        m_search->setText(m->searchText());
    updateRange();
}

QString MainWindow::statusText() const
{
    return m_status->text();
}

QString MainWindow::rangeText() const
{
    return m_range->text();
}

bool MainWindow::isDirty() const
{
    for (EntityTableModel *m : { m_artists, m_albums, m_tracks, m_invoices ? m_invoices->customers() : nullptr })
        if (m && m->isDirty())
            return true;
    return m_session && m_session->hasPendingChanges();
}

bool MainWindow::save()
{
    // Every table's rows and every edit, in one transaction.
    const bool saved = busy(tr("Saving…"), [this] {
        return EntityTableModel::submitAll({ m_artists, m_albums, m_tracks, m_invoices->customers() });
    });
    if (!saved)
        return false;
    for (EntityTableModel *m : { m_artists, m_albums, m_tracks })
        m_totals.insert(m, m->totalRowCount());
    showMessage(tr("Saved."));
    updateDirty();
    return true;
}

void MainWindow::revert()
{
    for (EntityTableModel *m : { m_artists, m_albums, m_tracks, m_invoices->customers() })
        m->revertAll();
    m_session->rollback(); // edits made elsewhere (none in this window, but never leave any)
    showMessage(tr("Unsaved changes discarded."));
    updateDirty();
}

void MainWindow::reload()
{
    // Selecting artists re-selects albums and tracks through master-detail.
    busy(tr("Loading…"), [this] { return m_artists->select() && m_invoices->reload(); });
}

void MainWindow::addRow()
{
    if (!m_current)
        return;
    EntityTableModel *model = currentModel();
    const int row = m_current->currentIndex().isValid() ? m_current->currentIndex().row() + 1 : model->rowCount();
    if (!model->insertRows(row, 1))
        return;
    m_current->setCurrentIndex(model->index(row, 0));
    m_current->edit(model->index(row, 0));
}

void MainWindow::deleteRows()
{
    if (!m_current)
        return;
    EntityTableModel *model = currentModel();
    QList<int> rows;
    for (const QModelIndex &i : m_current->selectionModel()->selectedRows())
        rows.append(i.row());
    if (rows.isEmpty() && m_current->currentIndex().isValid())
        rows.append(m_current->currentIndex().row());
    if (rows.isEmpty())
        return;
    if (m_confirmDeletes
        && QMessageBox::question(this, tr("Delete rows"), tr("Delete %n row(s)? They are removed from the database when you save.", nullptr, int(rows.size())))
                   != QMessageBox::Yes)
        return;
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (int row : rows)
        model->removeRows(row, 1);
}

void MainWindow::openDatabase()
{
    if (isDirty()) {
        const auto answer = QMessageBox::question(this, tr("Open a database"), tr("Save your changes before opening another database?"),
                                                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !save()))
            return;
    }
    OpenDialog dialog(m_database.displayUrl(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto db = qorm::Database::open(dialog.url());
    if (!db) {
        showError(db.error());
        return;
    }
    setDatabase(db.value());
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && m_current && watched == m_current->viewport())
        updateRange();
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (isDirty()) {
        const auto answer = QMessageBox::question(this, tr("Unsaved changes"), tr("Save your changes before closing?"),
                                                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !save())) {
            event->ignore();
            return;
        }
    }
    event->accept();
}

void MainWindow::showError(const qorm::Error &error)
{
    // One line in the status bar; the SQL and the database's own text in its tooltip.
    m_status->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold"));
    m_status->setText(error.toString());
    m_status->setToolTip(error.detailedText());
}

void MainWindow::showMessage(const QString &text)
{
    m_status->setStyleSheet({});
    m_status->setText(text);
    m_status->setToolTip({});
}

void MainWindow::updateDirty()
{
    const bool dirty = isDirty();
    setWindowModified(dirty);
    m_actions.value(QStringLiteral("save"))->setEnabled(dirty);
    m_actions.value(QStringLiteral("revert"))->setEnabled(dirty);
}

void MainWindow::updateRange()
{
    EntityTableModel *model = currentModel();
    if (!model || !m_current || m_tabs->currentIndex() != 0) {
        m_range->clear(); // the Invoices tab shows totals, not a table being paged
        return;
    }
    const int rows = model->rowCount();
    const int first = m_current->rowAt(0);
    int last = m_current->rowAt(m_current->viewport()->height() - 1);
    if (last < 0)
        last = rows - 1;
    const qint64 total = m_totals.value(model, rows);
    m_range->setText(rows == 0 ? tr("no rows") : tr("%1–%2 of %3").arg(first + 1).arg(last + 1).arg(qMax<qint64>(total, rows)));
}

QString defaultChinookUrl(QString *errorMessage)
{
    // The bundled file stays pristine: the demo edits a copy in the user's data directory.
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString target = QDir(dataDir).filePath(QStringLiteral("Chinook_Sqlite.sqlite"));
    if (!QFileInfo::exists(target)) {
        QString source = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/qorm/Chinook_Sqlite.sqlite"));
        if (!QFileInfo::exists(source))
            source = QStringLiteral(QORM_CHINOOK_SQLITE);
        if (!QDir().mkpath(dataDir) || !QFile::copy(source, target)) {
            *errorMessage = QObject::tr("cannot copy %1 to %2").arg(source, target);
            return {};
        }
        QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    }
    // Chinook's SQLite file names tables and columns in PascalCase ("AlbumId").
    return QStringLiteral("sqlite:///") + QFileInfo(target).absoluteFilePath() + QStringLiteral("?naming=pascal_case");
}

QString withChinookNaming(const QString &url)
{
    if (url.contains(QStringLiteral("naming=")))
        return url;
    const bool postgres = url.startsWith(QStringLiteral("postgres"));
    return url + (url.contains(u'?') ? u'&' : u'?')
            + (postgres ? QStringLiteral("naming=snake_case") : QStringLiteral("naming=pascal_case"));
}
