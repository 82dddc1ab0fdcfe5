// SPDX-License-Identifier: MIT
// EntityTableModel over Chinook's relations (QSqlRelationalTableModel parity) on every backend,
// under QAbstractItemModelTester: relation columns sorted by the text they show (checked against
// raw SQL), master-detail Artist -> Albums, and qorm::RelationDelegate's combo box in a QTableView.
#include "testbackends.h"

#include <chinook/chinook.h>
#include <qorm/dialect.h>
#include <qorm/entitytablemodel.h>
#include <qorm/namingstrategy.h>
#include <qorm/relationdelegate.h>
#include <qorm/session.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDataWidgetMapper>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

using namespace qorm;
using namespace Qt::StringLiterals;

class tst_RelationalModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_db;

    QString sqlitePath() const { return m_dir.filePath(u"chinook.sqlite"_s); }
    QString q(const QString &name) const { return m_db.dialect().quoteIdentifier(applyNamingStrategy(m_db.namingStrategy(), name)); }
    QList<QVariantList> rawRows(const QString &sql, const QVariantList &values = {})
    {
        Session raw(m_db);
        auto rows = raw.rawRows(sql, values);
        QList<QVariantList> out;
        if (!rows) {
            qWarning("%s", qPrintable(rows.error().toString()));
            return out;
        }
        for (const QVariantMap &row : rows.value())
            out.append(row.values());
        return out;
    }

