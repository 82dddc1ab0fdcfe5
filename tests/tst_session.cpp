// SPDX-License-Identifier: MIT
// Session, unit of work and identity map, on every configured backend.
#include "testbackends.h"
#include "testentities.h"

#include <qorm/dialect.h>
#include <qorm/schema.h>
#include <qorm/session.h>
#include <qorm/statementcompiler.h>

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace qorm;

class tst_Session : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_db;
    Database m_verify; // a second, independent connection (same as m_db for :memory:)
    const QList<const QMetaObject *> m_classes = { &Person::staticMetaObject, &Pet::staticMetaObject,
                                                   &PlainNote::staticMetaObject, &Hostile::staticMetaObject };

    QString table(const char *name) const { return m_db.dialect().quoteIdentifier(QString::fromUtf8(name)); }

    QVariant rawValue(const QString &sql, const QVariantList &values = {}) { return qormtest::rawValue(m_verify, sql, values); }
    qint64 rawCount(const char *tableName) { return rawValue(u"SELECT COUNT(*) FROM "_qs + table(tableName)).toLongLong(); }

    std::shared_ptr<Person> newPerson(const QString &name, int age)
    {
        auto p = std::make_shared<Person>();
        p->setName(name);
        p->setAge(age);
        p->setScore(age * 1.5);
        return p;
    }

