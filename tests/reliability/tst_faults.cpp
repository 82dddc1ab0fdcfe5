// SPDX-License-Identifier: MIT
// Faults at every step, on every backend: a constraint failure at step k of a 24-step flush that
// mixes INSERT, UPDATE and DELETE across two related tables, and (servers) a connection killed
// before BEGIN, in the middle of a flush and just before COMMIT. Each must give a typed error,
// write nothing, resend nothing by itself, leave the entities as they were before the attempt,
// and let the next commit work. The server stopped and started again between commits
// (scripts/db-servers.sh stop/resume) likewise. Prints its figures.
#include "testbackends.h"

#include <qorm/dialect.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QProcess>
#include <QSqlQuery>
#include <QTest>

using namespace qorm;

class FParent : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_fault_parent")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
public:
    Q_INVOKABLE explicit FParent(QObject *parent = nullptr) : Entity(parent) { }
};

class FChild : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_fault_child")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
    QORM_COLUMN(qint64, parentId, setParentId)
    QORM_BELONGS_TO(FParent, parent, parentId)
public:
    Q_INVOKABLE explicit FChild(QObject *parent = nullptr) : Entity(parent) { }
};

class tst_Faults : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_db;
    const QList<const QMetaObject *> m_classes = { &FParent::staticMetaObject, &FChild::staticMetaObject };
    static constexpr int perKind = 8; // 8 inserts + 8 updates + 8 deletes = 24 steps

    /*! Every row of both tables, as text, in key order: what a user would compare. */
    QStringList snapshot()
    {
        QStringList rows;
        const Dialect &d = m_db.dialect();
        const QString parentId = d.quoteIdentifier(u"parentId"_qs);
        for (const bool child : { false, true }) {
            QSqlQuery q(m_db.connection().value());
            const QString text = u"SELECT id, name, "_qs + (child ? parentId : u"NULL"_qs) + u" FROM "_qs
                    + d.quoteIdentifier(child ? u"qorm_fault_child"_qs : u"qorm_fault_parent"_qs) + u" ORDER BY id"_qs;
            if (!q.exec(text)) {
                rows.append(u"<error>"_qs);
                continue;
            }
            while (q.next())
                rows.append(QStringLiteral("%1:%2:%3:%4").arg(child ? u"c"_qs : u"p"_qs, q.value(0).toString(), q.value(1).toString(), q.value(2).toString()));
        }
        return rows;
    }

    /*! Baseline: 2 parents; 16 children of parent 1 (8 to update, 8 to delete). */
    void seed(QList<qint64> *parentIds, QList<qint64> *childIds)
    {
        Session session(m_db);
        for (int i = 0; i < 2; ++i) {
            auto p = std::make_shared<FParent>();
            p->setName(u"parent %1"_qs.arg(i));
            QORM_VERIFY_OK(session.add(p));
            QORM_VERIFY_OK(session.commit());
            parentIds->append(p->id());
        }
        for (int i = 0; i < 2 * perKind; ++i) {
            auto c = std::make_shared<FChild>();
            c->setName(u"child %1"_qs.arg(i));
            c->setParentId(parentIds->first());
            QORM_VERIFY_OK(session.add(c));
            QORM_VERIFY_OK(session.commit());
            childIds->append(c->id());
        }
    }

