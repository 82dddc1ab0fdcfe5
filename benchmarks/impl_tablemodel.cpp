// SPDX-License-Identifier: MIT
// QSqlTableModel (OnManualSubmit) where it applies: it caches raw QVariants (the date-time
// stays the stored text), so its "load" rows are not converted into structs.

#include "sqlconnection.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSqlTableModel>

#include <memory>

namespace bench {

namespace {

std::unique_ptr<QSqlTableModel> makeModel(Connection &c)
{
    auto model = std::make_unique<QSqlTableModel>(nullptr, c.db());
    model->setTable(QString::fromLatin1(kTable));
    model->setEditStrategy(QSqlTableModel::OnManualSubmit);
    return model;
}

void fetchAll(QSqlTableModel &model)
{
    while (model.canFetchMore())
        model.fetchMore();
}

Digest modelDigest(const QAbstractItemModel &m, int rows)
{
    Digest d;
    for (int r = 0; r < rows; ++r)
        d.add(m.data(m.index(r, 0)).toLongLong(), m.data(m.index(r, 1)).toString(), m.data(m.index(r, 2)).toString(),
              m.data(m.index(r, 3)).toInt(), m.data(m.index(r, 4)).toDouble(), dateTimeFromDb(m.data(m.index(r, 5)).toString()));
    return d;
}

Outcome insertAll(const Options &o, Stopwatch &watch)
{
    const std::vector<PersonRow> people = makePeople(o.rows);
    const QString path = QDir(o.workDir).filePath(QStringLiteral("w1-tablemodel.db"));
    Outcome out;
    for (int rep = 0; rep < o.reps; ++rep) {
        QFile::remove(path);
        {
            Connection c(path);
            QSqlQuery ddl(c.db());
            require(ddl.exec(createTableSql()), QStringLiteral("create table"));
            auto model = makeModel(c);
            watch.start();
            const QSqlRecord empty = model->record();
            for (const PersonRow &p : people) {
                QSqlRecord rec = empty;
                rec.setGenerated(0, false); // the key is generated
                rec.setValue(1, p.name);
                rec.setValue(2, p.email);
                rec.setValue(3, p.age);
                rec.setValue(4, p.score);
                rec.setValue(5, dateTimeToDb(p.created));
                require(model->insertRecord(-1, rec), QStringLiteral("insertRecord"));
            }
            require(c.db().transaction(), QStringLiteral("begin"));
            require(model->submitAll(), QStringLiteral("submitAll: %1").arg(model->lastError().text()));
            require(c.db().commit(), QStringLiteral("commit"));
            watch.stop();
            fetchAll(*model);
            require(model->rowCount() == o.rows, QStringLiteral("rows"));
            out.digest = modelDigest(*model, model->rowCount());
        }
    }
    QFile::remove(path);
    return out;
}

Outcome loadAll(const Options &o, Stopwatch &watch, bool filtered)
{
    Connection c(o.fixture);
    Outcome out;
    for (int rep = 0; rep < o.reps; ++rep) {
        watch.start();
        auto model = makeModel(c);
        if (filtered) {
            model->setFilter(QStringLiteral(R"("age" > 30)"));
            model->setSort(1, Qt::AscendingOrder);
        }
        require(model->select(), QStringLiteral("select: %1").arg(model->lastError().text()));
        fetchAll(*model);
        watch.stop();
        out.digest = modelDigest(*model, model->rowCount());
    }
    return out;
}

Outcome updateSome(const Options &o, Stopwatch &watch)
{
    const QString path = copyFixture(o, QStringLiteral("w4-tablemodel"));
    const int n = int(o.rows);
    Outcome out;
    {
        Connection c(path);
        auto model = makeModel(c);
        model->setSort(0, Qt::AscendingOrder);
        for (int rep = 0; rep < o.reps; ++rep) {
            // Untimed: the model shows (at least) the first n rows, as after a user scrolled there.
            require(model->select(), QStringLiteral("select"));
            while (model->rowCount() < n && model->canFetchMore())
                model->fetchMore();
            require(model->rowCount() >= n, QStringLiteral("rows"));
            watch.start();
            for (int r = 0; r < n; ++r) {
                const QModelIndex i = model->index(r, 4);
                model->setData(i, model->data(i).toDouble() + 1.0);
            }
            require(c.db().transaction(), QStringLiteral("begin"));
            require(model->submitAll(), QStringLiteral("submitAll: %1").arg(model->lastError().text()));
            require(c.db().commit(), QStringLiteral("commit"));
            watch.stop();
        }
        while (model->rowCount() < n && model->canFetchMore())
            model->fetchMore();
        out.digest = modelDigest(*model, n);
    }
    QFile::remove(path);
    return out;
}

Outcome firstRows(const Options &o, Stopwatch &watch, bool fetchEverything)
{
    Connection c(o.fixture);
    Outcome out;
    for (int rep = 0; rep < o.reps; ++rep) {
        watch.start();
        auto model = makeModel(c);
        require(model->select(), QStringLiteral("select"));
        if (fetchEverything)
            fetchAll(*model);
        sink(readCells(*model, 100));
        watch.stop();
        out.digest = modelDigest(*model, 100);
        if (fetchEverything)
            out.note = QStringLiteral("rows_fetched=%1").arg(model->rowCount());
    }
    return out;
}

Outcome allCells(const Options &o, Stopwatch &watch)
{
    Connection c(o.fixture);
    Outcome out;
    for (int rep = 0; rep < o.reps; ++rep) {
        watch.start();
        auto model = makeModel(c);
        require(model->select(), QStringLiteral("select"));
        fetchAll(*model);
        sink(readCells(*model, model->rowCount()));
        watch.stop();
        require(model->rowCount() == o.rows, QStringLiteral("rows"));
        out.digest = modelDigest(*model, model->rowCount());
    }
    return out;
}

Outcome sortModel(const Options &o, Stopwatch &watch)
{
    Connection c(o.fixture);
    Outcome out;
    for (int rep = 0; rep < o.reps; ++rep) {
        auto model = makeModel(c);
        require(model->select(), QStringLiteral("select"));
        watch.start();
        model->sort(1, Qt::AscendingOrder);
        sink(readCells(*model, 100));
        watch.stop();
        out.digest = modelDigest(*model, 100);
    }
    return out;
}

} // namespace

void registerTableModel(const std::function<void(const QString &, const QString &, WorkloadFn)> &add)
{
    add(QStringLiteral("W1"), QStringLiteral("tablemodel"), insertAll);
    add(QStringLiteral("W2"), QStringLiteral("tablemodel"), [](const Options &o, Stopwatch &w) { return loadAll(o, w, false); });
    add(QStringLiteral("W3"), QStringLiteral("tablemodel"), [](const Options &o, Stopwatch &w) { return loadAll(o, w, true); });
    add(QStringLiteral("W4"), QStringLiteral("tablemodel"), updateSome);
    add(QStringLiteral("W5"), QStringLiteral("tablemodel"), [](const Options &o, Stopwatch &w) { return firstRows(o, w, false); });
    add(QStringLiteral("W5"), QStringLiteral("tablemodel-all"), [](const Options &o, Stopwatch &w) { return firstRows(o, w, true); });
    add(QStringLiteral("W6"), QStringLiteral("tablemodel"), allCells);
    add(QStringLiteral("W7"), QStringLiteral("tablemodel"), sortModel);
}

} // namespace bench