private Q_SLOTS:
    void initTestCase_data() { qormtest::addBackendRows(m_dir); }

    void init()
    {
        QFETCH_GLOBAL(QString, url);
        QFETCH_GLOBAL(bool, shared);
        auto db = Database::open(url);
        QORM_VERIFY_RESULT(db);
        m_db = db.value();
        if (shared) {
            auto v = Database::open(url);
            QORM_VERIFY_RESULT(v);
            m_verify = v.value();
        } else {
            m_verify = m_db;
        }
        Schema schema(m_db);
        QORM_VERIFY_OK(schema.dropTables(m_classes));
        QORM_VERIFY_OK(schema.createTables(m_classes));
    }

    void cleanup()
    {
        if (m_db.isValid())
            QORM_VERIFY_OK(Schema(m_db).dropTables(m_classes));
        m_verify = Database();
        m_db = Database();
    }

    void addWritesGeneratedKeyBack()
    {
        Session session(m_db);
        auto p = newPerson(QStringLiteral("Ada"), 36);
        p->setEmail(QStringLiteral("ada@example.org"));
        p->setBalance(Decimal::fromString(u"12.34"_qs));
        QCOMPARE(p->entityState(), Entity::State::Transient);
        QORM_VERIFY_OK(session.add(p));
        QCOMPARE(p->entityState(), Entity::State::Pending);
        QCOMPARE(p->id(), 0);
        QORM_VERIFY_OK(session.commit());
        QVERIFY(p->id() > 0);
        QCOMPARE(p->entityState(), Entity::State::Persistent);
        QVERIFY(!p->isDirty());

        // A separate connection sees the committed row with every value.
        QCOMPARE(rawValue(u"SELECT name FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = ?"_qs, { p->id() }).toString(), u"Ada"_qs);
        QCOMPARE(rawValue(u"SELECT email FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = ?"_qs, { p->id() }).toString(), u"ada@example.org"_qs);
        QCOMPARE(rawValue(u"SELECT age FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = ?"_qs, { p->id() }).toInt(), 36);
        QCOMPARE(Decimal::fromString(rawValue(u"SELECT balance FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = ?"_qs, { p->id() }).toString()),
                 Decimal::fromString(u"12.34"_qs));
        QVERIFY(rawValue(u"SELECT created FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = ?"_qs, { p->id() }).isNull());
    }

    void getReadsBackWhatWasStored()
    {
        qint64 id = 0;
        const QDateTime created = QDateTime(QDate(2024, 2, 29), QTime(23, 59, 58, 123), Qt::UTC);
        {
            Session session(m_db);
            auto p = newPerson(QStringLiteral("Grace"), 85);
            p->setCreated(created);
            p->setBalance(Decimal::fromString(u"-0.10"_qs));
            QORM_VERIFY_OK(session.add(p));
            QORM_VERIFY_OK(session.commit());
            id = p->id();
        }
        Session session(m_db);
        auto p = session.get<Person>(id);
        QORM_VERIFY_RESULT(p);
        QCOMPARE(p.value()->name(), u"Grace"_qs);
        QCOMPARE(p.value()->age(), 85);
        QCOMPARE(p.value()->score(), 85 * 1.5);
        QVERIFY(!p.value()->email().has_value());
        QCOMPARE(p.value()->created().value(), created);
        QCOMPARE(p.value()->balance().value(), Decimal::fromString(u"-0.1"_qs));
        QCOMPARE(p.value()->entityState(), Entity::State::Persistent);

        auto missing = session.get<Person>(id + 1000);
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind(), Error::Kind::NotFound);
    }

    void updateSetsOnlyChangedColumns()
    {
        Session session(m_db);
        auto p = newPerson(QStringLiteral("Linus"), 20);
        QORM_VERIFY_OK(session.add(p));
        QORM_VERIFY_OK(session.commit());

        QSignalSpy spy(&session, &Session::statementExecuted);
        p->setAge(21);
        QVERIFY(p->isDirty());
        QCOMPARE(p->dirtyProperties(), QStringList{ u"age"_qs });
        QORM_VERIFY_OK(session.commit());

        QStringList updates;
        QVariantList values;
        for (const auto &call : spy) {
            if (call.at(0).toString().startsWith(u"UPDATE"_qs)) {
                updates.append(call.at(0).toString());
                values = call.at(1).toList();
            }
        }
        QCOMPARE(updates.size(), 1);
        QCOMPARE(updates.first(), u"UPDATE "_qs + table(QORM_TEST_PREFIX "person") + u" SET "_qs + m_db.dialect().quoteIdentifier(u"age"_qs)
                                          + u" = ? WHERE "_qs + m_db.dialect().quoteIdentifier(u"id"_qs) + u" = ?"_qs);
        QCOMPARE(values.size(), 2);
        QCOMPARE(values.at(0).toInt(), 21);
        QCOMPARE(values.at(1).toLongLong(), p->id());
        QCOMPARE(rawValue(u"SELECT age FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = ?"_qs, { p->id() }).toInt(), 21);
    }

    void unchangedEntityEmitsNoUpdate()
    {
        Session session(m_db);
        auto p = newPerson(QStringLiteral("Barbara"), 40);
        QORM_VERIFY_OK(session.add(p));
        QORM_VERIFY_OK(session.commit());

        QSignalSpy spy(&session, &Session::statementExecuted);
        p->setName(QStringLiteral("Changed"));
        p->setName(QStringLiteral("Barbara")); // back to the stored value
        p->setAge(40);                         // same value: the setter does nothing
        QVERIFY(!p->isDirty());
        QVERIFY(!session.hasPendingChanges());
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(spy.size(), 0); // not even BEGIN
    }

    void removeDeletesTheRow()
    {
        Session session(m_db);
        auto a = newPerson(QStringLiteral("A"), 1);
        auto b = newPerson(QStringLiteral("B"), 2);
        QORM_VERIFY_OK(session.add(a));
        QORM_VERIFY_OK(session.add(b));
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(rawCount(QORM_TEST_PREFIX "person"), 2);

        QORM_VERIFY_OK(session.remove(a.get()));
        QCOMPARE(a->entityState(), Entity::State::Deleted);
        QCOMPARE(rawCount(QORM_TEST_PREFIX "person"), 2); // staged only
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(rawCount(QORM_TEST_PREFIX "person"), 1);
        QCOMPARE(a->entityState(), Entity::State::Detached);
        QVERIFY(!session.get<Person>(a->id()));

        auto stranger = std::make_shared<Person>();
        QCOMPARE(session.remove(stranger.get()).kind(), Error::Kind::InvalidState);
    }

    void rollbackDiscardsUnsavedChanges()
    {
        Session session(m_db);
        auto kept = newPerson(QStringLiteral("Kept"), 30);
        auto doomed = newPerson(QStringLiteral("Doomed"), 31);
        QORM_VERIFY_OK(session.add(kept));
        QORM_VERIFY_OK(session.add(doomed));
        QORM_VERIFY_OK(session.commit());

        kept->setName(QStringLiteral("Renamed"));
        auto fresh = newPerson(QStringLiteral("Fresh"), 1);
        QORM_VERIFY_OK(session.add(fresh));
        QORM_VERIFY_OK(session.remove(doomed.get()));
        QORM_VERIFY_OK(session.flush()); // written, not committed
        QVERIFY(fresh->id() > 0);

        QSignalSpy rolledBack(&session, &Session::rolledBack);
        session.rollback();
        QCOMPARE(rolledBack.size(), 1);
        QCOMPARE(kept->name(), u"Kept"_qs);
        QVERIFY(!kept->isDirty());
        QCOMPARE(fresh->entityState(), Entity::State::Transient);
        QCOMPARE(fresh->id(), 0); // the key generated by the rolled-back INSERT is gone
        QCOMPARE(doomed->entityState(), Entity::State::Persistent);
        QCOMPARE(rawCount(QORM_TEST_PREFIX "person"), 2);
        QCOMPARE(rawValue(u"SELECT name FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = ?"_qs, { kept->id() }).toString(), u"Kept"_qs);
        QVERIFY(!session.hasPendingChanges());
    }

    void revertDiscardsOneEntitysChangesOnly()
    {
        Session session(m_db);
        auto a = newPerson(QStringLiteral("Ada"), 36);
        auto b = newPerson(QStringLiteral("Bob"), 40);
        auto c = newPerson(QStringLiteral("Cy"), 50);
        QORM_VERIFY_OK(session.add(a));
        QORM_VERIFY_OK(session.add(b));
        QORM_VERIFY_OK(session.add(c));
        QORM_VERIFY_OK(session.commit());

        a->setName(QStringLiteral("Ada L."));
        a->setAge(37);
        b->setName(QStringLiteral("Robert"));
        auto fresh = newPerson(QStringLiteral("Fresh"), 1);
        QORM_VERIFY_OK(session.add(fresh));
        QORM_VERIFY_OK(session.remove(c.get()));
        QSignalSpy changed(&session, &Session::entityChanged);
        QORM_VERIFY_OK(session.revert(a.get())); // values back, clean; b keeps its edit
        QCOMPARE(a->name(), u"Ada"_qs);
        QCOMPARE(a->age(), 36);
        QVERIFY(!a->isDirty());
        QCOMPARE(changed.size(), 1);
        QORM_VERIFY_OK(session.revert(fresh.get())); // Transient again, values kept
        QCOMPARE(fresh->entityState(), Entity::State::Transient);
        QCOMPARE(fresh->name(), u"Fresh"_qs);
        QORM_VERIFY_OK(session.revert(c.get())); // the removal is cancelled
        QCOMPARE(c->entityState(), Entity::State::Persistent);
        QCOMPARE(session.revert(fresh.get()).kind(), Error::Kind::InvalidState); // not in the session any more
        QORM_VERIFY_OK(session.commit()); // only b's edit is left
        QCOMPARE(rawCount(QORM_TEST_PREFIX "person"), 3);
        QCOMPARE(rawValue(u"SELECT name FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = ?"_qs, { a->id() }).toString(), u"Ada"_qs);
        QCOMPARE(rawValue(u"SELECT name FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = ?"_qs, { b->id() }).toString(), u"Robert"_qs);
        // A DELETE already flushed in the open transaction: only rollback() can undo it.
        QORM_VERIFY_OK(session.remove(c.get()));
        QORM_VERIFY_OK(session.flush());
        QCOMPARE(session.revert(c.get()).kind(), Error::Kind::InvalidState);
        session.rollback();
        QCOMPARE(rawCount(QORM_TEST_PREFIX "person"), 3);
    }

    void failedCommitLosesNothing()
    {
        Session session(m_db);
        auto p = newPerson(QStringLiteral("Valid"), 50);
        QORM_VERIFY_OK(session.add(p));
        QORM_VERIFY_OK(session.commit());

        auto pending = newPerson(QStringLiteral("Pending"), 2);
        QORM_VERIFY_OK(session.add(pending));
        p->setAge(51);
        p->setName(QString()); // a null QString is SQL NULL: violates NOT NULL

        QSignalSpy errors(&session, &Session::errorOccurred);
        const Error e = session.commit();
        QVERIFY(e.isValid());
        QCOMPARE(e.kind(), Error::Kind::NotNullViolation);
        QVERIFY2(e.sql().startsWith(u"UPDATE"_qs), qPrintable(e.sql()));
        QVERIFY(!e.driverText().isEmpty());
        QCOMPARE(errors.size(), 1);
        QCOMPARE(session.lastError().kind(), Error::Kind::NotNullViolation);
        QVERIFY(!session.isInTransaction());

        // The database is unchanged: no new row, the old values.
        QCOMPARE(rawCount(QORM_TEST_PREFIX "person"), 1);
        QCOMPARE(rawValue(u"SELECT age FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = ?"_qs, { p->id() }).toInt(), 50);
        // The objects are as the user left them, still to be saved.
        QCOMPARE(pending->entityState(), Entity::State::Pending);
        QCOMPARE(pending->id(), 0);
        QCOMPARE(p->age(), 51);
        QVERIFY(p->isDirty());

        // Fix the value and commit again: everything lands.
        p->setName(QStringLiteral("Fixed"));
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(rawCount(QORM_TEST_PREFIX "person"), 2);
        QCOMPARE(rawValue(u"SELECT name FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = ?"_qs, { p->id() }).toString(), u"Fixed"_qs);
        QCOMPARE(rawValue(u"SELECT age FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = ?"_qs, { p->id() }).toInt(), 51);
        QVERIFY(pending->id() > 0);
    }

    void identityMapReturnsTheSameObject()
    {
        Session session(m_db);
        auto p = newPerson(QStringLiteral("Once"), 10);
        QORM_VERIFY_OK(session.add(p));
        QORM_VERIFY_OK(session.commit());
        auto again = session.get<Person>(p->id());
        QORM_VERIFY_RESULT(again);
        QCOMPARE(again.value().get(), p.get());
        auto all = session.query<Person>().all();
        QORM_VERIFY_RESULT(all);
        QCOMPARE(all.value().size(), 1);
        QCOMPARE(all.value().first().get(), p.get());
        auto byInt = session.get<Person>(int(p->id())); // an int key finds the qint64 key
        QCOMPARE(byInt.value().get(), p.get());
    }

    void identityMapHoldsCleanEntitiesWeakly()
    {
        Session session(m_db);
        qint64 id;
        {
            auto p = newPerson(QStringLiteral("Weak"), 10);
            QORM_VERIFY_OK(session.add(p));
            QORM_VERIFY_OK(session.commit());
            id = p->id();
        }
        // Nobody holds it: it is gone, and get() reads the row again.
        QSignalSpy spy(&session, &Session::statementExecuted);
        auto p = session.get<Person>(id);
        QORM_VERIFY_RESULT(p);
        QCOMPARE(spy.size(), 1);
        QVERIFY(spy.first().at(0).toString().startsWith(u"SELECT"_qs));

        // A changed entity is held strongly until it is flushed, so the change is not lost.
        QPointer<Person> watch = p.value().get();
        p.value()->setAge(11);
        p = Error(Error::Kind::NotFound, {}); // drop the caller's handle
        QVERIFY(!watch.isNull());
        QORM_VERIFY_OK(session.commit());
        QVERIFY(watch.isNull());
        QCOMPARE(rawValue(u"SELECT age FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = ?"_qs, { id }).toInt(), 11);
    }

    void queryFiltersOrdersAndLimits()
    {
        Session session(m_db);
        const QStringList names = { u"Eve"_qs, u"Bob"_qs, u"Alice"_qs, u"Dan"_qs, u"Carol"_qs };
        for (int i = 0; i < names.size(); ++i)
            QORM_VERIFY_OK(session.add(newPerson(names[i], 20 + i * 10)));
        QORM_VERIFY_OK(session.commit());

        auto older = session.query<Person>().where(col(u"age"_qs) > 30).orderBy(u"name"_qs).all();
        QORM_VERIFY_RESULT(older);
        QStringList got;
        for (const auto &p : older.value())
            got.append(p->name());
        QCOMPARE(got, (QStringList{ u"Alice"_qs, u"Carol"_qs, u"Dan"_qs }));

        auto page = session.query<Person>().orderBy(u"age"_qs, Qt::DescendingOrder).limit(2).offset(1).all();
        QORM_VERIFY_RESULT(page);
        QCOMPARE(page.value().size(), 2);
        QCOMPARE(page.value().at(0)->name(), u"Dan"_qs);
        QCOMPARE(page.value().at(1)->name(), u"Alice"_qs);

        // 'o' occurs only in lower case, so LIKE's case rules (which differ per backend) do not matter.
        auto like = session.query<Person>().where(col(u"name"_qs).like(u"%o%"_qs) && !(col(u"age"_qs) == 60)).count();
        QORM_VERIFY_RESULT(like);
        QCOMPARE(like.value(), 1); // Bob; Carol is excluded by age
        auto nulls = session.query<Person>().where(col(u"email"_qs) == QVariant()).count();
        QCOMPARE(nulls.value(), 5);
        auto in = session.query<Person>().where(col(u"name"_qs).in({ u"Bob"_qs, u"Eve"_qs })).count();
        QCOMPARE(in.value(), 2);
        auto first = session.query<Person>().orderBy(u"age"_qs).first();
        QORM_VERIFY_RESULT(first);
        QCOMPARE(first.value()->name(), u"Eve"_qs);
        auto none = session.query<Person>().where(col(u"age"_qs) > 1000).first();
        QORM_VERIFY_RESULT(none);
        QVERIFY(!none.value());
    }

    void badQueriesReportTypedErrors()
    {
        Session session(m_db);
        auto unknown = session.query<Person>().where(col(u"nope"_qs) == 1).all();
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind(), Error::Kind::UnknownColumn);
        QVERIFY(unknown.error().message().contains(u"nope"_qs));
        auto order = session.query<Person>().orderBy(u"missing"_qs).all();
        QCOMPARE(order.error().kind(), Error::Kind::UnknownColumn);
        auto mismatch = session.query<Person>().where(col(u"age"_qs) == u"not a number"_qs).all();
        QVERIFY(!mismatch);
        QCOMPARE(mismatch.error().kind(), Error::Kind::TypeMismatch);
        QVERIFY(mismatch.error().message().contains(u"Person.age"_qs));
    }

    void manyToOneLoadsLazilyAndInBatches()
    {
        Session session(m_db);
        auto owner = newPerson(QStringLiteral("Owner"), 33);
        QORM_VERIFY_OK(session.add(owner));
        QORM_VERIFY_OK(session.flush());
        for (int i = 0; i < 3; ++i) {
            auto pet = std::make_shared<Pet>();
            pet->setName(QStringLiteral("pet%1").arg(i));
            pet->setOwnerId(i < 2 ? std::optional<qint64>(owner->id()) : std::nullopt);
            QORM_VERIFY_OK(session.add(pet));
        }
        QORM_VERIFY_OK(session.commit());
        const qint64 ownerId = owner->id();
        owner.reset();

        Session other(m_db);
        auto pets = other.query<Pet>().orderBy(u"name"_qs).all();
        QORM_VERIFY_RESULT(pets);
        QSignalSpy spy(&other, &Session::statementExecuted);
        QORM_VERIFY_OK(other.loadRelated({ pets.value().begin(), pets.value().end() }, u"owner"_qs));
        QCOMPARE(spy.size(), 1); // one SELECT ... IN (...) for all pets
        QVERIFY(spy.first().at(0).toString().contains(u" IN ("_qs));
        auto o = pets.value().at(0)->owner();
        QVERIFY(o);
        QCOMPARE(o->id(), ownerId);
        QCOMPARE(o->name(), u"Owner"_qs);
        QCOMPARE(pets.value().at(1)->owner().get(), o.get());
        QVERIFY(!pets.value().at(2)->owner()); // NULL foreign key
        QCOMPARE(spy.size(), 1);
        // The relation is also a QObject property for QML.
        QCOMPARE(pets.value().at(0)->property("owner").value<Person *>(), o.get());
    }

    void flushOrdersTablesByDependency()
    {
        // Staged child first, parent second: the flush still INSERTs the parent first, and
        // DELETEs the child first (a foreign key is checked at each statement on every backend).
        Session session(m_db);
        auto pet = std::make_shared<Pet>();
        pet->setName(u"Rex"_qs);
        pet->setOwnerId(500);
        QORM_VERIFY_OK(session.add(pet));
        auto owner = newPerson(u"Explicit key"_qs, 40);
        owner->setId(500);
        QORM_VERIFY_OK(session.add(owner));
        QStringList statements;
        connect(&session, &Session::statementExecuted, this, [&](const QString &sql) { statements.append(sql.section(u'(', 0, 0)); });
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(rawCount(QORM_TEST_PREFIX "pet"), qint64(1));
        QCOMPARE(rawValue(u"SELECT name FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = 500"_qs).toString(), u"Explicit key"_qs);
        const qsizetype personInsert = statements.indexOf(u"INSERT INTO "_qs + table(QORM_TEST_PREFIX "person") + u' ');
        const qsizetype petInsert = statements.indexOf(u"INSERT INTO "_qs + table(QORM_TEST_PREFIX "pet") + u' ');
        QVERIFY2(personInsert >= 0 && petInsert > personInsert, qPrintable(statements.join(u" | "_qs)));

        statements.clear();
        QORM_VERIFY_OK(session.remove(owner));
        QORM_VERIFY_OK(session.remove(pet));
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(rawCount(QORM_TEST_PREFIX "pet"), qint64(0));
        QCOMPARE(rawCount(QORM_TEST_PREFIX "person"), qint64(0));
        const QString deletePet = u"DELETE FROM "_qs + table(QORM_TEST_PREFIX "pet") + u" WHERE "_qs;
        const QString deletePerson = u"DELETE FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE "_qs;
        auto position = [&](const QString &prefix) {
            for (qsizetype i = 0; i < statements.size(); ++i)
                if (statements[i].startsWith(prefix))
                    return i;
            return qsizetype(-1);
        };
        QVERIFY2(position(deletePet) >= 0 && position(deletePerson) > position(deletePet), qPrintable(statements.join(u" | "_qs)));
    }

    void changeStreamIsCoalescedAndComplete()
    {
        Session session(m_db);
        auto ann = newPerson(u"Ann"_qs, 30);
        QSignalSpy added(&session, &Session::entityAdded);
        QORM_VERIFY_OK(session.add(ann));
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.first().at(0).value<Entity *>(), ann.get());

        // Nobody listens yet: nothing is recorded, nothing delivered later.
        QORM_VERIFY_OK(session.commit());
        ann->setAge(31);
        QSignalSpy changed(&session, &Session::entityChanged);
        QTest::qWait(10);
        QCOMPARE(changed.size(), 0);

        // Three stores of two properties: one notification with both, after the values are stored.
        Person *seen = nullptr;
        QString nameSeen;
        connect(&session, &Session::entityChanged, this, [&](Entity *e) {
            seen = static_cast<Person *>(e);
            nameSeen = seen->name();
        });
        ann->setName(u"Anne"_qs);
        ann->setAge(32);
        ann->setName(u"Annie"_qs);
        QCOMPARE(changed.size(), 0); // coalesced until the event loop runs
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).value<Entity *>(), ann.get());
        QCOMPARE(changed.first().at(1).toStringList(), (QStringList{ u"name"_qs, u"age"_qs })); // declaration order
        QCOMPARE(nameSeen, u"Annie"_qs);

        // commit() delivers what is pending first, then reports the rows it inserted and deleted;
        // the generated key of a new entity is a change too.
        changed.clear();
        QSignalSpy committedRows(&session, &Session::entitiesCommitted);
        QSignalSpy committed(&session, &Session::committed);
        QList<QByteArray> order;
        connect(&session, &Session::entityChanged, this, [&] { order.append("changed"); });
        connect(&session, &Session::entitiesCommitted, this, [&] { order.append("rows"); });
        connect(&session, &Session::committed, this, [&] { order.append("committed"); });
        ann->setAge(33);
        auto bob = newPerson(u"Bob"_qs, 40);
        QORM_VERIFY_OK(session.add(bob));
        QSignalSpy removed(&session, &Session::entityRemoved);
        QORM_VERIFY_OK(session.remove(ann));
        QCOMPARE(removed.size(), 1);
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(committedRows.size(), 1);
        QCOMPARE(committedRows.first().at(0).value<QList<Entity *>>(), QList<Entity *>{ bob.get() });
        QCOMPARE(committedRows.first().at(1).value<QList<Entity *>>(), QList<Entity *>{ ann.get() });
        QCOMPARE(order.last(), QByteArray("committed"));
        QVERIFY(order.indexOf("rows") > order.lastIndexOf("changed"));
        bool keyReported = false;
        for (const QList<QVariant> &args : std::as_const(changed))
            keyReported = keyReported || (args.at(0).value<Entity *>() == bob.get() && args.at(1).toStringList().contains(u"id"_qs));
        QVERIFY(keyReported);
    }

    void compiledUpsertInsertsThenUpdates()
    {
        // The statement compiler's upsert, run as compiled (text + values) on the backend.
        const StatementCompiler compiler(m_db);
        Person p;
        p.setId(77);
        p.setName(u"First"_qs);
        p.setAge(1);
        auto first = compiler.upsert(p);
        QORM_VERIFY_RESULT(first);
        QVERIFY(qormtest::execRaw(m_db, first.value().sql, first.value().values));
        QCOMPARE(rawValue(u"SELECT name FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = 77"_qs).toString(), u"First"_qs);
        p.setName(u"Second"_qs);
        p.setAge(2);
        auto second = compiler.upsert(p);
        QORM_VERIFY_RESULT(second);
        QCOMPARE(second.value().sql, first.value().sql); // one text whatever the values
        QVERIFY(qormtest::execRaw(m_db, second.value().sql, second.value().values));
        QCOMPARE(rawCount(QORM_TEST_PREFIX "person"), qint64(1));
        QCOMPARE(rawValue(u"SELECT name FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = 77"_qs).toString(), u"Second"_qs);
        QCOMPARE(rawValue(u"SELECT age FROM "_qs + table(QORM_TEST_PREFIX "person") + u" WHERE id = 77"_qs).toInt(), 2);
        // And the session reads what the upsert wrote.
        Session session(m_db);
        QCOMPARE(session.get<Person>(77).value()->name(), u"Second"_qs);
    }

    void plainPropertyEntitiesAreTrackedBySnapshot()
    {
        Session session(m_db);
        auto note = std::make_shared<PlainNote>();
        note->setText(QStringLiteral("first"));
        QORM_VERIFY_OK(session.add(note));
        QORM_VERIFY_OK(session.commit());
        QVERIFY(note->id() > 0);
        QCOMPARE(rawValue(u"SELECT body FROM "_qs + table(QORM_TEST_PREFIX "plain_note")).toString(), u"first"_qs);

        note->setText(QStringLiteral("second")); // no macro: the session compares snapshots
        QVERIFY(note->isDirty());
        QCOMPARE(note->dirtyProperties(), QStringList{ u"text"_qs });
        QSignalSpy spy(&session, &Session::statementExecuted);
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(rawValue(u"SELECT body FROM "_qs + table(QORM_TEST_PREFIX "plain_note")).toString(), u"second"_qs);
        bool sawUpdate = false;
        for (const auto &call : spy)
            if (call.at(0).toString().startsWith(u"UPDATE"_qs)) {
                sawUpdate = true;
                QVERIFY(!call.at(0).toString().contains(u"priority"_qs));
            }
        QVERIFY(sawUpdate);

        note->setPriority(5);
        session.rollback();
        QCOMPARE(note->priority(), 0);
        QVERIFY(!note->isDirty());
    }

    void hostileNamesAndValuesAreQuotedAndBound()
    {
        const QString evil = QStringLiteral("'); DROP TABLE " QORM_TEST_PREFIX "person; -- \" ` ? :name $1 \\ ' ''");
        Session session(m_db);
        QORM_VERIFY_OK(session.add(newPerson(QStringLiteral("Survivor"), 1)));
        auto h = std::make_shared<Hostile>();
        h->setValue(evil);
        QORM_VERIFY_OK(session.add(h));
        QORM_VERIFY_OK(session.commit());
        QVERIFY(h->id() > 0);

        h->setValue(evil + evil);
        QORM_VERIFY_OK(session.commit());
        Session other(m_db);
        auto found = other.query<Hostile>().where(col(u"value"_qs) == evil + evil).all();
        QORM_VERIFY_RESULT(found);
        QCOMPARE(found.value().size(), 1);
        QCOMPARE(found.value().first()->value(), evil + evil);
        auto person = other.query<Person>().where(col(u"name"_qs) == evil).count();
        QORM_VERIFY_RESULT(person);
        QCOMPARE(person.value(), 0);
        QCOMPARE(rawCount(QORM_TEST_PREFIX "person"), 1); // still there
        QORM_VERIFY_OK(other.remove(found.value().first().get()));
        QORM_VERIFY_OK(other.commit());
    }

    void entitiesOutliveTheirSession()
    {
        std::shared_ptr<Person> p;
        {
            Session session(m_db);
            p = newPerson(QStringLiteral("Detached"), 5);
            QORM_VERIFY_OK(session.add(p));
            QORM_VERIFY_OK(session.commit());
            QCOMPARE(p->session(), &session);
        }
        QCOMPARE(p->entityState(), Entity::State::Detached);
        QCOMPARE(p->session(), nullptr);
        p->setName(QStringLiteral("still usable")); // no session to notify: must not crash
        QCOMPARE(p->name(), u"still usable"_qs);

        // A session destroyed with uncommitted work rolls it back.
        {
            Session session(m_db);
            QORM_VERIFY_OK(session.add(newPerson(QStringLiteral("Uncommitted"), 6)));
            QORM_VERIFY_OK(session.flush());
        }
        QCOMPARE(rawCount(QORM_TEST_PREFIX "person"), 1);
    }
};

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
