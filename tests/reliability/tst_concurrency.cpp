// SPDX-License-Identifier: MIT
// Concurrent writers on every backend that shares data between connections: optimistic locking
// (QORM_VERSION) turns lost updates into StaleData errors, so T threads x M read-increment-commit
// cycles end at exactly T x M. Prints its figures: increments, retries, errors.
#include "testbackends.h"

#include <qorm/dialect.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QAtomicInt>
#include <QTest>
#include <QThread>

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
    Q_INVOKABLE explicit Counter(QObject *parent = nullptr) : Entity(parent) { }
};

class tst_Concurrency : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_db;
    qint64 m_id = 0;
    const QList<const QMetaObject *> m_classes = { &Counter::staticMetaObject };

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
        QCOMPARE(qormtest::rawValue(m_db, u"SELECT version FROM "_qs + m_db.dialect().quoteIdentifier(u"qorm_conc_counter"_qs)).toInt(), 2);

        b->setNote(u"mine"_qs);
        const Error e = second.commit();
        QCOMPARE(e.kind(), Error::Kind::StaleData);
        QVERIFY2(e.message().contains(u"version 1"_qs), qPrintable(e.message()));
        QVERIFY(e.sql().contains(u"UPDATE"_qs));
        QCOMPARE(b->note(), u"mine"_qs); // the edit is kept...
        QVERIFY(b->isDirty());
        QCOMPARE(b->version(), 1);        // ...with the version it was loaded with
        QVERIFY(!second.isInTransaction());
        QCOMPARE(qormtest::rawValue(m_db, u"SELECT note FROM "_qs + m_db.dialect().quoteIdentifier(u"qorm_conc_counter"_qs)).toString(), QString(u""_qs));

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
        QList<QThread *> workers;
        const Database db = m_db;
        const qint64 id = m_id;
        for (int t = 0; t < threads; ++t) {
            workers.append(QThread::create([&, db, id] {
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
            }));
            workers.last()->start();
        }
        for (QThread *w : std::as_const(workers)) {
            QVERIFY(w->wait(300000));
            delete w;
        }
        Session check(m_db);
        auto c = check.get<Counter>(m_id).value();
        qInfo("concurrency: %d threads x %d increments -> value %lld, version %d, %d retries, %d errors",
              threads, increments, c->value(), c->version(), retries.loadRelaxed(), errors.loadRelaxed());
        QCOMPARE(errors.loadRelaxed(), 0);
        QCOMPARE(c->value(), qint64(threads * increments));
        QCOMPARE(c->version(), 1 + threads * increments);
    }
};

QTEST_GUILESS_MAIN(tst_Concurrency)
#include "tst_concurrency.moc"
