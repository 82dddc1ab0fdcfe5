// SPDX-License-Identifier: MIT
// The demo application driven offscreen as a person would — click an artist, an album, type a
// track name, pick a genre in the combo box, add and delete a track with the keys, undo, save —
// on SQLite, PostgreSQL and MariaDB Chinook, checked with raw SQL. Also writes the README
// screenshot (QORM_SCREENSHOT=file.png).
#include "invoicesview.h"
#include "mainwindow.h"
#include "opendialog.h"
#include "testbackends.h"

#include <qorm/dialect.h>
#include <qorm/entitytablemodel.h>
#include <qorm/namingstrategy.h>
#include <qorm/session.h>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace Qt::StringLiterals;

class tst_Demo : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    qorm::Database m_db;

    QString sqlitePath() const { return m_dir.filePath(u"chinook.sqlite"_s); }
    QString q(const QString &name) const { return m_db.dialect().quoteIdentifier(qorm::applyNamingStrategy(m_db.namingStrategy(), name)); }
    QVariant raw(const QString &sql, const QVariantList &values = {}) const { return qormtest::rawValue(m_db, sql, values); }

    static void click(QTableView *view, const QModelIndex &index)
    {
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
        // What the click does on a desktop (offscreen, QTest clicks are not spontaneous, and a
        // popup that closed leaves no active window).
        QApplication::setActiveWindow(view->window());
        view->setFocus(Qt::MouseFocusReason);
    }
    static int rowWith(const QAbstractItemModel *model, int column, const QString &text)
    {
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->index(r, column).data().toString() == text)
                return r;
        return -1;
    }
    static QLineEdit *lineEditor(QTableView *view)
    {
        for (QLineEdit *e : view->viewport()->findChildren<QLineEdit *>())
            if (e->isVisible())
                return e;
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setApplicationName(QStringLiteral("qorm-demo-test"));
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }
    void cleanupTestCase() { QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively(); }

    void mainPath_data() { qormtest::addChinookRows(sqlitePath()); }

    void mainPath()
    {
        QFETCH(QString, url);
        QVERIFY(qormtest::freshCopy(QStringLiteral(QORM_CHINOOK_SQLITE), sqlitePath()));
        auto db = qorm::Database::open(url);
        QORM_VERIFY_RESULT(db);
        m_db = db.value();
        MainWindow window(m_db);
        window.setConfirmDeletes(false);
        window.show();
        QApplication::setActiveWindow(&window); // keys and shortcuts go to the focused table
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QAbstractItemModelTester t1(window.artists(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(window.albums(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t3(window.tracks(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!window.isWindowModified());
        QVERIFY(!window.action(u"save"_s)->isEnabled());

        // Artist AC/DC, album Let There Be Rock: its 8 tracks.
        click(window.artistView(), window.artists()->index(rowWith(window.artists(), 0, u"AC/DC"_s), 0));
        QCOMPARE(window.albums()->rowCount(), 2);
        click(window.albumView(), window.albums()->index(rowWith(window.albums(), 0, u"Let There Be Rock"_s), 0));
        qorm::EntityTableModel *tracks = window.tracks();
        QCOMPARE(tracks->rowCount(), 8);
        QCOMPARE(tracks->data(tracks->index(0, 0)).toString(), u"Go Down"_s);
        QCOMPARE(tracks->data(tracks->index(0, 1)).toString(), u"Let There Be Rock"_s);
        QCOMPARE(tracks->data(tracks->index(0, 2)).toString(), u"Rock"_s);
        const qint64 goDown = tracks->entity(0)->property("id").toLongLong();

        // Type a new name into the first track.
        QTableView *view = window.trackView();
        click(view, tracks->index(0, 0));
        QTest::keyClick(view, Qt::Key_F2);
        QLineEdit *editor = lineEditor(view);
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, u"Go Down (live)"_s);
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(tracks->data(tracks->index(0, 0)).toString(), u"Go Down (live)"_s);
        QVERIFY2(window.rangeText() == u"1–8 of 8"_s, qPrintable(window.rangeText())); // the table in use
        QVERIFY(window.isWindowModified());
        QVERIFY(window.action(u"save"_s)->isEnabled());
        QCOMPARE(tracks->headerData(0, Qt::Vertical).toString(), u"* 1"_s);

        // Pick a genre from the combo box, searching as you type.
        const QModelIndex genre = tracks->index(1, 2);
        click(view, genre);
        QTest::keyClick(view, Qt::Key_F2);
        auto *combo = view->findChild<QComboBox *>(u"qorm_relation_combo"_s);
        QVERIFY(combo);
        combo->lineEdit()->selectAll();
        QTest::keyClicks(combo->lineEdit(), u"blu"_s);
        QTRY_COMPARE(combo->count(), 1);
        combo->setCurrentIndex(0);
        QTest::keyClick(combo->lineEdit(), Qt::Key_Return);
        QTRY_COMPARE(tracks->data(genre).toString(), u"Blues"_s);
        const qint64 second = tracks->entity(1)->property("id").toLongLong();

        // Insert adds a track to the album and opens its name for typing.
        click(view, tracks->index(7, 0));
        QTest::keyClick(view, Qt::Key_Insert);
        QCOMPARE(tracks->rowCount(), 9);
        QCOMPARE(tracks->headerData(8, Qt::Vertical).toString(), u"*"_s);
        QTRY_VERIFY(lineEditor(view));
        QTest::keyClicks(lineEditor(view), u"Bonus track"_s);
        QTest::keyClick(lineEditor(view), Qt::Key_Return);
        QTRY_COMPARE(tracks->data(tracks->index(8, 0)).toString(), u"Bonus track"_s);
        QTRY_COMPARE(tracks->data(tracks->index(8, 1)).toString(), u"Let There Be Rock"_s); // the master's album (shown once loaded)

        // Delete marks a track; Undo takes back that one edit only.
        click(view, tracks->index(3, 0));
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(tracks->headerData(3, Qt::Vertical).toString(), u"!"_s);
        window.action(u"undo"_s)->trigger();
        QCOMPARE(tracks->headerData(3, Qt::Vertical).toString(), u"4"_s);
        QCOMPARE(tracks->data(tracks->index(8, 0)).toString(), u"Bonus track"_s);
        QCOMPARE(tracks->data(tracks->index(0, 0)).toString(), u"Go Down (live)"_s);

        window.action(u"save"_s)->trigger();
        QVERIFY2(window.statusText() == u"Saved."_s, qPrintable(window.statusText()));
        QVERIFY(!window.isWindowModified());
        QVERIFY(!window.action(u"save"_s)->isEnabled());

        // What a second connection sees.
        const QString track = q(u"Track"_s), name = q(u"name"_s), id = q(u"trackId"_s), albumId = q(u"albumId"_s);
        QCOMPARE(raw(u"SELECT %1 FROM %2 WHERE %3 = ?"_s.arg(name, track, id), { goDown }).toString(), u"Go Down (live)"_s);
        QCOMPARE(raw(u"SELECT g.%1 FROM %2 t JOIN %3 g ON g.%4 = t.%4 WHERE t.%5 = ?"_s.arg(name, track, q(u"Genre"_s), q(u"genreId"_s), id),
                     { second }).toString(), u"Blues"_s);
        QCOMPARE(raw(u"SELECT COUNT(*) FROM %1 WHERE %2 = 4"_s.arg(track, albumId)).toInt(), 9);
        const qint64 bonus = raw(u"SELECT %1 FROM %2 WHERE %3 = 'Bonus track'"_s.arg(id, track, name)).toLongLong();
        QVERIFY(bonus > 3503);

        // Put the shared server database back as it was.
        QVERIFY(qormtest::execRaw(m_db, u"DELETE FROM %1 WHERE %2 = ?"_s.arg(track, id), { bonus }));
        QVERIFY(qormtest::execRaw(m_db, u"UPDATE %1 SET %2 = 'Go Down' WHERE %3 = ?"_s.arg(track, name, id), { goDown }));
        QVERIFY(qormtest::execRaw(m_db, u"UPDATE %1 SET %2 = 1 WHERE %3 = ?"_s.arg(track, q(u"genreId"_s), id), { second }));
        m_db = qorm::Database();
    }

    void invoicesShowAggregatesAndAChart()
    {
        QVERIFY(qormtest::freshCopy(QStringLiteral(QORM_CHINOOK_SQLITE), sqlitePath()));
        auto db = qorm::Database::open(u"sqlite:///"_s + sqlitePath() + u"?naming=pascal_case"_s);
        QORM_VERIFY_RESULT(db);
        MainWindow window(db.value());
        window.show();
        window.tabs()->setCurrentWidget(window.invoices());
        QStandardItemModel *customers = window.invoices()->perCustomer();
        QCOMPARE(customers->rowCount(), 59);
        QCOMPARE(customers->item(0, 0)->text(), u"Helena Holý"_s); // Chinook's best customer
        QCOMPARE(customers->item(0, 2)->text(), u"49.62"_s);
        QStandardItemModel *countries = window.invoices()->perCountry();
        QCOMPARE(countries->item(0, 0)->text(), u"USA"_s);
        QCOMPARE(countries->item(0, 2)->text(), u"523.06"_s);
        QVERIFY(window.invoices()->chart()->chart());
        QCOMPARE(window.invoices()->chart()->chart()->series().size(), 1);
        if (!qEnvironmentVariableIsEmpty("QORM_INVOICES_SCREENSHOT"))
            QVERIFY(window.grab().save(qEnvironmentVariable("QORM_INVOICES_SCREENSHOT")));
    }

    void customerFormAndClosingWithUnsavedEdits()
    {
        QVERIFY(qormtest::freshCopy(QStringLiteral(QORM_CHINOOK_SQLITE), sqlitePath()));
        auto db = qorm::Database::open(u"sqlite:///"_s + sqlitePath() + u"?naming=pascal_case"_s);
        QORM_VERIFY_RESULT(db);
        m_db = db.value();
        auto *window = new MainWindow(m_db);
        window->show();
        window->tabs()->setCurrentWidget(window->invoices());
        // The form edits the customer picked in the combo box; Save writes it.
        auto *picker = window->invoices()->findChild<QComboBox *>(u"customerPicker"_s);
        QVERIFY(picker);
        picker->setCurrentIndex(picker->findText(u"Holý"_s));
        auto *company = window->invoices()->findChild<QLineEdit *>(u"company"_s);
        QVERIFY(company);
        QCOMPARE(company->text(), QString()); // Helena Holý has no company (NULL)
        auto *email = window->invoices()->findChild<QLineEdit *>(u"email"_s);
        QApplication::setActiveWindow(window);
        QVERIFY(QTest::qWaitForWindowActive(window));
        email->setFocus();
        email->selectAll();
        QTest::keyClicks(email, u"helena@example.cz"_s);
        company->setFocus(); // the mapper submits a field when it is left
        QTRY_VERIFY(window->isWindowModified());
        // Closing asks; Cancel keeps the window and the edit.
        QTimer::singleShot(0, this, [] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            box->button(QMessageBox::Cancel)->click();
        });
        QVERIFY(!window->close());
        QVERIFY(window->isVisible());
        // Save from the question: written, the NULL company left NULL.
        QTimer::singleShot(0, this, [] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            box->button(QMessageBox::Save)->click();
        });
        QVERIFY(window->close());
        const QString customer = q(u"Customer"_s);
        QCOMPARE(raw(u"SELECT %1 FROM %2 WHERE %3 = 6"_s.arg(q(u"email"_s), customer, q(u"customerId"_s))).toString(), u"helena@example.cz"_s);
        QVERIFY(raw(u"SELECT %1 FROM %2 WHERE %3 = 6"_s.arg(q(u"company"_s), customer, q(u"customerId"_s))).isNull());
        delete window;
        m_db = qorm::Database();
    }

    void openDialogTestsTheConnection()
    {
        OpenDialog dialog(u"sqlite:///nowhere/at/all.sqlite"_s);
        QVERIFY(!dialog.testConnection());
        auto *result = dialog.findChild<QLabel *>(u"result"_s);
        QVERIFY(result->text().startsWith(u"Cannot connect:"_s));
        QVERIFY(!result->text().contains(u'\n'));
        dialog.findChild<QLineEdit *>(u"url"_s)->setText(u"sqlite:///"_s + QStringLiteral(QORM_CHINOOK_SQLITE) + u"?mode=ro"_s);
        QVERIFY2(dialog.testConnection(), qPrintable(result->text()));
        QVERIFY(dialog.url().contains(u"naming=pascal_case"_s));
    }

    void errorsShowInOneLineAndSavesNothing()
    {
        QString error;
        auto db = qorm::Database::open(defaultChinookUrl(&error));
        QORM_VERIFY_RESULT(db);
        MainWindow window(db.value());
        window.artistView()->setCurrentIndex(window.artists()->index(rowWith(window.artists(), 0, u"AC/DC"_s), 0));
        window.albumView()->setCurrentIndex(window.albums()->index(0, 0));
        qorm::EntityTableModel *tracks = window.tracks();
        QCOMPARE(tracks->rowCount(), 10); // For Those About To Rock We Salute You
        QVERIFY(!tracks->setData(tracks->index(0, 0), QVariant())); // NULL into NOT NULL Name: refused at once
        QVERIFY2(window.statusText().startsWith(u"Name: must not be empty"_s), qPrintable(window.statusText()));
        QVERIFY(!window.isDirty());
    }

    void screenshot()
    {
        // The README's picture: the bundled database, AC/DC's Let There Be Rock, nothing private.
        QString error;
        const QString url = defaultChinookUrl(&error);
        auto db = qorm::Database::open(url);
        QORM_VERIFY_RESULT(db);
        MainWindow window(db.value());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // It opens on the first artist with albums (by name: AC/DC, after "A Cor Do Som", which has none).
        QCOMPARE(window.artistView()->currentIndex().data().toString(), u"AC/DC"_s);
        QCOMPARE(window.albums()->rowCount(), 2);
        QCOMPARE(window.tracks()->rowCount(), 10);
        QTRY_COMPARE(window.rangeText(), u"1–10 of 10"_s); // once laid out, every row is in sight
        click(window.artistView(), window.artists()->index(rowWith(window.artists(), 0, u"AC/DC"_s), 0));
        click(window.albumView(), window.albums()->index(rowWith(window.albums(), 0, u"Let There Be Rock"_s), 0));
        click(window.trackView(), window.tracks()->index(2, 0));
        QCOMPARE(window.tracks()->rowCount(), 8);
        const QString dir = QFileInfo(url.mid(9)).absolutePath();
        QVERIFY(!window.windowTitle().contains(dir) && !window.statusText().contains(dir));
        QVERIFY2(window.windowTitle().startsWith(u"Chinook_Sqlite.sqlite (SQLite)"_s), qPrintable(window.windowTitle()));
        const QImage shot = window.grab().toImage();
        QVERIFY(!shot.isNull());
        if (!qEnvironmentVariableIsEmpty("QORM_SCREENSHOT"))
            QVERIFY(shot.save(qEnvironmentVariable("QORM_SCREENSHOT")));
    }
};

QTEST_MAIN(tst_Demo)
#include "tst_demo.moc"
