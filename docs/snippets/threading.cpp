// SPDX-License-Identifier: MIT
// The examples of docs/guides/threading.md, as one program: the test suite builds and runs it
// (doc_threading) and it exits non-zero when something the guide states does not hold.
// The //! [name] blocks appear verbatim in the guide (checked by check_snippets.cmake).
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QThread>

#include <thread>

using namespace Qt::StringLiterals;

static int failures = 0;
#define CHECK(condition) check(bool(condition), #condition, __LINE__)
static void check(bool holds, const char *what, int line)
{
    if (!holds) {
        qCritical("threading.cpp:%d: does not hold: %s", line, what);
        ++failures;
    }
}

static bool failed(const qorm::Error &error)
{
    if (error.isValid())
        qCritical().noquote() << error.detailedText();
    return error.isValid();
}

class Order : public qorm::Entity
{
    Q_OBJECT
    QORM_TABLE("Orders")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, customer, setCustomer)
    QORM_COLUMN(int, quantity, setQuantity)
public:
    Q_INVOKABLE explicit Order(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;

    //! [worker]
    auto db = qorm::Database::open("sqlite:///" + dir.filePath("shop.db")); // sqlite:////tmp/.../shop.db
    if (!db || failed(qorm::Schema(db.value()).createTables({ &Order::staticMetaObject })))
        return 1;
    const qorm::Database database = db.value();   // a handle: copy it into any thread

    qint64 stored = 0;                            // plain values cross threads, entities do not
    qorm::Error error;                            // a value type, like QString
    QThread *worker = QThread::create([database, &stored, &error] {
        qorm::Session session(database);          // this thread's session, on this thread's connection
        for (int i = 1; i <= 3; ++i) {
            auto order = std::make_shared<Order>();
            order->setCustomer("worker");
            order->setQuantity(i);
            if ((error = session.add(order)).isValid())
                return;
        }
        error = session.commit();
        if (!error.isValid())
            stored = session.query<Order>().count().valueOr(-1);
    });                                           // the session ends with the lambda, in its thread
    worker->start();
    worker->wait();
    delete worker;                                // its connection was removed when the thread finished
    //! [worker]
    CHECK(!failed(error));
    CHECK(stored == 3);

    //! [main-thread]
    qorm::Session session(database);              // the main thread's own connection to shop.db
    auto orders = session.query<Order>().where(qorm::col("customer") == "worker").all();
    // orders.value().size() == 3: the worker committed them; these are new objects of this session.
    //! [main-thread]
    CHECK(orders && orders.value().size() == 3);
    CHECK(orders && orders.value().first()->thread() == QThread::currentThread());

    {
        // Connections are per thread and per Database: different QSqlDatabase connection names.
        QString workerConnection;
        QThread *t = QThread::create([database, &workerConnection] {
            auto c = database.connection();
            workerConnection = c ? c.value().connectionName() : QString();
        });
        t->start();
        t->wait();
        delete t;
        const QString mainConnection = database.connection().value().connectionName();
        CHECK(!workerConnection.isEmpty() && workerConnection != mainConnection);
        CHECK(mainConnection.startsWith(u"qorm/"));
        // A thread's connection is removed when the thread finishes, for std::thread too.
        CHECK(!QSqlDatabase::connectionNames().contains(workerConnection));
        std::thread plain([database, &workerConnection] {
            auto c = database.connection();
            workerConnection = c ? c.value().connectionName() : QString();
        });
        plain.join();
        CHECK(!workerConnection.isEmpty() && !QSqlDatabase::connectionNames().contains(workerConnection));
    }

    {
        // Two writers at once: BEGIN IMMEDIATE makes the second wait (busy_timeout, 5 s by
        // default) instead of failing halfway through its transaction.
        QList<QThread *> writers;
        QList<qorm::Error> errors(2);
        for (int w = 0; w < 2; ++w) {
            writers.append(QThread::create([database, &errors, w] {
                qorm::Session s(database);
                for (int batch = 0; batch < 10; ++batch) {
                    for (int i = 0; i < 10; ++i) {
                        auto order = std::make_shared<Order>();
                        order->setCustomer(u"writer %1"_s.arg(w));
                        order->setQuantity(i);
                        if (qorm::Error e = s.add(order); e.isValid()) { errors[w] = e; return; }
                    }
                    if (qorm::Error e = s.commit(); e.isValid()) { errors[w] = e; return; }
                }
            }));
        }
        for (QThread *t : writers)
            t->start();
        for (QThread *t : writers) {
            t->wait();
            delete t;
        }
        CHECK(!failed(errors[0]) && !failed(errors[1]));
        CHECK(session.query<Order>().where(qorm::col("customer").like("writer %")).count().valueOr(-1) == 200);
    }

    {
        // An Error crosses threads in a queued signal: the worker's session reports a failure to
        // an object of the main thread.
        QObject receiver;
        qorm::Error received;
        QThread *t = QThread::create([database, &receiver, &received] {
            qorm::Session s(database);
            QObject::connect(&s, &qorm::Session::errorOccurred, &receiver,
                             [&received](const qorm::Error &e) { received = e; }); // queued
            CHECK(!s.get<Order>(123456));
        });
        t->start();
        t->wait();
        delete t;
        CHECK(!received.isValid());
        QCoreApplication::processEvents();
        CHECK(received.kind() == qorm::Error::Kind::NotFound);
    }

    //! [memory]
    auto memory = qorm::Database::open("sqlite://:memory:");
    if (!memory || failed(qorm::Schema(memory.value()).createTables({ &Order::staticMetaObject })))
        return 1;
    qorm::Error seen;
    QThread *other = QThread::create([database = memory.value(), &seen] {
        qorm::Session session(database);          // a new connection: a new, empty database
        seen = session.query<Order>().count().error();
    });
    other->start();
    other->wait();
    delete other;
    // seen.toString() == "Order: no such table: Orders (SQLite 1)"
    //! [memory]
    CHECK(seen.isValid() && seen.toString() == u"Order: no such table: Orders (SQLite 1)");

    //! [detached]
    std::shared_ptr<Order> copy;
    QThread *loader = QThread::create([database, &copy] {
        qorm::Session session(database);
        copy = session.query<Order>().first().valueOr(nullptr);
        // copy->thread() is this thread, copy->session() is this session
    });
    loader->start();
    loader->wait();
    delete loader;
    // The loader's session is gone: copy->entityState() == Detached, copy->session() == nullptr.
    // Read its values, or load the row again here: session.get<Order>(copy->id())
    //! [detached]
    CHECK(copy && copy->entityState() == qorm::Entity::State::Detached && copy->session() == nullptr);
    CHECK(copy && session.get<Order>(copy->id()) && session.get<Order>(copy->id()).value()->customer() == u"worker");

    return failures == 0 ? 0 : 1;
}

#include "threading.moc"
