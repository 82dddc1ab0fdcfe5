// SPDX-License-Identifier: MIT
// Soak: random operations (insert, update, delete, query, table-model edits, failing commits,
// rollbacks) checked step by step against an in-memory oracle, with a fixed seed, on every
// backend. QORM_SOAK_OPS sets the number of operations (default 10000; scripts/soak.sh runs
// 100000+), QORM_SOAK_SEED the seed. Prints its figures: operations, commits, rollbacks, failures
// injected, mismatches.
#include "testbackends.h"

#include <qorm/dialect.h>
#include <qorm/entitytablemodel.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QMap>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace qorm;

class SoakRow : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_soak_row")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
    QORM_COLUMN(int, value, setValue)
public:
    Q_INVOKABLE explicit SoakRow(QObject *parent = nullptr) : Entity(parent) { }
};

class tst_Soak : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_db;
    const QList<const QMetaObject *> m_classes = { &SoakRow::staticMetaObject };

    using Oracle = QMap<qint64, std::pair<QString, int>>;

    /*! The table as the database has it (raw SQL, no qorm). */
    Oracle tableContents()
    {
        Oracle rows;
        QSqlQuery q(m_db.connection().value());
        if (!q.exec(u"SELECT id, name, value FROM "_qs + m_db.dialect().quoteIdentifier(u"qorm_soak_row"_qs)))
            return { { -1, { q.lastError().text(), 0 } } };
        while (q.next())
            rows.insert(q.value(0).toLongLong(), { q.value(1).toString(), q.value(2).toInt() });
        return rows;
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

    void randomOperationsMatchTheOracle()
    {
        const int operations = qEnvironmentVariableIsSet("QORM_SOAK_OPS") ? qEnvironmentVariableIntValue("QORM_SOAK_OPS") : 10000;
        const quint32 seed = qEnvironmentVariableIsSet("QORM_SOAK_SEED") ? quint32(qEnvironmentVariableIntValue("QORM_SOAK_SEED")) : 20261129u;
        QRandomGenerator rng(seed);
        Oracle committed;                           // what the database must hold after each commit
        Oracle staged;                              // committed + this unit of work's changes
        QMap<qint64, std::shared_ptr<SoakRow>> live; // persistent entities the test holds
        QList<std::shared_ptr<SoakRow>> pending;     // added, not yet committed
        int commits = 0, rollbacks = 0, injected = 0, mismatches = 0, modelEdits = 0, queries = 0;
        auto session = std::make_unique<Session>(m_db);
        bool poisoned = false; // a bad value is staged: the next commit must fail

        auto verify = [&](int op) {
            const Oracle actual = tableContents();
            if (actual != committed) {
                ++mismatches;
                qWarning("op %d: database has %lld rows, oracle %lld", op, qint64(actual.size()), qint64(committed.size()));
            }
        };
        auto discardStaged = [&] {
            session->rollback();
            ++rollbacks;
            staged = committed;
            pending.clear();
            poisoned = false;
            // Rolled-back entities are back to their committed values.
            for (auto it = live.begin(); it != live.end(); ++it)
                if (committed.contains(it.key()) && (it.value()->name() != committed[it.key()].first
                                                     || it.value()->value() != committed[it.key()].second))
                    ++mismatches;
        };

        for (int op = 0; op < operations; ++op) {
            int dice = int(rng.bounded(100));
            if (dice < 25 && staged.size() >= 300)
                dice = 50; // keep the table small enough to compare in full after every commit
            if (dice < 25) { // insert
                auto r = std::make_shared<SoakRow>();
                r->setName(u"row %1"_qs.arg(op));
                r->setValue(int(rng.bounded(1000)));
                QORM_VERIFY_OK(session->add(r));
                pending.append(r);
            } else if (dice < 45 && !live.isEmpty()) { // update
                auto it = std::next(live.begin(), int(rng.bounded(quint32(live.size()))));
                if (it.value()->entityState() != Entity::State::Persistent)
                    continue;
                const int v = int(rng.bounded(1000));
                it.value()->setValue(v);
                staged[it.key()].second = v;
            } else if (dice < 55 && !live.isEmpty()) { // delete
                auto it = std::next(live.begin(), int(rng.bounded(quint32(live.size()))));
                if (it.value()->entityState() != Entity::State::Persistent)
                    continue;
                QORM_VERIFY_OK(session->remove(it.value()));
                staged.remove(it.key());
            } else if (dice < 65) { // query (no autoflush: compares with what the database has)
                if (!pending.isEmpty() || staged != committed)
                    continue;
                const int threshold = int(rng.bounded(1000));
                auto n = session->query<SoakRow>().where(col(u"value"_qs) > threshold).count();
                QORM_VERIFY_RESULT(n);
                ++queries;
                qint64 expected = 0;
                for (const auto &row : std::as_const(committed))
                    expected += row.second > threshold ? 1 : 0;
                if (n.value() != expected)
                    ++mismatches;
            } else if (dice < 67 && !live.isEmpty() && pending.isEmpty() && staged == committed) { // table-model edit
                EntityTableModel model(session.get(), SoakRow::staticMetaObject);
                model.setColumns({ u"name"_qs, u"value"_qs });
                QVERIFY(model.select());
                while (model.canFetchMore({}))
                    model.fetchMore({});
                const int row = int(rng.bounded(quint32(model.rowCount())));
                const int v = int(rng.bounded(1000));
                const auto entityId = session->query<SoakRow>().orderBy(u"id"_qs).offset(row).first().value()->id();
                QVERIFY(model.setData(model.index(row, 1), v));
                QVERIFY(model.submitAll());
                committed[entityId].second = v;
                staged = committed;
                ++modelEdits;
                ++commits;
                verify(op);
            } else if (dice < 73) { // a bad value: the commit must fail and lose nothing
                auto r = std::make_shared<SoakRow>();
                r->setName(QString()); // NULL into NOT NULL
                QORM_VERIFY_OK(session->add(r));
                pending.append(r);
                poisoned = true;
            } else if (dice < 76) { // rollback
                discardStaged();
                verify(op);
            } else if (dice < 99) { // commit
                const Error e = session->commit();
                if (poisoned) {
                    ++injected;
                    if (e.kind() != Error::Kind::NotNullViolation)
                        ++mismatches;
                    verify(op); // nothing of the failed unit of work was written
                    discardStaged();
                    continue;
                }
                QORM_VERIFY_OK(e);
                ++commits;
                for (const auto &r : std::as_const(pending)) {
                    staged.insert(r->id(), { r->name(), r->value() });
                    live.insert(r->id(), r);
                }
                pending.clear();
                committed = staged;
                live.removeIf([](const auto &it) { return it.value()->entityState() != Entity::State::Persistent; });
                verify(op);
            } else { // a fresh session now and then: the identity map starts empty, entities detach
                if (poisoned) {
                    discardStaged();
                    continue;
                }
                QORM_VERIFY_OK(session->commit());
                for (const auto &r : std::as_const(pending)) {
                    staged.insert(r->id(), { r->name(), r->value() });
                    live.insert(r->id(), r);
                }
                pending.clear();
                committed = staged;
                ++commits;
                live.clear();
                session = std::make_unique<Session>(m_db);
                auto all = session->query<SoakRow>().all();
                QORM_VERIFY_RESULT(all);
                for (const auto &r : all.value())
                    live.insert(r->id(), r);
                if (live.size() != committed.size())
                    ++mismatches;
            }
            if (mismatches)
                QFAIL(qPrintable(QStringLiteral("mismatch at operation %1 (seed %2)").arg(op).arg(seed)));
        }
        discardStaged();
        verify(operations);
        qInfo("soak: %d operations (seed %u): %d commits, %d rollbacks, %d failing commits injected, %d model edits, %d queries, "
              "%lld rows, %d mismatches",
              operations, seed, commits, rollbacks, injected, modelEdits, queries, qint64(committed.size()), mismatches);
        QCOMPARE(mismatches, 0);
    }
};

QTEST_GUILESS_MAIN(tst_Soak)
#include "tst_soak.moc"
