// SPDX-License-Identifier: MIT
// EntityTableModel on every configured backend, always under QAbstractItemModelTester.
#include "peoplefixture.h"

#include <qorm/dialect.h>
#include <qorm/entitytablemodel.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace qorm;

class tst_EntityTableModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    qormtest::PeopleTables m_people;
    Database m_db;     //!< m_people.db
    Database m_verify; //!< m_people.verify

    QVariant rawValue(const QString &sql, const QVariantList &values = {}) { return m_people.rawValue(sql, values); }
    QString personTable() const { return m_people.table("person"); }
    void populate(int count) { QORM_VERIFY_OK(m_people.populate(count)); }

private Q_SLOTS:
    void initTestCase_data() { qormtest::addBackendRows(m_dir); }

    void init()
    {
        QFETCH_GLOBAL(QString, url);
        QFETCH_GLOBAL(bool, shared);
        QORM_VERIFY_OK(m_people.open(url, shared));
        m_db = m_people.db;
        m_verify = m_people.verify;
    }

    void cleanup()
    {
        m_db = Database();
        m_verify = Database();
        QORM_VERIFY_OK(m_people.close());
    }

    void showsRowsColumnsAndHeaders()
    {
        populate(10);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"name"_qs, u"age"_qs, u"email"_qs, u"balance"_qs });
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), u"Name"_qs);
        QCOMPARE(model.headerData(3, Qt::Horizontal).toString(), u"Balance"_qs);
        QCOMPARE(model.data(model.index(0, 0)).toString(), u"person 0000"_qs);
        QCOMPARE(model.data(model.index(3, 1)).toInt(), 3);
        QCOMPARE(model.data(model.index(0, 2)).toString(), u"p0@example.org"_qs);
        QVERIFY(!model.data(model.index(2, 2)).isValid()); // NULL email
        // Numerically 0.75; MariaDB's DECIMAL(19,4) reports its column scale ("0.7500").
        QCOMPARE(Decimal::fromString(model.data(model.index(3, 3)).toString()), Decimal(75, 2));
        QVERIFY(model.flags(model.index(0, 0)) & Qt::ItemIsEditable);
        const auto roles = model.roleNames();
        QCOMPARE(roles.value(Qt::UserRole + 1), QByteArray("name"));
        QCOMPARE(model.data(model.index(2, 0), Qt::UserRole + 2).toInt(), 2); // QML role "age"
    }

    void relationColumnsAreReadOnly()
    {
        populate(2);
        Session session(m_db);
        EntityTableModel model(&session, Pet::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"id"_qs, u"name"_qs, u"owner.name"_qs });
        QSignalSpy spy(&session, &Session::statementExecuted);
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.data(model.index(2, 2)).toString(), u"person 0000"_qs);
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), u"Owner"_qs);
        QCOMPARE(spy.size(), 2); // the page, then its owners in one query
        QVERIFY(!(model.flags(model.index(0, 2)) & Qt::ItemIsEditable));
        QVERIFY(!(model.flags(model.index(0, 0)) & Qt::ItemIsEditable)); // generated key
        QVERIFY(!model.setData(model.index(0, 2), u"x"_qs));
    }

    void relationColumnShowsDisplayEditsKeyAndSortsInSql()
    {
        populate(3);
        Session session(m_db);
        auto people = session.query<Person>().orderBy(u"id"_qs).all();
        QORM_VERIFY_RESULT(people);
        const qint64 first = people.value()[0]->id();
        const qint64 second = people.value()[1]->id();
        EntityTableModel model(&session, Pet::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"name"_qs, u"owner"_qs });
        QVERIFY(model.select());
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), u"Owner"_qs);
        // The owner's QORM_DISPLAY text; its key for editing.
        QCOMPARE(model.data(model.index(0, 1)).toString(), u"person 0000"_qs);
        QCOMPARE(model.data(model.index(0, 1), Qt::EditRole).toLongLong(), first);
        QVERIFY(model.flags(model.index(0, 1)) & Qt::ItemIsEditable);
        // A new key changes the owner the cell shows (loaded once the event loop runs).
        QVERIFY(model.setData(model.index(0, 1), second));
        QTRY_COMPARE(model.data(model.index(0, 1)).toString(), u"person 0001"_qs);
        QVERIFY(model.submitAll());
        const QString ownerOf = u"SELECT %1 FROM %2 WHERE %3 = ?"_qs.arg(m_db.dialect().quoteIdentifier(u"ownerId"_qs),
                                                                          m_db.dialect().quoteIdentifier(QString::fromUtf8(QORM_TEST_PREFIX "pet")),
                                                                          m_db.dialect().quoteIdentifier(u"id"_qs));
        QCOMPARE(rawValue(ownerOf, { model.entity(0)->property("id") }).toLongLong(), second);
        // Sorting by the relation orders by the owner's name in SQL (a join), not by the key:
        // the first person renamed "zed" sorts last.
        people.value()[0]->setName(u"zed"_qs);
        QORM_VERIFY_OK(session.commit());
        QSignalSpy spy(&session, &Session::statementExecuted);
        model.sort(1, Qt::AscendingOrder);
        QVERIFY(!spy.isEmpty());
        const QString sql = spy.first().first().toString();
        QVERIFY2(sql.contains(u"JOIN"_qs) && sql.contains(u"ORDER BY"_qs), qPrintable(sql));
        QStringList owners;
        for (int row = 0; row < model.rowCount(); ++row)
            owners.append(model.data(model.index(row, 1)).toString());
        QCOMPARE(owners, (QStringList{ u"person 0001"_qs, u"zed"_qs, u"zed"_qs }));
    }

    void dataNeverRunsAStatement()
    {
        populate(3);
        Session session(m_db);
        EntityTableModel model(&session, Pet::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"name"_qs, u"ownerId"_qs, u"owner.name"_qs });
        QVERIFY(model.select());
        QCOMPARE(model.data(model.index(0, 2)).toString(), u"person 0000"_qs);
        // Point a pet at an owner nobody has loaded: data() answers from memory only.
        const qint64 other = qormtest::rawValue(m_verify, u"SELECT MAX(id) FROM "_qs + personTable()).toLongLong();
        QSignalSpy statements(&session, &Session::statementExecuted);
        QVERIFY(model.setData(model.index(0, 1), other));
        QVERIFY(!model.data(model.index(0, 2)).isValid()); // not in memory yet
        QCOMPARE(statements.size(), 0);                    // and no SELECT from data()
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QTRY_COMPARE(model.data(model.index(0, 2)).toString(), u"person 0002"_qs); // loaded once the event loop ran
        QCOMPARE(statements.size(), 1); // one IN query
        QVERIFY(!changed.isEmpty());
    }

    void pagesInWithFetchMore()
    {
        populate(250);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        // QAbstractItemModelTester itself calls fetchMore() after every change, so it is attached
        // only after the paging has been observed.
        model.setPageSize(100);
        model.setColumns({ u"name"_qs });
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 100);
        QVERIFY(model.canFetchMore({}));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy statements(&session, &Session::statementExecuted);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 200);
        // Pages in key order are read by key, not by OFFSET (constant cost per page).
        QCOMPARE(statements.size(), 1);
        QVERIFY(!statements.first().at(0).toString().contains(u"OFFSET"_qs));
        QVERIFY(statements.first().at(0).toString().contains(u" > ?"_qs));
        // A half-edited row is never written by paging: the model's fetches do not autoflush.
        QVERIFY(model.setData(model.index(0, 0), u"half-edited"_qs));
        statements.clear();
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 250);
        QCOMPARE(statements.size(), 1);
        QVERIFY(statements.first().at(0).toString().startsWith(u"SELECT"_qs));
        QVERIFY(model.isDirty());
        QCOMPARE(rawValue(u"SELECT COUNT(*) FROM "_qs + personTable() + u" WHERE name = ?"_qs, { u"half-edited"_qs }).toInt(), 0);
        model.revertAll();
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(model.data(model.index(249, 0)).toString(), u"person 0249"_qs);

        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 100);
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 250);
        QVERIFY(!model.canFetchMore({}));
    }

    void sortsInSql()
    {
        populate(30);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"name"_qs, u"score"_qs });
        QVERIFY(model.select());
        QSignalSpy spy(&session, &Session::statementExecuted);
        model.sort(1, Qt::DescendingOrder);
        QCOMPARE(model.data(model.index(0, 0)).toString(), u"person 0029"_qs);
        QVERIFY(!spy.isEmpty());
        QVERIFY(spy.last().at(0).toString().contains(u"ORDER BY"_qs));
        QVERIFY(spy.last().at(0).toString().contains(u"DESC"_qs));
    }

    void editSubmitIsVisibleToAnotherConnection()
    {
        populate(5);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"id"_qs, u"name"_qs, u"age"_qs, u"email"_qs, u"balance"_qs });
        QVERIFY(model.select());
        const qint64 id = model.data(model.index(1, 0)).toLongLong();

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.setData(model.index(1, 1), u"Edited name"_qs));
        QVERIFY(model.setData(model.index(1, 2), u"42"_qs)); // text from an editor, converted to int
        QVERIFY(model.setData(model.index(1, 3), QVariant()));  // NULL into an optional column
        QVERIFY(model.setData(model.index(1, 4), u"19.99"_qs)); // exact decimal
        QCOMPARE(changed.size(), 4);
        QVERIFY(model.isDirty());
        QCOMPARE(model.headerData(1, Qt::Vertical).toString(), u"* 2"_qs);
        QCOMPARE(model.data(model.index(1, 1)).toString(), u"Edited name"_qs);
        // Not yet in the database.
        QCOMPARE(rawValue(u"SELECT name FROM "_qs + personTable() + u" WHERE id = ?"_qs, { id }).toString(), u"person 0001"_qs);

        QSignalSpy saved(&model, &EntityTableModel::rowsSaved);
        QVERIFY(model.submitAll());
        QCOMPARE(saved.size(), 1);
        QVERIFY(!model.isDirty());
        QCOMPARE(rawValue(u"SELECT name FROM "_qs + personTable() + u" WHERE id = ?"_qs, { id }).toString(), u"Edited name"_qs);
        QCOMPARE(rawValue(u"SELECT age FROM "_qs + personTable() + u" WHERE id = ?"_qs, { id }).toInt(), 42);
        QVERIFY(rawValue(u"SELECT email FROM "_qs + personTable() + u" WHERE id = ?"_qs, { id }).isNull());
        QCOMPARE(Decimal::fromString(rawValue(u"SELECT balance FROM "_qs + personTable() + u" WHERE id = ?"_qs, { id }).toString()),
                 Decimal(1999, 2));
    }

    void secondModelRefreshesAfterEditThroughFirst()
    {
        populate(5);
        Session session(m_db);
        EntityTableModel first(&session, Person::staticMetaObject);
        EntityTableModel second(&session, Person::staticMetaObject);
        QAbstractItemModelTester firstTester(&first, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester secondTester(&second, QAbstractItemModelTester::FailureReportingMode::QtTest);
        first.setColumns({ u"id"_qs, u"name"_qs, u"age"_qs });
        second.setColumns({ u"age"_qs, u"email"_qs, u"name"_qs }); // other columns, other order
        second.setQuery(session.query<Person>().orderBy(u"id"_qs, Qt::DescendingOrder)); // other rows order
        QVERIFY(first.select());
        QVERIFY(second.select());
        QCOMPARE(second.data(second.index(3, 2)).toString(), u"person 0001"_qs); // row 1 of the first model

        QSignalSpy secondChanged(&second, &QAbstractItemModel::dataChanged);
        QSignalSpy secondHeader(&second, &QAbstractItemModel::headerDataChanged);
        QVERIFY(first.setData(first.index(1, 1), u"Edited in the first"_qs));
        QVERIFY(first.setData(first.index(1, 2), 77));
        // One coalesced notification, delivered from the event loop, for exactly that row's cells.
        QTRY_COMPARE(secondChanged.size(), 1);
        QCOMPARE(secondChanged.first().at(0).toModelIndex(), second.index(3, 0));
        QCOMPARE(secondChanged.first().at(1).toModelIndex(), second.index(3, 2));
        QCOMPARE(second.data(second.index(3, 2)).toString(), u"Edited in the first"_qs);
        QCOMPARE(second.data(second.index(3, 0)).toInt(), 77);
        QVERIFY(!secondHeader.isEmpty());
        QCOMPARE(second.headerData(3, Qt::Vertical).toString(), u"* 4"_qs); // dirty marker follows

        // An edit by the application itself reaches both models.
        QSignalSpy firstChanged(&first, &QAbstractItemModel::dataChanged);
        secondChanged.clear();
        auto entity = std::static_pointer_cast<Person>(first.entity(2));
        entity->setName(u"Renamed by code"_qs);
        QTRY_COMPARE(firstChanged.size(), 1);
        QTRY_COMPARE(secondChanged.size(), 1);
        QCOMPARE(firstChanged.first().at(0).toModelIndex(), first.index(2, 1));
        QCOMPARE(secondChanged.first().at(0).toModelIndex(), second.index(2, 2));

        // rollback() restores the values and both models repaint them.
        secondChanged.clear();
        session.rollback();
        QCOMPARE(second.data(second.index(3, 2)).toString(), u"person 0001"_qs);
        QVERIFY(secondChanged.size() >= 1);
        QCOMPARE(second.headerData(3, Qt::Vertical).toString(), u"4"_qs);
    }

    void badInputIsRejectedWithAnError()
    {
        populate(2);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"age"_qs, u"balance"_qs });
        QVERIFY(model.select());
        QSignalSpy errors(&model, &EntityTableModel::errorOccurred);
        QVERIFY(!model.setData(model.index(0, 0), u"forty"_qs));
        QCOMPARE(model.lastError().kind(), Error::Kind::TypeMismatch);
        QVERIFY(!model.setData(model.index(0, 1), u"12,5.0"_qs));
        QCOMPARE(errors.size(), 2);
        QVERIFY(!model.isDirty());
    }

    void failedSubmitKeepsEditsAndDatabase()
    {
        populate(3);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"id"_qs, u"name"_qs, u"age"_qs });
        QVERIFY(model.select());
        const qint64 id0 = model.data(model.index(0, 0)).toLongLong();
        const qint64 id1 = model.data(model.index(1, 0)).toLongLong();
        QVERIFY(model.setData(model.index(0, 2), 77));         // a valid edit
        QVERIFY(model.setData(model.index(1, 1), QString()));  // NULL into NOT NULL

        QSignalSpy errors(&model, &EntityTableModel::errorOccurred);
        QVERIFY(!model.submitAll());
        QCOMPARE(errors.size(), 1);
        QCOMPARE(model.lastError().kind(), Error::Kind::NotNullViolation);
        // Nothing of the transaction reached the database...
        QCOMPARE(rawValue(u"SELECT age FROM "_qs + personTable() + u" WHERE id = ?"_qs, { id0 }).toInt(), 0);
        QCOMPARE(rawValue(u"SELECT name FROM "_qs + personTable() + u" WHERE id = ?"_qs, { id1 }).toString(), u"person 0001"_qs);
        // ...and nothing the user typed was lost.
        QCOMPARE(model.data(model.index(0, 2)).toInt(), 77);
        QVERIFY(model.isDirty());

        // revertAll() brings back the stored values.
        model.revertAll();
        QCOMPARE(model.data(model.index(0, 2)).toInt(), 0);
        QCOMPARE(model.data(model.index(1, 1)).toString(), u"person 0001"_qs);
        QVERIFY(!model.isDirty());
    }

    void onFieldChangeCommitsImmediately()
    {
        populate(1);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEditStrategy(EntityTableModel::EditStrategy::OnFieldChange);
        model.setColumns({ u"id"_qs, u"name"_qs });
        QVERIFY(model.select());
        QVERIFY(model.setData(model.index(0, 1), u"instant"_qs));
        QCOMPARE(rawValue(u"SELECT name FROM "_qs + personTable() + u" WHERE id = ?"_qs, { model.data(model.index(0, 0)) }).toString(),
                 u"instant"_qs);
    }
};

QTEST_GUILESS_MAIN(tst_EntityTableModel)
#include "tst_entitytablemodel.moc"
