// SPDX-License-Identifier: MIT
// The demo application, offscreen: opens Chinook, shows it, edits one track name and saves.
#include "mainwindow.h"
#include "testbackends.h"

#include <qorm/entitytablemodel.h>
#include <qorm/session.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QFileInfo>
#include <QTest>

class tst_Demo : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setApplicationName(QStringLiteral("qorm-demo-test"));
        // Start from the bundled file, as a first run of the demo does.
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }

    void cleanupTestCase() { QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively(); }

    void opensChinookEditsAndSaves()
    {
        QString error;
        const QString url = defaultChinookUrl(&error);
        QVERIFY2(!url.isEmpty(), qPrintable(error));
        QVERIFY(url.startsWith(u"sqlite:////"_qs));
        auto db = qorm::Database::open(url);
        QVERIFY(db);
        MainWindow window(db.value());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // Screenshots are shared: the window names the file, never the user's directories.
        const QString dir = QFileInfo(url.mid(9)).absolutePath();
        QVERIFY2(!window.statusText().contains(dir) && !window.windowTitle().contains(dir), qPrintable(window.statusText()));
        QVERIFY2(window.statusText().contains(u"Chinook_Sqlite.sqlite (SQLite)"_qs), qPrintable(window.statusText()));
        QAbstractItemModelTester t1(window.artists(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(window.albums(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t3(window.tracks(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        for (qorm::EntityTableModel *m : { window.artists(), window.albums(), window.tracks() })
            while (m->canFetchMore({}))
                m->fetchMore({});
        QCOMPARE(window.artists()->rowCount(), 275);
        QCOMPARE(window.albums()->rowCount(), 347);
        QCOMPARE(window.tracks()->rowCount(), 3503);

        qorm::EntityTableModel *tracks = window.tracks();
        QCOMPARE(tracks->data(tracks->index(0, 1)).toString(), u"For Those About To Rock (We Salute You)"_qs);
        QCOMPARE(tracks->data(tracks->index(0, 2)).toString(), u"For Those About To Rock We Salute You"_qs);
        QCOMPARE(tracks->data(tracks->index(0, 3)).toString(), u"Rock"_qs);

        // Edit the first track's name through the view's editor, as a user would.
        auto *view = qobject_cast<QTableView *>(window.tabs()->currentWidget());
        QVERIFY(view);
        QCOMPARE(view->model(), tracks);
        const QModelIndex cell = tracks->index(0, 1);
        view->setCurrentIndex(cell);
        view->edit(cell);
        auto *editor = view->viewport()->findChild<QLineEdit *>();
        QVERIFY(editor);
        QCOMPARE(editor->text(), u"For Those About To Rock (We Salute You)"_qs);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, QStringLiteral("Saved from the demo"));
        QCOMPARE(editor->text(), u"Saved from the demo"_qs);
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(tracks->data(cell).toString(), u"Saved from the demo"_qs); // the delegate commits queued
        QVERIFY(tracks->isDirty());
        QVERIFY(window.save());
        QCOMPARE(window.statusText(), u"Saved."_qs);

        const QImage shot = window.grab().toImage();
        QVERIFY(!shot.isNull());
        if (!qEnvironmentVariableIsEmpty("QORM_SCREENSHOT"))
            QVERIFY(shot.save(qEnvironmentVariable("QORM_SCREENSHOT")));

        // A separate connection sees the saved name in the user's copy, not in the bundled file.
        const QString path = url.mid(QStringLiteral("sqlite:///").size()).section(u'?', 0, 0);
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("verify-demo"));
        raw.setDatabaseName(path);
        QVERIFY(raw.open());
        {
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("SELECT Name FROM Track WHERE TrackId = 1")) && q.next());
            QCOMPARE(q.value(0).toString(), u"Saved from the demo"_qs);
        }
        raw.close();
        raw.setDatabaseName(QStringLiteral(QORM_CHINOOK_SQLITE));
        QVERIFY(raw.open());
        {
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("SELECT Name FROM Track WHERE TrackId = 1")) && q.next());
            QCOMPARE(q.value(0).toString(), u"For Those About To Rock (We Salute You)"_qs);
        }
        raw.close();
        raw = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("verify-demo"));
    }

    void opensTheServersByUrl_data()
    {
        // The URL as a user types it, without ?naming=: the demo knows Chinook's conventions.
        qormtest::addServerRows("QORM_CHINOOK_PSQL_URL", "QORM_CHINOOK_MYSQL_URL", true);
    }

    void opensTheServersByUrl()
    {
        QFETCH(QString, url);
        QORM_SKIP_WITHOUT_SERVER(url);
        auto db = qorm::Database::open(withChinookNaming(url));
        QVERIFY2(db, qPrintable(db.error().toString()));
        MainWindow window(db.value());
        window.show();
        for (qorm::EntityTableModel *m : { window.artists(), window.albums(), window.tracks() })
            while (m->canFetchMore({}))
                m->fetchMore({});
        QCOMPARE(window.artists()->rowCount(), 275);
        QCOMPARE(window.albums()->rowCount(), 347);
        QCOMPARE(window.tracks()->rowCount(), 3503);
        QCOMPARE(window.tracks()->data(window.tracks()->index(0, 2)).toString(), u"For Those About To Rock We Salute You"_qs);
        QCOMPARE(window.tracks()->data(window.tracks()->index(0, 3)).toString(), u"Rock"_qs);
        QVERIFY2(!window.statusText().contains(u"error"_qs), qPrintable(window.statusText()));
    }

    void saveErrorsShowInTheStatusBar()
    {
        QString error;
        auto db = qorm::Database::open(defaultChinookUrl(&error));
        QVERIFY(db);
        MainWindow window(db.value());
        qorm::EntityTableModel *tracks = window.tracks();
        QVERIFY(tracks->setData(tracks->index(1, 1), QString())); // NULL into NOT NULL Name
        QVERIFY(!window.save());
        QVERIFY2(window.statusText().contains(u"Track.name: must not be NULL"_qs), qPrintable(window.statusText()));
        window.revert();
        QVERIFY(!tracks->isDirty());
    }
};

QTEST_MAIN(tst_Demo)
#include "tst_demo.moc"
