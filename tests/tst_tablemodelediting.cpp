// SPDX-License-Identifier: MIT
// EntityTableModel's editing, filtering, master-detail, undo and forms, on every configured
// backend and always under QAbstractItemModelTester. The QSqlTableModel cases are ported from the
// behaviours Qt's tests/auto/sql/models/qsqltablemodel asserts (our own code); expected values come
// from raw SQL on a second connection.
#include "peoplefixture.h"

#include <qorm/dialect.h>
#include <qorm/entitytablemodel.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDataWidgetMapper>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <QUndoStack>

using namespace qorm;

class tst_TableModelEditing : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    qormtest::PeopleTables m_people;
    Database m_db;     //!< m_people.db
    Database m_verify; //!< m_people.verify

    QString table(const char *name) const { return m_people.table(name); }
    QString column(const QString &name) const { return m_people.column(name); }
    QVariant rawValue(const QString &sql, const QVariantList &values = {}) { return m_people.rawValue(sql, values); }
    qint64 personCount() { return rawValue(u"SELECT COUNT(*) FROM %1"_qs.arg(table("person"))).toLongLong(); }
    QString nameOf(qint64 id)
    {
        return rawValue(u"SELECT %1 FROM %2 WHERE %3 = ?"_qs.arg(column(u"name"_qs), table("person"), column(u"id"_qs)), { id }).toString();
    }
    void populate(int count) { QORM_VERIFY_OK(m_people.populate(count)); }

    /*! The vertical header texts of \a model. */
    static QStringList markers(const QAbstractItemModel &model)
    {
        QStringList out;
        for (int r = 0; r < model.rowCount(); ++r)
            out.append(model.headerData(r, Qt::Vertical).toString());
        return out;
    }
    static QStringList texts(const QAbstractItemModel &model, int column)
    {
        QStringList out;
        for (int r = 0; r < model.rowCount(); ++r)
            out.append(model.data(model.index(r, column)).toString());
        return out;
    }

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

    // --- QSqlTableModel parity ---------------------------------------------------------------

    void insertRowsAreMarkedPrimedAndSaved()
    {
        populate(3);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"id"_qs, u"name"_qs, u"age"_qs, u"email"_qs });
        QVERIFY(model.select());
        QSignalSpy primed(&model, &EntityTableModel::primeInsert);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy dirty(&model, &EntityTableModel::dirtyChanged);
        connect(&model, &EntityTableModel::primeInsert, this, [](int row, Entity *e) {
            static_cast<Person *>(e)->setName(u"primed %1"_qs.arg(row));
        });
        QVERIFY(model.insertRows(1, 2));
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 1);
        QCOMPARE(inserted.first().at(2).toInt(), 2);
        QCOMPARE(primed.size(), 2);
        QCOMPARE(primed.at(1).at(0).toInt(), 2);
        QCOMPARE(markers(model), (QStringList{ u"1"_qs, u"*"_qs, u"*"_qs, u"4"_qs, u"5"_qs }));
        QCOMPARE(dirty.size(), 1);
        QVERIFY(model.isDirty());
        QVERIFY(model.isDirty(model.index(1, 3)));
        QVERIFY(!model.isDirty(model.index(0, 1)));
        QCOMPARE(model.rowState(1), EntityTableModel::RowState::Inserted);
        QCOMPARE(model.data(model.index(1, 1)).toString(), u"primed 1"_qs);
        QVERIFY(!model.data(model.index(1, 0)).isValid() || model.data(model.index(1, 0)).toLongLong() == 0); // no key yet
        QVERIFY(!model.data(model.index(1, 3)).isValid()); // NULL email
        QCOMPARE(model.entity(1)->entityState(), Entity::State::Transient); // queries never see it
        QCOMPARE(session.query<Person>().count().value(), 3);
        QVERIFY(model.setData(model.index(2, 2), 41));
        QSignalSpy before(&model, &EntityTableModel::beforeInsert);
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        QCOMPARE(before.size(), 2);
        QCOMPARE(before.at(0).at(0).toInt(), 1);
        QCOMPARE(personCount(), 5);
        // Saved rows stay where they are, with their generated keys.
        QCOMPARE(markers(model), (QStringList{ u"1"_qs, u"2"_qs, u"3"_qs, u"4"_qs, u"5"_qs }));
        const qint64 id = model.data(model.index(2, 0)).toLongLong();
        QVERIFY(id > 0);
        QCOMPARE(nameOf(id), u"primed 2"_qs);
        QCOMPARE(rawValue(u"SELECT %1 FROM %2 WHERE %3 = ?"_qs.arg(column(u"age"_qs), table("person"), column(u"id"_qs)), { id }).toInt(), 41);
        QVERIFY(!model.isDirty());
        QCOMPARE(dirty.size(), 2);
        // A page fetched later does not show the saved rows twice.
        model.setPageSize(2);
        QVERIFY(model.select());
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 5);
    }

    void insertAndRemoveRefuseBadArguments()
    {
        populate(3);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.select());
        QSignalSpy beforeDelete(&model, &EntityTableModel::beforeDelete);
        QVERIFY(!model.insertRows(-1, 1));
        QVERIFY(!model.insertRows(4, 1));
        QVERIFY(!model.insertRows(0, 0));
        QVERIFY(!model.removeRows(-1, 1));
        QVERIFY(!model.removeRows(1, 0));
        QVERIFY(!model.removeRows(3, 1));
        QVERIFY(!model.removeRows(2, 2));
        QVERIFY(!model.isDirty());
        // Row by row strategies: one row at a time, and only while the model is clean.
        model.setEditStrategy(EntityTableModel::EditStrategy::OnRowChange);
        QVERIFY(!model.insertRows(0, 2));
        QVERIFY(!model.removeRows(0, 2));
        QVERIFY(model.insertRows(0, 1));
        QVERIFY(!model.insertRows(0, 1)); // dirty
        QVERIFY(!(model.flags(model.index(1, 1)) & Qt::ItemIsEditable)); // a clean row while dirty
        QVERIFY(model.flags(model.index(0, 1)) & Qt::ItemIsEditable);
        QVERIFY(!model.removeRows(2, 1));
        QCOMPARE(beforeDelete.size(), 0);
        model.revertRow(0);
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(!model.isDirty());
    }

    void removedRowsStayMarkedUntilSubmit()
    {
        populate(4); // person 0000 owns the pets
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"name"_qs });
        QVERIFY(model.select());
        QSignalSpy headers(&model, &QAbstractItemModel::headerDataChanged);
        QSignalSpy beforeDelete(&model, &EntityTableModel::beforeDelete);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QVERIFY(model.removeRows(1, 2));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(markers(model), (QStringList{ u"1"_qs, u"!"_qs, u"!"_qs, u"4"_qs }));
        QCOMPARE(headers.size(), 2); // highest row first, as Qt
        QCOMPARE(headers.at(0).at(1).toInt(), 2);
        QCOMPARE(headers.at(1).at(1).toInt(), 1);
        QCOMPARE(beforeDelete.size(), 0);
        QCOMPARE(model.data(model.index(1, 0)).toString(), u"person 0001"_qs); // still shown
        QVERIFY(!(model.flags(model.index(1, 0)) & Qt::ItemIsEditable));
        QVERIFY(!model.setData(model.index(1, 0), u"x"_qs));
        QVERIFY(model.isDirty(model.index(2, 0)));
        QCOMPARE(personCount(), 4);
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        QCOMPARE(beforeDelete.size(), 2);
        QCOMPARE(beforeDelete.at(0).at(0).toInt(), 1);
        QCOMPARE(beforeDelete.at(1).at(0).toInt(), 2);
        QCOMPARE(removed.size(), 2);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(texts(model, 0), (QStringList{ u"person 0000"_qs, u"person 0003"_qs }));
        QCOMPARE(personCount(), 2);
    }

    void removingAnInsertedRowDropsIt()
    {
        populate(3);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.select());
        QVERIFY(model.insertRows(1, 1));
        QCOMPARE(model.rowCount(), 4);
        QVERIFY(model.removeRows(1, 2)); // the inserted row and a stored one
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(markers(model), (QStringList{ u"1"_qs, u"!"_qs, u"3"_qs }));
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        QCOMPARE(personCount(), 2);
    }

    void onFieldChangeRemovesAtOnce()
    {
        populate(3);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEditStrategy(EntityTableModel::EditStrategy::OnFieldChange);
        model.setColumns({ u"name"_qs });
        QVERIFY(model.select());
        QVERIFY(!model.removeRows(0, 2));
        QVERIFY(model.removeRows(1, 1));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(personCount(), 2);
        QCOMPARE(texts(model, 0), (QStringList{ u"person 0000"_qs, u"person 0002"_qs }));
        // An inserted row is not submitted by its edits (its other values may still be missing)...
        QVERIFY(model.insertRows(2, 1));
        QVERIFY(model.setData(model.index(2, 0), u"new"_qs));
        QCOMPARE(personCount(), 2);
        // ...but by the view's submit() on row change.
        QVERIFY(model.submit());
        QCOMPARE(personCount(), 3);
        QVERIFY(!model.isDirty());
    }

    void revertRowAndRevertAllTouchOnlyThisModel()
    {
        populate(4);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"name"_qs, u"age"_qs });
        QVERIFY(model.select());
        // An edit made elsewhere in the session: the model's reverts leave it alone.
        auto elsewhere = session.get<Person>(model.entity(3)->property("id")).value();
        elsewhere->setAge(77);
        QVERIFY(model.setData(model.index(0, 0), u"edited"_qs));
        QVERIFY(model.setData(model.index(1, 1), 55));
        QVERIFY(model.removeRows(2, 1));
        QVERIFY(model.insertRows(4, 1));
        QCOMPARE(markers(model), (QStringList{ u"* 1"_qs, u"* 2"_qs, u"!"_qs, u"* 4"_qs, u"*"_qs }));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.revertRow(0);
        QCOMPARE(model.data(model.index(0, 0)).toString(), u"person 0000"_qs);
        QVERIFY(!changed.isEmpty());
        QVERIFY(model.isDirty());
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.revertAll();
        QCOMPARE(removed.size(), 1); // the inserted row
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.data(model.index(1, 1)).toInt(), 1);
        QCOMPARE(markers(model), (QStringList{ u"1"_qs, u"2"_qs, u"3"_qs, u"* 4"_qs }));
        QVERIFY(!model.isDirty());
        QCOMPARE(elsewhere->age(), 77); // not this model's edit
        QVERIFY(session.hasPendingChanges());
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(personCount(), 4);
        QCOMPARE(nameOf(model.entity(0)->property("id").toLongLong()), u"person 0000"_qs);
        QCOMPARE(rawValue(u"SELECT %1 FROM %2 WHERE %3 = ?"_qs.arg(column(u"age"_qs), table("person"), column(u"id"_qs)),
                          { elsewhere->id() }).toInt(), 77);
    }

    void revertingOneModelKeepsTheOthersEdits()
    {
        populate(3);
        Session session(m_db);
        EntityTableModel people(&session, Person::staticMetaObject);
        EntityTableModel pets(&session, Pet::staticMetaObject);
        QAbstractItemModelTester t1(&people, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&pets, QAbstractItemModelTester::FailureReportingMode::QtTest);
        people.setColumns({ u"name"_qs });
        pets.setColumns({ u"name"_qs });
        QVERIFY(people.select());
        QVERIFY(pets.select());
        QVERIFY(people.setData(people.index(0, 0), u"renamed person"_qs));
        QVERIFY(pets.setData(pets.index(0, 0), u"renamed pet"_qs));
        QVERIFY(pets.removeRows(2, 1));
        people.revertAll();
        QVERIFY(!people.isDirty());
        QVERIFY(pets.isDirty());
        QCOMPARE(pets.data(pets.index(0, 0)).toString(), u"renamed pet"_qs);
        QVERIFY2(pets.submitAll(), qPrintable(pets.lastError().toString()));
        QCOMPARE(rawValue(u"SELECT COUNT(*) FROM %1 WHERE %2 = 'renamed pet'"_qs.arg(table("pet"), column(u"name"_qs))).toInt(), 1);
        QCOMPARE(rawValue(u"SELECT COUNT(*) FROM %1"_qs.arg(table("pet"))).toInt(), 2);
        QCOMPARE(rawValue(u"SELECT COUNT(*) FROM %1 WHERE %2 = 'renamed person'"_qs.arg(table("person"), column(u"name"_qs))).toInt(), 0);
    }

    void refusedSubmitKeepsEverythingAndPointsAtTheRow()
    {
        populate(3); // person 0000 owns the pets: the database refuses its DELETE
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"id"_qs, u"name"_qs, u"age"_qs });
        QVERIFY(model.select());
        const qint64 ownerId = model.data(model.index(0, 0)).toLongLong();
        const qint64 secondId = model.data(model.index(1, 0)).toLongLong();
        QVERIFY(model.setData(model.index(1, 1), u"changed"_qs));
        QVERIFY(model.insertRows(3, 1));
        QVERIFY(model.setData(model.index(3, 1), u"inserted"_qs));
        QVERIFY(model.removeRows(0, 1));
        QSignalSpy errors(&model, &EntityTableModel::errorOccurred);
        QVERIFY(!model.submitAll());
        QCOMPARE(errors.size(), 1);
        const Error e = model.lastError();
        QCOMPARE(e.kind(), Error::Kind::ForeignKeyViolation);
        QCOMPARE(model.errorIndex().row(), 0);
        QCOMPARE(model.data(model.errorIndex(), Qt::ToolTipRole).toString(), e.toString());
        QVERIFY(!e.toString().contains(u'\n'));
        // Nothing written, nothing lost.
        QCOMPARE(personCount(), 3);
        QCOMPARE(nameOf(secondId), u"person 0001"_qs);
        QCOMPARE(markers(model), (QStringList{ u"!"_qs, u"* 2"_qs, u"3"_qs, u"*"_qs }));
        QCOMPARE(model.data(model.index(1, 1)).toString(), u"changed"_qs);
        QCOMPARE(model.entity(3)->entityState(), Entity::State::Transient);
        QCOMPARE(model.entity(0)->entityState(), Entity::State::Persistent);
        // Reverting the refused row clears the mark; the next submit writes the rest.
        model.revertRow(0);
        QVERIFY(!model.errorIndex().isValid());
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        QCOMPARE(personCount(), 4);
        QCOMPARE(nameOf(ownerId), u"person 0000"_qs);
        QCOMPARE(nameOf(secondId), u"changed"_qs);
        QCOMPARE(rawValue(u"SELECT COUNT(*) FROM %1 WHERE %2 = 'inserted'"_qs.arg(table("person"), column(u"name"_qs))).toInt(), 1);
    }

    void selectKeepsPendingWork()
    {
        populate(4);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"name"_qs });
        QVERIFY(model.select());
        QVERIFY(model.setData(model.index(0, 0), u"edited"_qs));
        QVERIFY(model.removeRows(1, 1));
        QVERIFY(model.insertRows(4, 1));
        QVERIFY(model.setData(model.index(4, 0), u"new one"_qs));
        model.sort(0, Qt::DescendingOrder); // runs select()
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(texts(model, 0), (QStringList{ u"new one"_qs, u"person 0003"_qs, u"person 0002"_qs, u"person 0001"_qs, u"edited"_qs }));
        QCOMPARE(markers(model), (QStringList{ u"*"_qs, u"2"_qs, u"3"_qs, u"!"_qs, u"* 5"_qs }));
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        QCOMPARE(personCount(), 4);
    }

    // --- filtering and sorting in SQL --------------------------------------------------------

    void filterAndSearchRunInSql()
    {
        populate(30);
        {
            Session s(m_db);
            auto odd = std::make_shared<Person>();
            odd->setName(u"100% Pure_Name"_qs);
            QORM_VERIFY_OK(s.add(odd));
            QORM_VERIFY_OK(s.commit());
        }
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"name"_qs, u"email"_qs, u"age"_qs });
        QVERIFY(model.select());
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setFilter(col(u"age"_qs) < 10);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(model.rowCount(), rawValue(u"SELECT COUNT(*) FROM %1 WHERE %2 < 10"_qs.arg(table("person"), column(u"age"_qs))).toInt());
        model.setFilter(Expr());
        model.setSearch(u"PERSON 001"_qs); // case-insensitive, in name or email
        QCOMPARE(texts(model, 0), (QStringList{ u"person 0001"_qs, u"person 0010"_qs, u"person 0011"_qs, u"person 0012"_qs, u"person 0013"_qs, u"person 0014"_qs,
                                                 u"person 0015"_qs, u"person 0016"_qs, u"person 0017"_qs, u"person 0018"_qs, u"person 0019"_qs }));
        model.setSearch(u"0%"_qs); // % is a character, not a wildcard
        QCOMPARE(texts(model, 0), QStringList{ u"100% Pure_Name"_qs });
        model.setSearch(u"e_n"_qs); // so is _
        QCOMPARE(texts(model, 0), QStringList{ u"100% Pure_Name"_qs });
        model.setSearch(u"p1@ EXAMPLE 0001"_qs); // every word, in any of the columns
        QCOMPARE(texts(model, 0), QStringList{ u"person 0001"_qs });
        model.setSearch(u"p1@"_qs, { u"name"_qs }); // only in name
        QCOMPARE(model.rowCount(), 0);
        model.setSearch(QString());
        QCOMPARE(model.rowCount(), 31);
        // Behind a proxy the same rows arrive; the proxy sorts what was fetched.
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(proxy.rowCount(), 31);
    }

    void sortHasAKeyTiebreakSoPagesNeverOverlap()
    {
        populate(200); // ages repeat: 0..89
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"age"_qs, u"name"_qs });
        model.setPageSize(7);
        QSignalSpy statements(&session, &Session::statementExecuted);
        model.sort(0, Qt::DescendingOrder);
        const QString sql = statements.first().first().toString();
        QVERIFY2(sql.contains(u"ORDER BY"_qs) && sql.indexOf(column(u"id"_qs), sql.indexOf(u"ORDER BY"_qs)) > 0, qPrintable(sql));
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 200);
        QSet<QString> names;
        for (int r = 0; r < model.rowCount(); ++r)
            names.insert(model.data(model.index(r, 1)).toString());
        QCOMPARE(names.size(), 200);
        QCOMPARE(model.data(model.index(0, 0)).toInt(), 89);
        QCOMPARE(model.totalRowCount(), 200);
    }

    // --- windowed paging ---------------------------------------------------------------------

    void windowedPagingOpensAMillionRowsInBoundedMemory()
    {
        // A million people in one statement (a recursive CTE on every backend).
        constexpr int n = 1000000;
        const QString dialect = m_db.dialect().name();
        const QString label = dialect == u"mysql"_qs ? u"CONCAT('row ', x)"_qs : u"'row ' || x"_qs;
        const QString cte = u"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %1) "_qs.arg(n);
        const QString select = u"SELECT %1, x %% 90, 0 FROM c"_qs.arg(label).replace(u"%%"_qs, u"%"_qs);
        const QString into = u"INSERT INTO %1 (%2, %3, %4) "_qs.arg(table("person"), column(u"name"_qs), column(u"age"_qs), column(u"score"_qs));
        if (dialect == u"mysql"_qs) // MariaDB stops a recursive CTE after 1000 rounds by default
            QVERIFY(qormtest::execRaw(m_verify, u"SET SESSION max_recursive_iterations = %1"_qs.arg(n + 1)));
        QVERIFY(qormtest::execRaw(m_verify, dialect == u"mysql"_qs ? into + cte + select : cte + into + select));
        QCOMPARE(personCount(), n);

        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        model.setPaging(EntityTableModel::Paging::Windowed);
        model.setPageSize(500);
        model.setCachedPages(4);
        model.setColumns({ u"name"_qs, u"age"_qs });
        QSignalSpy statements(&session, &Session::statementExecuted);
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), n);          // the whole count at once...
        QCOMPARE(statements.size(), 2);         // ...from COUNT(*) and the first page
        QCOMPARE(model.loadedRowCount(), 500);
        QVERIFY(!model.canFetchMore({}));
        const std::weak_ptr<Entity> first = model.entity(0);
        // Jumping to the end or to any row reads that page only.
        statements.clear();
        QCOMPARE(model.data(model.index(n - 1, 0)).toString(), u"row 1000000"_qs);
        QCOMPARE(statements.size(), 1);
        const QString nameAt = u"SELECT %1 FROM %2 ORDER BY %3 LIMIT 1 OFFSET %4"_qs.arg(column(u"name"_qs), table("person"), column(u"id"_qs));
        QCOMPARE(model.data(model.index(654321, 0)).toString(), rawValue(nameAt.arg(654321)).toString());
        QCOMPARE(statements.size(), 2);
        // An edit stays in memory while its page is evicted.
        QVERIFY(model.setData(model.index(5, 0), u"edited"_qs));
        // Scrolling through 40 pages keeps 4 pages of entities in memory.
        for (int row = 0; row < 40 * 500; row += 50)
            QVERIFY(model.data(model.index(row, 1)).isValid());
        QVERIFY2(model.loadedRowCount() <= 4 * 500 + 1, qPrintable(QString::number(model.loadedRowCount())));
        QVERIFY(first.expired());               // the first page's clean entities were released
        QCOMPARE(model.data(model.index(5, 0)).toString(), u"edited"_qs);
        QCOMPARE(model.headerData(5, Qt::Vertical).toString(), u"* 6"_qs);
        // No statement stays open between pages: another connection writes meanwhile.
        QVERIFY(qormtest::execRaw(m_verify, u"UPDATE %1 SET %2 = 7 WHERE %3 = ?"_qs.arg(table("person"), column(u"age"_qs), column(u"name"_qs)),
                                  { u"row 999999"_qs }));
        // Removing and saving keeps the rows' places; the count follows.
        QVERIFY(model.removeRows(1, 1));
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        QCOMPARE(model.rowCount(), n - 1);
        QCOMPARE(personCount(), n - 1);
        QCOMPARE(model.data(model.index(1, 0)).toString(), u"row 3"_qs);
        QCOMPARE(model.data(model.index(n - 2, 0)).toString(), u"row 1000000"_qs);
        QCOMPARE(model.data(model.index(n - 3, 1)).toInt(), 7);
        QCOMPARE(nameOf(model.entity(4)->property("id").toLongLong()), u"edited"_qs);
        // Sorting and filtering run in SQL over the whole table.
        model.setFilter(col(u"age"_qs) == 89);
        QCOMPARE(model.rowCount(), rawValue(u"SELECT COUNT(*) FROM %1 WHERE %2 = 89"_qs.arg(table("person"), column(u"age"_qs))).toInt());
        // (The tester walks every row: attached once the rows are 11,111, not a million.)
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.sort(0, Qt::DescendingOrder);
        QCOMPARE(model.data(model.index(0, 0)).toString(),
                 rawValue(u"SELECT MAX(%1) FROM %2 WHERE %3 = 89"_qs.arg(column(u"name"_qs), table("person"), column(u"age"_qs))).toString());
    }

    void windowedPagingEditsInsertsAndRemoves()
    {
        populate(50);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPaging(EntityTableModel::Paging::Windowed);
        model.setPageSize(7);
        model.setCachedPages(2);
        model.setColumns({ u"name"_qs, u"age"_qs });
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 50);
        QVERIFY(model.insertRows(10, 2));
        QVERIFY(model.setData(model.index(10, 0), u"new a"_qs));
        QVERIFY(model.setData(model.index(11, 0), u"new b"_qs));
        QVERIFY(model.removeRows(30, 1));
        QVERIFY(model.setData(model.index(45, 1), 99));
        QCOMPARE(model.data(model.index(12, 0)).toString(), u"person 0010"_qs); // after the inserted rows
        QCOMPARE(model.data(model.index(51, 0)).toString(), u"person 0049"_qs);
        QCOMPARE(model.headerData(30, Qt::Vertical).toString(), u"!"_qs);
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        // Saved inserts take their places in the order: the model selected again.
        QCOMPARE(model.rowCount(), 51);
        QCOMPARE(personCount(), 51);
        QCOMPARE(model.data(model.index(49, 0)).toString(), u"new a"_qs);
        QCOMPARE(model.data(model.index(42, 0)).toString(), u"person 0043"_qs); // one row up: person 0028 is gone
        QCOMPARE(model.data(model.index(42, 1)).toInt(), 99);
        QVERIFY(!model.isDirty());
    }

    // --- master-detail -----------------------------------------------------------------------

    void detailFollowsTheMastersCurrentRow()
    {
        populate(3);
        Session session(m_db);
        EntityTableModel people(&session, Person::staticMetaObject);
        people.setColumns({ u"name"_qs });
        QVERIFY(people.select());
        QSortFilterProxyModel proxy; // a view over a proxy: the master is found through it
        proxy.setSourceModel(&people);
        QItemSelectionModel selection(&proxy);
        EntityTableModel pets(&session, Pet::staticMetaObject);
        QAbstractItemModelTester tester(&pets, QAbstractItemModelTester::FailureReportingMode::QtTest);
        pets.setColumns({ u"name"_qs, u"owner"_qs });
        pets.setMaster(&selection, u"owner"_qs);
        QVERIFY(!pets.lastError().isValid());
        QCOMPARE(pets.rowCount(), 0); // no current row yet
        selection.setCurrentIndex(proxy.index(0, 0), QItemSelectionModel::ClearAndSelect);
        QCOMPARE(pets.rowCount(), 3);
        QCOMPARE(pets.masterEntity(), people.entity(0));
        selection.setCurrentIndex(proxy.index(1, 0), QItemSelectionModel::ClearAndSelect);
        QCOMPARE(pets.rowCount(), 0);
        // A new detail row belongs to the current master.
        QVERIFY(pets.insertRows(0, 1));
        QVERIFY(pets.setData(pets.index(0, 0), u"new pet"_qs));
        QVERIFY2(pets.submitAll(), qPrintable(pets.lastError().toString()));
        QCOMPARE(rawValue(u"SELECT %1 FROM %2 WHERE %3 = 'new pet'"_qs.arg(column(u"ownerId"_qs), table("pet"), column(u"name"_qs))).toLongLong(),
                 people.entity(1)->property("id").toLongLong());
        QTRY_COMPARE(pets.data(pets.index(0, 1)).toString(), u"person 0001"_qs);
        pets.setMaster(&selection, u"nope"_qs);
        QCOMPARE(pets.lastError().kind(), Error::Kind::UnknownColumn);
    }

    // --- undo --------------------------------------------------------------------------------

    void undoAndRedoOneEditAtATime()
    {
        populate(3);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QUndoStack stack;
        model.setUndoStack(&stack);
        model.setColumns({ u"name"_qs, u"age"_qs });
        QVERIFY(model.select());
        QVERIFY(model.setData(model.index(0, 0), u"a"_qs));
        QVERIFY(model.setData(model.index(0, 0), u"ab"_qs)); // same cell: merged
        QVERIFY(model.setData(model.index(1, 1), 50));
        QVERIFY(model.setData(model.index(2, 0), u"c"_qs));
        QCOMPARE(stack.count(), 3);
        stack.undo();
        QCOMPARE(model.data(model.index(2, 0)).toString(), u"person 0002"_qs);
        stack.undo();
        QCOMPARE(model.data(model.index(1, 1)).toInt(), 1);
        stack.undo();
        QCOMPARE(model.data(model.index(0, 0)).toString(), u"person 0000"_qs);
        QVERIFY(!model.isDirty());
        stack.redo();
        stack.redo();
        QCOMPARE(model.data(model.index(0, 0)).toString(), u"ab"_qs);
        QCOMPARE(model.data(model.index(1, 1)).toInt(), 50);
        QCOMPARE(model.data(model.index(2, 0)).toString(), u"person 0002"_qs);
        // Rows: an insert undone leaves, a removal undone is unmarked.
        QVERIFY(model.insertRows(3, 1));
        QVERIFY(model.removeRows(2, 1));
        QCOMPARE(stack.count(), 4); // the redone tail was dropped by the new commands
        stack.undo();
        QCOMPARE(markers(model).at(2), u"3"_qs);
        stack.undo();
        QCOMPARE(model.rowCount(), 3);
        stack.redo();
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(markers(model).at(3), u"*"_qs);
        // After a submit, undo is a new edit (not a rollback).
        QVERIFY(model.setData(model.index(3, 0), u"new"_qs));
        QVERIFY(model.setData(model.index(3, 1), 5));
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        QCOMPARE(personCount(), 4);
        const qint64 newId = model.entity(3)->property("id").toLongLong();
        const QString ageOf = u"SELECT %1 FROM %2 WHERE %3 = ?"_qs.arg(column(u"age"_qs), table("person"), column(u"id"_qs));
        stack.undo(); // the age
        QCOMPARE(markers(model).at(3), u"* 4"_qs);
        QCOMPARE(model.data(model.index(3, 1)).toInt(), 0);
        QCOMPARE(rawValue(ageOf, { newId }).toInt(), 5);
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        QCOMPARE(rawValue(ageOf, { newId }).toInt(), 0);
        stack.undo(); // the name (to what the new row had)
        stack.undo(); // the insert of a saved row: marked for removal
        QCOMPARE(markers(model).at(3), u"!"_qs);
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        QCOMPARE(personCount(), 3);
        QCOMPARE(nameOf(model.entity(0)->property("id").toLongLong()), u"ab"_qs);
        // A rollback of the session clears the stack.
        QVERIFY(model.setData(model.index(0, 0), u"zzz"_qs));
        QVERIFY(stack.canUndo());
        session.rollback();
        QVERIFY(!stack.canUndo());
        QCOMPARE(model.data(model.index(0, 0)).toString(), u"ab"_qs);
    }

    // --- forms and views ---------------------------------------------------------------------

    void formLeavesNullColumnsNull()
    {
        populate(3); // person 0002 has no email
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"name"_qs, u"email"_qs });
        QVERIFY(model.select());
        QDataWidgetMapper mapper;
        mapper.setModel(&model);
        mapper.setSubmitPolicy(QDataWidgetMapper::ManualSubmit);
        QLineEdit name, email;
        mapper.addMapping(&name, 0);
        mapper.addMapping(&email, 1);
        mapper.setCurrentIndex(2);
        QCOMPARE(name.text(), u"person 0002"_qs);
        QCOMPARE(email.text(), QString());
        name.setText(u"renamed"_qs);
        QVERIFY(mapper.submit());
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        const qint64 id = model.entity(2)->property("id").toLongLong();
        QCOMPARE(nameOf(id), u"renamed"_qs);
        const QString emailOf = u"SELECT %1 FROM %2 WHERE %3 = ?"_qs.arg(column(u"email"_qs), table("person"), column(u"id"_qs));
        QVERIFY(rawValue(emailOf, { id }).isNull()); // untouched: still NULL, not ''
        email.setText(u"typed@example.org"_qs);
        QVERIFY(mapper.submit());
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        QCOMPARE(rawValue(emailOf, { id }).toString(), u"typed@example.org"_qs);
    }

    void typingIntoATableViewEditsTheRow()
    {
        populate(3);
        Session session(m_db);
        EntityTableModel model(&session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"name"_qs, u"age"_qs });
        QVERIFY(model.select());
        QTableView view;
        view.setModel(&model);
        view.resize(600, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QModelIndex cell = model.index(1, 0);
        view.setCurrentIndex(cell);
        view.edit(cell);
        auto *editor = view.findChild<QLineEdit *>();
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, u"Typed name"_qs);
        QTest::keyClick(editor, Qt::Key_Return); // the delegate commits from the event loop
        QTRY_COMPARE(model.data(cell).toString(), u"Typed name"_qs);
        QCOMPARE(model.headerData(1, Qt::Vertical).toString(), u"* 2"_qs);
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().toString()));
        QCOMPARE(nameOf(model.entity(1)->property("id").toLongLong()), u"Typed name"_qs);
    }

    void sessionDeletedFirstLeavesAnEmptyModel()
    {
        populate(2);
        auto *session = new Session(m_db);
        EntityTableModel model(session, Person::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.select());
        QVERIFY(model.insertRows(0, 1));
        delete session;
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.lastError().kind(), Error::Kind::InvalidState);
        QVERIFY(!model.submitAll());
        QVERIFY(!model.select());
        QVERIFY(!model.isDirty());
    }
};

QTEST_MAIN(tst_TableModelEditing)
#include "tst_tablemodelediting.moc"
