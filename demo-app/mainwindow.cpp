// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include <chinook/chinook.h>
#include <qorm/entitytablemodel.h>
#include <qorm/session.h>

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>

using qorm::EntityTableModel;

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

MainWindow::MainWindow(const qorm::Database &database, QWidget *parent)
    : QMainWindow(parent), m_database(database), m_session(std::make_unique<qorm::Session>(database))
{
    setWindowTitle(tr("qorm demo — %1").arg(shortName(database)));
    m_tabs = new QTabWidget(this);
    setCentralWidget(m_tabs);

    m_artists = new EntityTableModel(m_session.get(), Artist::staticMetaObject, this);
    m_artists->setColumns({ QStringLiteral("id"), QStringLiteral("name") });
    m_albums = new EntityTableModel(m_session.get(), Album::staticMetaObject, this);
    m_albums->setColumns({ QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("artist.name") });
    m_tracks = new EntityTableModel(m_session.get(), Track::staticMetaObject, this);
    m_tracks->setColumns({ QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("album.title"),
                           QStringLiteral("genre.name"), QStringLiteral("composer"), QStringLiteral("milliseconds"),
                           QStringLiteral("unitPrice") });
    m_tracks->setHeaderData(2, Qt::Horizontal, tr("Album"));
    m_tracks->setHeaderData(3, Qt::Horizontal, tr("Genre"));
    m_tracks->setHeaderData(5, Qt::Horizontal, tr("Length (ms)"));
    m_albums->setHeaderData(2, Qt::Horizontal, tr("Artist"));

    addTab(m_artists, tr("Artists"));
    addTab(m_albums, tr("Albums"));
    QTableView *tracksView = addTab(m_tracks, tr("Tracks"));
    m_tabs->setCurrentWidget(tracksView);

    QToolBar *toolBar = addToolBar(tr("Edit"));
    toolBar->setObjectName(QStringLiteral("editToolBar"));
    QAction *saveAction = toolBar->addAction(tr("Save"), this, &MainWindow::save);
    saveAction->setShortcut(QKeySequence::Save);
    QAction *revertAction = toolBar->addAction(tr("Revert"), this, &MainWindow::revert);
    revertAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    toolBar->addAction(tr("Reload"), this, &MainWindow::reload);

    m_status = new QLabel(this);
    m_counts = new QLabel(this);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_counts);
    connect(m_session.get(), &qorm::Session::errorOccurred, this,
            [this](const qorm::Error &e) { showError(tr("Database"), e.toString()); });
    reload();
    resize(1100, 650);
}

MainWindow::~MainWindow()
{
    // Models hold entities of the session: delete them before it.
    delete m_tabs;
    delete m_artists;
    delete m_albums;
    delete m_tracks;
}

QTableView *MainWindow::addTab(EntityTableModel *model, const QString &title)
{
    auto *view = new QTableView(m_tabs);
    view->setObjectName(title.toLower());
    view->setModel(model);
    view->setSortingEnabled(false);
    view->horizontalHeader()->setSectionsClickable(true);
    view->horizontalHeader()->setSortIndicatorShown(true);
    // Header clicks sort in SQL (ORDER BY), not in memory.
    connect(view->horizontalHeader(), &QHeaderView::sortIndicatorChanged, model,
            [model](int section, Qt::SortOrder order) { model->sort(section, order); });
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setMaximumSectionSize(300);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                          | QAbstractItemView::AnyKeyPressed);
    connect(model, &EntityTableModel::errorOccurred, this,
            [this, title](const qorm::Error &e) { showError(title, e.toString()); });
    m_tabs->addTab(view, title);
    return view;
}

QString MainWindow::statusText() const
{
    return m_status->text();
}

bool MainWindow::save()
{
    // Any model's submitAll() commits the whole shared session in one transaction.
    if (!m_tracks->submitAll())
        return false;
    m_status->setStyleSheet({});
    m_status->setText(tr("Saved."));
    updateCounts();
    return true;
}

void MainWindow::revert()
{
    m_tracks->revertAll();
    m_status->setStyleSheet({});
    m_status->setText(tr("Unsaved changes discarded."));
}

void MainWindow::reload()
{
    bool ok = true;
    for (EntityTableModel *m : { m_artists, m_albums, m_tracks })
        ok = m->select() && ok;
    if (ok)
        m_status->setText(tr("Loaded from %1").arg(shortName(m_database)));
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *view = qobject_cast<QTableView *>(m_tabs->widget(i)))
            view->resizeColumnsToContents();
    updateCounts();
}

void MainWindow::showError(const QString &what, const QString &message)
{
    m_status->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold"));
    m_status->setText(tr("%1 error: %2").arg(what, message));
}

void MainWindow::updateCounts()
{
    auto artists = m_artists->query().count();
    auto albums = m_albums->query().count();
    auto tracks = m_tracks->query().count();
    if (artists && albums && tracks)
        m_counts->setText(tr("%1 artists · %2 albums · %3 tracks").arg(artists.value()).arg(albums.value()).arg(tracks.value()));
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
