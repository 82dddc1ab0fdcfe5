// SPDX-License-Identifier: MIT
// Concurrent writers on every backend that shares data between connections: optimistic locking
// (QORM_VERSION) turns lost updates into StaleData errors, so T threads x M read-increment-commit
// cycles end at exactly T x M. Prints its figures: increments, retries, errors.
#include "testbackends.h"

#include <qorm/dialect.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QAtomicInt>
#include <QElapsedTimer>
#include <QSemaphore>
#include <QTest>

using namespace qorm;

class Counter : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_conc_counter")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(qint64, value, setValue)
    QORM_COLUMN(QString, note, setNote)
    QORM_COLUMN(int, version, setVersion)
    QORM_VERSION(version)
public:
    Q_INVOKABLE explicit Counter(QObject *parent = nullptr)
        : Entity(parent)
    {
    }
};

/*! Rows for the deadlock test: no version column, so only the database's locks decide. */
class Slot : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_conc_slot")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(int, value, setValue)
public:
    Q_INVOKABLE explicit Slot(QObject *parent = nullptr)
        : Entity(parent)
    {
    }
};

class tst_Concurrency : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_db;
    qint64 m_id = 0;
    const QList<const QMetaObject *> m_classes = { &Counter::staticMetaObject, &Slot::staticMetaObject };