private Q_SLOTS:
    void initTestCase_data() { qormtest::addChinookRows(sqlitePath()); }

    void init()
    {
        QFETCH_GLOBAL(QString, url);
        QVERIFY(qormtest::freshCopy(QStringLiteral(QORM_CHINOOK_SQLITE), sqlitePath()));
        auto db = Database::open(url);
        QORM_VERIFY_RESULT(db);
        m_db = db.value();
    }

    void cleanup() { m_db = Database(); }

    void relationColumnSortsByTitleAsRawSql()
    {
        Session session(m_db);
        EntityTableModel model(&session, Track::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"name"_s, u"album"_s, u"genre"_s });
        model.setPageSize(1000);
        model.sort(1, Qt::AscendingOrder);
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 3503);
        const auto expected = rawRows(u"SELECT a.%1 FROM %2 t JOIN %3 a ON a.%4 = t.%4 ORDER BY a.%1, t.%5"_s.arg(
                q(u"title"_s), q(u"Track"_s), q(u"Album"_s), q(u"albumId"_s), q(u"trackId"_s)));
        QCOMPARE(expected.size(), 3503);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.data(model.index(row, 1)).toString(), expected.at(row).at(0).toString());
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), u"Genre"_s);
        QCOMPARE(model.relationAt(1)->name, u"album"_s);
        QVERIFY(!model.relationAt(0));
    }

    void masterDetailArtistAlbums()
    {
        Session session(m_db);
        EntityTableModel artists(&session, Artist::staticMetaObject);
        artists.setColumns({ u"name"_s });
        artists.setSearch(u"ac/dc"_s);
        QVERIFY(artists.select());
        QCOMPARE(artists.rowCount(), 1);
        QItemSelectionModel selection(&artists);
        EntityTableModel albums(&session, Album::staticMetaObject);
        QAbstractItemModelTester tester(&albums, QAbstractItemModelTester::FailureReportingMode::QtTest);
        albums.setColumns({ u"title"_s, u"artist"_s });
        albums.setMaster(&selection, u"artist"_s);
        selection.setCurrentIndex(artists.index(0, 0), QItemSelectionModel::ClearAndSelect);
        QCOMPARE(albums.rowCount(), 2);
        QCOMPARE(albums.data(albums.index(0, 0)).toString(), u"For Those About To Rock We Salute You"_s);
        QCOMPARE(albums.data(albums.index(1, 0)).toString(), u"Let There Be Rock"_s);
        QCOMPARE(albums.data(albums.index(1, 1)).toString(), u"AC/DC"_s);
        // And the tracks of the second album follow the album.
        QItemSelectionModel albumSelection(&albums);
        EntityTableModel tracks(&session, Track::staticMetaObject);
        QAbstractItemModelTester trackTester(&tracks, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tracks.setMaster(&albumSelection, u"album"_s);
        albumSelection.setCurrentIndex(albums.index(1, 0), QItemSelectionModel::ClearAndSelect);
        QCOMPARE(tracks.rowCount(), 8); // Let There Be Rock has 8 tracks
    }

    void formOverANullComposerLeavesItNull()
    {
        // Track 63, "Desafinado", has no composer (Chinook).
        Session session(m_db);
        EntityTableModel model(&session, Track::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"name"_s, u"composer"_s, u"milliseconds"_s });
        model.setFilter(col(u"id"_s) == 63);
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 1);
        QDataWidgetMapper form;
        form.setModel(&model);
        form.setSubmitPolicy(QDataWidgetMapper::ManualSubmit);
        QLineEdit name, composer, length;
        form.addMapping(&name, 0);
        form.addMapping(&composer, 1);
        form.addMapping(&length, 2);
        form.toFirst();
        QCOMPARE(name.text(), u"Desafinado"_s);
        QCOMPARE(composer.text(), QString());
        const QString composerOf = u"SELECT %1 FROM %2 WHERE %3 = 63"_s.arg(q(u"composer"_s), q(u"Track"_s), q(u"trackId"_s));
        const QString lengthOf = u"SELECT %1 FROM %2 WHERE %3 = 63"_s.arg(q(u"milliseconds"_s), q(u"Track"_s), q(u"trackId"_s));
        const qint64 before = rawRows(lengthOf).value(0).value(0).toLongLong();
        length.setText(QString::number(before + 1));
        QVERIFY(form.submit());
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        QVERIFY(rawRows(composerOf).value(0).value(0).isNull()); // untouched: NULL, not ''
        QCOMPARE(rawRows(lengthOf).value(0).value(0).toLongLong(), before + 1);
        // Put the shared server database back as it was.
        length.setText(QString::number(before));
        QVERIFY(form.submit());
        QVERIFY(model.submitAll());
        QCOMPARE(rawRows(lengthOf).value(0).value(0).toLongLong(), before);
    }

    void comboDelegatePicksAnAlbum()
    {
        Session session(m_db);
        EntityTableModel model(&session, Track::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"name"_s, u"album"_s });
        QVERIFY(model.select());
        QTableView view;
        view.setModel(&model);
        view.setItemDelegate(new RelationDelegate(&view));
        view.resize(800, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QModelIndex cell = model.index(0, 1); // "For Those About To Rock (We Salute You)"
        QTRY_COMPARE(model.data(cell).toString(), u"For Those About To Rock We Salute You"_s);
        view.setCurrentIndex(cell);
        view.edit(cell);
        auto *combo = view.findChild<QComboBox *>(u"qorm_relation_combo"_s);
        QVERIFY(combo);
        QCOMPARE(combo->currentText(), u"For Those About To Rock We Salute You"_s);
        QVERIFY(combo->count() > 100); // the first page of 347 albums, sorted by title
        QCOMPARE(combo->itemText(0), rawRows(u"SELECT MIN(%1) FROM %2"_s.arg(q(u"title"_s), q(u"Album"_s))).value(0).value(0).toString());
        // Typing narrows the list in SQL, case-insensitively.
        combo->lineEdit()->selectAll();
        QTest::keyClicks(combo->lineEdit(), u"let there"_s);
        QTRY_COMPARE(combo->count(), 1);
        combo->setCurrentIndex(0);
        QTest::keyClick(combo->lineEdit(), Qt::Key_Return);
        QTRY_COMPARE(model.data(cell).toString(), u"Let There Be Rock"_s);
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        const qint64 trackId = model.entity(0)->property("id").toLongLong();
        const auto stored = rawRows(u"SELECT a.%1 FROM %2 t JOIN %3 a ON a.%4 = t.%4 WHERE t.%5 = ?"_s.arg(
                                            q(u"title"_s), q(u"Track"_s), q(u"Album"_s), q(u"albumId"_s), q(u"trackId"_s)), { trackId });
        QCOMPARE(stored.value(0).value(0).toString(), u"Let There Be Rock"_s);
        // Put the shared server database back as it was.
        QVERIFY(model.setData(cell, 1));
        QVERIFY(model.submitAll());
        QCOMPARE(rawRows(u"SELECT %1 FROM %2 WHERE %3 = ?"_s.arg(q(u"albumId"_s), q(u"Track"_s), q(u"trackId"_s)), { trackId }).value(0).value(0).toInt(), 1);
    }
};

QTEST_MAIN(tst_RelationalModel)
#include "tst_relationalmodel.moc"