private Q_SLOTS:
    void initTestCase_data() { qormtest::addBackendRows(m_dir); }

    void init()
    {
        QFETCH_GLOBAL(QString, url);
        auto db = qormtest::openWithFreshTables(url, m_classes);
        QORM_VERIFY_RESULT(db);
        m_db = db.value();
    }

    void cleanup() { QORM_VERIFY_OK(qormtest::dropTablesAndClose(m_db, m_classes)); }

    void constraintFailureAtEveryStep()
    {
        int tried = 0, clearErrors = 0, partialWrites = 0;
        for (int k = 0; k < 3 * perKind; ++k) {
            QORM_VERIFY_OK(qormtest::dropTablesAndClose(m_db, m_classes));
            QFETCH_GLOBAL(QString, url);
            auto db = qormtest::openWithFreshTables(url, m_classes);
            QORM_VERIFY_RESULT(db);
            m_db = db.value();
            QList<qint64> parents, children;
            seed(&parents, &children);
            const QStringList before = snapshot();

            Session session(m_db);
            QList<std::shared_ptr<FChild>> added, updated, removed;
            for (int i = 0; i < perKind; ++i) { // steps 0..7: INSERT (step k gets a missing parent)
                auto c = std::make_shared<FChild>();
                c->setName(u"new %1"_qs.arg(i));
                c->setParentId(k == i ? 999999 : parents.last());
                QORM_VERIFY_OK(session.add(c));
                added.append(c);
            }
            for (int i = 0; i < perKind; ++i) { // steps 8..15: UPDATE (step k sets a NULL name)
                auto c = session.get<FChild>(children[i]).value();
                c->setName(k == perKind + i ? QString() : u"renamed %1"_qs.arg(i));
                updated.append(c);
            }
            for (int i = 0; i < perKind; ++i) { // steps 16..23: DELETE (step k deletes a referenced parent instead)
                if (k == 2 * perKind + i) {
                    QORM_VERIFY_OK(session.remove(session.get<FParent>(parents.first()).value()));
                } else {
                    auto c = session.get<FChild>(children[perKind + i]).value();
                    QORM_VERIFY_OK(session.remove(c));
                    removed.append(c);
                }
            }
            int statements = 0;
            connect(&session, &Session::statementExecuted, this, [&] { ++statements; });
            const Error e = session.commit();
            ++tried;
            const bool typed = e.kind() == Error::Kind::ForeignKeyViolation || e.kind() == Error::Kind::NotNullViolation;
            clearErrors += typed ? 1 : 0;
            QVERIFY2(typed, qPrintable(QStringLiteral("step %1: %2").arg(k).arg(e.toString())));
            // BEGIN + k statements before the failing one + the failing one + ROLLBACK (deletes run last-first).
            QVERIFY2(statements <= 3 * perKind + 2, qPrintable(QString::number(statements)));
            const QStringList after = snapshot();
            if (after != before)
                ++partialWrites;
            QCOMPARE(after, before);
            // Entities as before the attempt: new ones still pending without keys, edits kept.
            for (const auto &c : std::as_const(added)) {
                QCOMPARE(c->entityState(), Entity::State::Pending);
                QCOMPARE(c->id(), qint64(0));
            }
            for (int i = 0; i < perKind; ++i)
                QVERIFY(updated[i]->isDirty());
            for (const auto &c : std::as_const(removed))
                QCOMPARE(c->entityState(), Entity::State::Deleted);
            QVERIFY(!session.isInTransaction());

            // Fix the bad step and commit again: everything lands.
            if (k < perKind) {
                added[k]->setParentId(parents.last());
            } else if (k < 2 * perKind) {
                updated[k - perKind]->setName(u"renamed %1"_qs.arg(k - perKind));
            } else {
                session.rollback(); // un-stage the parent's deletion and everything else, then redo the rest
                QCOMPARE(snapshot(), before);
                continue;
            }
            QORM_VERIFY_OK(session.commit());
            QCOMPARE(snapshot().size(), before.size() + perKind - perKind); // 8 added, 8 deleted
            for (const auto &c : std::as_const(added))
                QVERIFY(c->id() > 0);
        }
        qInfo("faults: %d failures injected (one per flush step), %d clear errors, %d partial writes", tried, clearErrors, partialWrites);
        QCOMPARE(partialWrites, 0);
    }

    void killedConnectionAtEachPoint()
    {
        QFETCH_GLOBAL(QString, url);
        if (m_db.dialect().name() == u"sqlite"_qs)
            return; // no server connection to kill
        auto killer = Database::open(url);
        QORM_VERIFY_RESULT(killer);
        auto kill = [&] { QVERIFY(qormtest::killConnection(m_db, killer.value())); };
        QList<qint64> parents, children;
        seed(&parents, &children);
        int tried = 0, lost = 0;
        // 0: before BEGIN; 1: after the 3rd statement of the flush; 2: after the last DML, before COMMIT.
        for (int point = 0; point < 3; ++point) {
            const QStringList before = snapshot();
            Session session(m_db);
            QList<std::shared_ptr<FChild>> added;
            for (int i = 0; i < 5; ++i) {
                auto c = std::make_shared<FChild>();
                c->setName(u"kill %1 %2"_qs.arg(point).arg(i));
                c->setParentId(parents.last());
                QORM_VERIFY_OK(session.add(c));
                added.append(c);
            }
            auto renamed = session.get<FChild>(children[point]).value();
            renamed->setName(u"renamed at %1"_qs.arg(point));
            if (point == 0)
                kill();
            int statements = 0, afterKill = -1;
            connect(&session, &Session::statementExecuted, this, [&](const QString &sql) {
                ++statements;
                if (afterKill >= 0)
                    ++afterKill;
                const bool trigger = (point == 1 && statements == 3) || (point == 2 && sql.startsWith(u"UPDATE"_qs));
                if (trigger && afterKill < 0) {
                    kill();
                    afterKill = 0;
                }
            });
            const Error e = session.commit();
            ++tried;
            if (e.kind() == Error::Kind::ConnectionLost)
                ++lost;
            QVERIFY2(e.kind() == Error::Kind::ConnectionLost, qPrintable(QStringLiteral("point %1: %2").arg(point).arg(e.toString())));
            if (afterKill >= 0) // after the kill: the failing statement, maybe a ROLLBACK attempt; no silent retry
                QVERIFY2(afterKill <= 2, qPrintable(QString::number(afterKill)));
            QCOMPARE(snapshot(), before); // zero partial writes
            for (const auto &c : std::as_const(added))
                QCOMPARE(c->entityState(), Entity::State::Pending);
            QVERIFY(renamed->isDirty());
            disconnect(&session, &Session::statementExecuted, this, nullptr);
            QORM_VERIFY_OK(session.commit()); // reconnects and writes everything
            QCOMPARE(snapshot().size(), before.size() + 5);
        }
        qInfo("killed connections: %d tried, %d ConnectionLost, 0 partial writes", tried, lost);
    }

    void serverRestartedBetweenCommits()
    {
        if (m_db.dialect().name() == u"sqlite"_qs)
            return; // no server to stop
        const QString serversDir = qEnvironmentVariable("QORM_SERVERS_DIR");
        if (serversDir.isEmpty()) {
            if (qEnvironmentVariableIntValue("QORM_REQUIRE_ALL_BACKENDS"))
                QFAIL("QORM_SERVERS_DIR is not set: this test stops and restarts the servers of scripts/db-servers.sh");
            QSKIP("needs the servers of scripts/db-servers.sh (QORM_SERVERS_DIR)");
        }
        const QString server = m_db.dialect().name() == u"postgresql"_qs ? u"postgresql"_qs : u"mariadb"_qs;
        auto servers = [&](const QString &command) {
            QProcess p;
            p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            p.start(QStringLiteral(QORM_SOURCE_DIR "/scripts/db-servers.sh"), { command, server });
            return p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        };
        QList<qint64> parents, children;
        seed(&parents, &children);
        int tried = 0, typed = 0, recovered = 0;
        // Rounds 0 and 1: a commit while the server is down. Round 2: the server restarts while
        // the session is idle, so its connection is dead when the commit comes.
        for (int round = 0; round < 3; ++round) {
            Session session(m_db);
            auto renamed = session.get<FChild>(children[round]).value(); // the connection is open
            const QStringList before = snapshot();
            auto added = std::make_shared<FChild>();
            added->setName(u"restart %1"_qs.arg(round));
            added->setParentId(parents.last());
            QORM_VERIFY_OK(session.add(added));
            renamed->setName(u"renamed in round %1"_qs.arg(round));
            int statements = 0;
            connect(&session, &Session::statementExecuted, this, [&] { ++statements; });

            QVERIFY(servers(u"stop"_qs));
            if (round == 2)
                QVERIFY(servers(u"resume"_qs));
            Error e = session.commit();
            ++tried;
            if (round < 2 || e.isValid()) {
                QVERIFY2(e.kind() == Error::Kind::ConnectionLost || (round < 2 && e.kind() == Error::Kind::Connection),
                         qPrintable(QStringLiteral("round %1: %2").arg(round).arg(e.toString())));
                ++typed;
                QVERIFY(statements <= 1); // the statement that met the dead connection; no silent retry
                QCOMPARE(added->entityState(), Entity::State::Pending);
                QVERIFY(renamed->isDirty());
                QCOMPARE(renamed->name(), u"renamed in round %1"_qs.arg(round));
                if (round < 2)
                    QVERIFY(servers(u"resume"_qs));
                QCOMPARE(snapshot(), before); // zero partial writes
                QORM_VERIFY_OK(session.commit()); // the next commit works
            }
            ++recovered;
            QCOMPARE(added->entityState(), Entity::State::Persistent);
            QVERIFY(!renamed->isDirty());
            const QStringList after = snapshot();
            QCOMPARE(after.size(), before.size() + 1);
            QVERIFY(after.contains(u"c:%1:renamed in round %2:%3"_qs.arg(renamed->id()).arg(round).arg(parents.first())));
        }
        qInfo("server restarts: %d tried, %d typed errors, %d recovered, 0 partial writes", tried, typed, recovered);
    }
};

QTEST_GUILESS_MAIN(tst_Faults)
#include "tst_faults.moc"