private Q_SLOTS:
    void initTestCase_data() { qormtest::addBackendRows(m_dir); }

    void init()
    {
        QFETCH_GLOBAL(QString, url);
        auto db = qormtest::openWithFreshTables(url, m_classes);
        QORM_VERIFY_RESULT(db);
        m_db = db.value();
        Session session(m_db);
        auto c = std::make_shared<Counter>();
        QCOMPARE(c->version(), 0);
        QORM_VERIFY_OK(session.add(c));
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(c->version(), 1); // the first version
        m_id = c->id();
    }

    void cleanup() { QORM_VERIFY_OK(qormtest::dropTablesAndClose(m_db, m_classes)); }

    void staleUpdateFailsAndKeepsTheEdit()
    {
        QFETCH_GLOBAL(bool, shared);
        if (!shared)
            return; // :memory: gives each connection its own database: nothing is concurrent
        Session first(m_db);
        Session second(m_db);
        auto a = first.get<Counter>(m_id).value();
        auto b = second.get<Counter>(m_id).value();
        a->setValue(10);
        QORM_VERIFY_OK(first.commit());
        QCOMPARE(a->version(), 2);
        QCOMPARE(qormtest::rawValue(m_db,
                     u"SELECT version FROM "_qs + m_db.dialect().quoteIdentifier(u"qorm_conc_counter"_qs))
                     .toInt(),
            2);

        b->setNote(u"mine"_qs);
        const Error e = second.commit();
        QCOMPARE(e.kind(), Error::Kind::StaleData);
        QVERIFY2(e.message().contains(u"version 1"_qs), qPrintable(e.message()));
        QVERIFY(e.sql().contains(u"UPDATE"_qs));
        QCOMPARE(b->note(), u"mine"_qs); // the edit is kept...
        QVERIFY(b->isDirty());
        QCOMPARE(b->version(), 1); // ...with the version it was loaded with
        QVERIFY(!second.isInTransaction());
        QCOMPARE(qormtest::rawValue(
                     m_db, u"SELECT note FROM "_qs + m_db.dialect().quoteIdentifier(u"qorm_conc_counter"_qs))
                     .toString(),
            QString(u""_qs));

        // Reload and apply again: works.
        Session third(m_db);
        auto c = third.get<Counter>(m_id).value();
        c->setNote(b->note());
        QORM_VERIFY_OK(third.commit());
        QCOMPARE(c->version(), 3);

        // A delete checks the version too; so does an update of a row deleted meanwhile.
        QORM_VERIFY_OK(second.remove(b));
        QCOMPARE(second.commit().kind(), Error::Kind::StaleData);
        QORM_VERIFY_OK(third.remove(c));
        QORM_VERIFY_OK(third.commit());
        a->setValue(11);
        QCOMPARE(first.commit().kind(), Error::Kind::StaleData);
    }

    void rollbackRestoresTheVersion()
    {
        Session session(m_db);
        auto c = session.get<Counter>(m_id).value();
        c->setValue(5);
        QORM_VERIFY_OK(session.flush());
        QCOMPARE(c->version(), 2);
        session.rollback();
        QCOMPARE(c->version(), 1);
        QCOMPARE(c->value(), 0);
        c->setValue(6);
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(c->version(), 2);
    }

    void versionedIncrementsLoseNothing()
    {
        QFETCH_GLOBAL(bool, shared);
        if (!shared)
            return; // :memory: gives each connection its own database
        constexpr int threads = 4;
        constexpr int increments = 250;
        QAtomicInt retries;
        QAtomicInt errors;
        const Database db = m_db;
        const qint64 id = m_id;
        qormtest::runThreads(threads, [&, db, id](int) {
            for (int i = 0; i < increments; ++i) {
                for (int attempt = 0;; ++attempt) {
                    Session session(db);
                    auto c = session.get<Counter>(id);
                    if (!c) {
                        errors.ref();
                        qWarning() << c.error();
                        break;
                    }
                    c.value()->setValue(c.value()->value() + 1);
                    const Error e = session.commit();
                    if (!e.isValid())
                        break;
                    if (e.kind() != Error::Kind::StaleData && e.kind() != Error::Kind::Deadlock) {
                        errors.ref();
                        qWarning() << e;
                        break;
                    }
                    retries.ref();
                }
            }
        });
        Session check(m_db);
        auto c = check.get<Counter>(m_id).value();
        qInfo("concurrency: %d threads x %d increments -> value %lld, version %d, %d retries, %d errors",
            threads, increments, c->value(), c->version(), retries.loadRelaxed(), errors.loadRelaxed());
        QCOMPARE(errors.loadRelaxed(), 0);
        QCOMPARE(c->value(), qint64(threads * increments));
        QCOMPARE(c->version(), 1 + threads * increments);
    }

    void deadlockHasExactlyOneVictim()
    {
        QFETCH_GLOBAL(QString, url);
        if (m_db.dialect().name() == u"sqlite"_qs)
            return; // SQLite takes the write lock at BEGIN IMMEDIATE: writers queue, never deadlock (next
                    // test)
        qint64 ids[2] = {};
        {
            Session setup(m_db);
            for (qint64 &id : ids) {
                auto s = std::make_shared<Slot>();
                QORM_VERIFY_OK(setup.add(s));
                QORM_VERIFY_OK(setup.commit());
                id = s->id();
            }
        }
        // Thread t updates row t, waits until the other did the same, then updates the other row.
        QSemaphore firstDone;
        Error results[2];
        qormtest::runThreads(2, [&](int t) {
            auto db = Database::open(url); // its own connection
            if (!db) {
                results[t] = db.error();
                firstDone.release();
                return;
            }
            Session session(db.value());
            auto mine = session.get<Slot>(ids[t]).value();
            auto other = session.get<Slot>(ids[1 - t]).value();
            mine->setValue(t + 1);
            results[t] = session.flush(); // UPDATE mine: holds its row lock
            firstDone.release();
            firstDone.acquire(2); // both rows are locked now
            firstDone.release(2);
            if (results[t].isValid())
                return;
            other->setValue(t + 1);
            results[t] = session.commit(); // one of the two is chosen as the victim
        });
        const int victims = int(results[0].kind() == Error::Kind::Deadlock)
            + int(results[1].kind() == Error::Kind::Deadlock);
        const int winners = int(!results[0].isValid()) + int(!results[1].isValid());
        qInfo("deadlock: %d victim(s) [%s | %s], %d winner(s)", victims, qPrintable(results[0].toString()),
            qPrintable(results[1].toString()), winners);
        QCOMPARE(victims, 1);
        QCOMPARE(winners, 1);
        const int winner = results[0].isValid() ? 1 : 0;
        Session check(m_db);
        for (qint64 id : ids)
            QCOMPARE(check.get<Slot>(id).value()->value(), winner + 1); // the winner's writes, all of them
    }

    void sqliteWritersNeverHangNorLie()
    {
        QFETCH_GLOBAL(QString, url);
        QFETCH_GLOBAL(bool, shared);
        if (m_db.dialect().name() != u"sqlite"_qs || !shared)
            return;
        // Short busy timeout: waiting writers give up quickly with a typed error, or succeed.
        const QString fast = url + (url.contains(u'?') ? u"&"_qs : u"?"_qs) + u"busy_timeout=50"_qs;
        QAtomicInt succeeded, lockTimeouts, others;
        // Opened here; each worker opens its own connection at its first statement, so a lock
        // met while that connection is set up is counted like any other lock timeout.
        auto db = Database::open(fast);
        QORM_VERIFY_RESULT(db);
        QElapsedTimer timer;
        timer.start();
        qormtest::runThreads(
            2, [&, database = db.value()](int t) { // never hangs: CTest's timeout would fail it
                for (int i = 0; i < 100; ++i) {
                    Session session(database);
                    auto s = std::make_shared<Slot>();
                    s->setValue(t * 1000 + i);
                    if (session.add(s).isValid()) {
                        others.ref();
                        continue;
                    }
                    const Error e = session.commit();
                    if (!e.isValid())
                        succeeded.ref();
                    else if (e.kind() == Error::Kind::Deadlock)
                        lockTimeouts.ref();
                    else
                        others.ref();
                }
            });
        qInfo("sqlite writers: %d committed, %d lock timeouts, %d other errors in %lld ms",
            succeeded.loadRelaxed(), lockTimeouts.loadRelaxed(), others.loadRelaxed(), timer.elapsed());
        QCOMPARE(others.loadRelaxed(), 0);
        QCOMPARE(succeeded.loadRelaxed() + lockTimeouts.loadRelaxed(), 200);
        Session check(m_db);
        QCOMPARE(check.query<Slot>().count().value(),
            qint64(succeeded.loadRelaxed())); // no success that did not happen
    }
};

QTEST_GUILESS_MAIN(tst_Concurrency)
#include "tst_concurrency.moc"
