// SPDX-License-Identifier: MIT
// qorm, used the way its README shows: Session::add + commit, Session::query<T>(), setters +
// commit, qorm::EntityTableModel.

#include "benchcommon.h"

#include <qorm/entitytablemodel.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QDir>
#include <QFile>

#include <memory>

namespace bench {

namespace {

const QStringList kModelColumns = { QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("email"),
                                    QStringLiteral("age"), QStringLiteral("score"), QStringLiteral("created") };

qorm::Database openDatabase(const QString &path)
{
    // An absolute path gives the four-slash form sqlite:////tmp/x.db.
    auto db = qorm::Database::open(QStringLiteral("sqlite:///") + QDir(path).absolutePath());
    require(bool(db), QStringLiteral("open %1: %2").arg(path, db.error().message()));
    return db.value();
}

void addDigest(Digest &d, const BenchPerson &p)
{
    d.add(p.id(), p.name(), p.email(), p.age(), p.score(), p.created());
}

Outcome insertAll(const Options &o, Stopwatch &watch)
{
    const std::vector<PersonRow> input = makePeople(o.rows);
    Outcome out;
    const QString path = QDir(o.workDir).filePath(QStringLiteral("w1-qorm.db"));
    for (int rep = 0; rep < o.reps; ++rep) {
        QFile::remove(path);
        qorm::Database db = openDatabase(path);
        require(!qorm::Schema(db).createTables({ &BenchPerson::staticMetaObject }).isValid(), QStringLiteral("create table"));
        // The input exists as entities before timing, as PersonRow structs do for the others.
        std::vector<std::shared_ptr<BenchPerson>> people;
        people.reserve(input.size());
        for (const PersonRow &r : input) {
            auto p = std::make_shared<BenchPerson>();
            p->setName(r.name);
            p->setEmail(r.email);
            p->setAge(r.age);
            p->setScore(r.score);
            p->setCreated(r.created);
            people.push_back(std::move(p));
        }
        {
            qorm::Session session(db);
            watch.start();
            qorm::Error e;
            for (const auto &p : people)
                if (!e.isValid())
                    e = session.add(p);
            if (!e.isValid())
                e = session.commit();
            watch.stop();
            require(!e.isValid(), QStringLiteral("commit: %1").arg(e.message()));
            require(people.back()->id() == o.rows, QStringLiteral("generated keys were not written back"));
            if (rep == o.reps - 1) {
                out.digest = {};
                for (const auto &p : people)
                    addDigest(out.digest, *p);
            }
            people.clear(); // destroyed while the session lives, as in an application
        }
    }
    QFile::remove(path);
    return out;
}

template<typename MakeQuery>
Outcome loadAll(const Options &o, Stopwatch &watch, MakeQuery makeQuery)
{
    require(!o.fixture.isEmpty(), QStringLiteral("--fixture is required"));
    qorm::Database db = openDatabase(o.fixture);
    Outcome out;
    for (int rep = 0; rep < o.reps; ++rep) {
        qorm::Session session(db);
        watch.start();
        auto rows = makeQuery(session).all();
        watch.stop();
        require(bool(rows), QStringLiteral("query: %1").arg(rows.error().message()));
        out.digest = {};
        for (const auto &p : rows.value())
            addDigest(out.digest, *p);
        QElapsedTimer teardown;
        teardown.start();
        rows.value().clear();
        out.note = QStringLiteral("teardown_ms=%1").arg(double(teardown.nsecsElapsed()) / 1e6, 0, 'f', 1);
    }
    return out;
}

Outcome updateSome(const Options &o, Stopwatch &watch)
{
    const QString path = copyFixture(o, QStringLiteral("w4-qorm"));
    Outcome out;
    {
        qorm::Database db = openDatabase(path);
        qorm::Session session(db);
        auto loaded = session.query<BenchPerson>().orderBy(QStringLiteral("id")).limit(o.rows).all();
        require(bool(loaded) && loaded.value().size() == o.rows, QStringLiteral("load"));
        const auto &people = loaded.value();
        for (int rep = 0; rep < o.reps; ++rep) {
            watch.start();
            for (const auto &p : people)
                p->setScore(p->score() + 1.0);
            const qorm::Error e = session.commit();
            watch.stop();
            require(!e.isValid(), QStringLiteral("commit: %1").arg(e.message()));
        }
        // Untimed: check that the UPDATE sets only the changed column.
        QString updateSql;
        QObject::connect(&session, &qorm::Session::statementExecuted, &session,
                         [&](const QString &sql) { if (sql.startsWith(QStringLiteral("UPDATE"))) updateSql = sql; });
        people.first()->setScore(people.first()->score() + 1.0);
        require(!session.commit().isValid(), QStringLiteral("commit"));
        require(!updateSql.contains(QStringLiteral("\"name\"")), QStringLiteral("UPDATE writes unchanged columns: %1").arg(updateSql));
        people.first()->setScore(people.first()->score() - 1.0);
        require(!session.commit().isValid(), QStringLiteral("commit"));
        for (const auto &p : people)
            addDigest(out.digest, *p);
        out.note = updateSql;
        loaded.value().clear();
    }
    QFile::remove(path);
    return out;
}

Digest modelDigest(const QAbstractItemModel &m, int rows)
{
    Digest d;
    for (int r = 0; r < rows; ++r)
        d.add(m.data(m.index(r, 0)).toLongLong(), m.data(m.index(r, 1)).toString(), m.data(m.index(r, 2)).toString(),
              m.data(m.index(r, 3)).toInt(), m.data(m.index(r, 4)).toDouble(), m.data(m.index(r, 5)).toDateTime());
    return d;
}

std::unique_ptr<qorm::EntityTableModel> makeModel(qorm::Session &session)
{
    auto model = std::make_unique<qorm::EntityTableModel>(&session, BenchPerson::staticMetaObject);
    model->setColumns(kModelColumns);
    return model;
}

// W5: open a model over a big table and read the first 100 rows.
Outcome modelFirstRows(const Options &o, Stopwatch &watch)
{
    qorm::Database db = openDatabase(o.fixture);
    Outcome out;
    for (int rep = 0; rep < o.reps; ++rep) {
        qorm::Session session(db);
        watch.start();
        auto model = makeModel(session);
        require(model->select(), QStringLiteral("select"));
        require(model->rowCount() >= 100, QStringLiteral("fewer than 100 rows"));
        sink(readCells(*model, 100));
        watch.stop();
        out.digest = modelDigest(*model, 100);
    }
    return out;
}

// W6: fetch every row of the model and read every cell.
Outcome modelAllCells(const Options &o, Stopwatch &watch)
{
    qorm::Database db = openDatabase(o.fixture);
    Outcome out;
    for (int rep = 0; rep < o.reps; ++rep) {
        qorm::Session session(db);
        watch.start();
        auto model = makeModel(session);
        require(model->select(), QStringLiteral("select"));
        while (model->canFetchMore({}))
            model->fetchMore({});
        sink(readCells(*model, model->rowCount()));
        watch.stop();
        require(model->rowCount() == o.rows, QStringLiteral("model has %1 rows").arg(model->rowCount()));
        out.digest = modelDigest(*model, model->rowCount());
    }
    return out;
}

// W7: sort the open model by "name" (SQL ORDER BY) and read the first 100 rows.
Outcome modelSort(const Options &o, Stopwatch &watch)
{
    qorm::Database db = openDatabase(o.fixture);
    Outcome out;
    for (int rep = 0; rep < o.reps; ++rep) {
        qorm::Session session(db);
        auto model = makeModel(session);
        require(model->select(), QStringLiteral("select"));
        watch.start();
        model->sort(1, Qt::AscendingOrder);
        sink(readCells(*model, 100));
        watch.stop();
        require(model->rowCount() >= 100, QStringLiteral("fewer than 100 rows"));
        out.digest = modelDigest(*model, 100);
    }
    return out;
}

} // namespace

void registerQorm(const std::function<void(const QString &, const QString &, WorkloadFn)> &add)
{
    const auto all = [](qorm::Session &s) { return s.query<BenchPerson>(); };
    const auto filtered = [](qorm::Session &s) {
        return s.query<BenchPerson>().where(qorm::col(QStringLiteral("age")) > 30).orderBy(QStringLiteral("name"));
    };
    add(QStringLiteral("W1"), QStringLiteral("qorm"), insertAll);
    add(QStringLiteral("W2"), QStringLiteral("qorm"), [=](const Options &o, Stopwatch &w) { return loadAll(o, w, all); });
    add(QStringLiteral("W3"), QStringLiteral("qorm"), [=](const Options &o, Stopwatch &w) { return loadAll(o, w, filtered); });
    add(QStringLiteral("W4"), QStringLiteral("qorm"), updateSome);
    add(QStringLiteral("W5"), QStringLiteral("qorm"), modelFirstRows);
    add(QStringLiteral("W5"), QStringLiteral("qorm-all"), [=](const Options &o, Stopwatch &w) { return loadAll(o, w, all); });
    add(QStringLiteral("W6"), QStringLiteral("qorm"), modelAllCells);
    add(QStringLiteral("W7"), QStringLiteral("qorm"), modelSort);
}

} // namespace bench
