// SPDX-License-Identifier: MIT
// The examples of docs/guides/sessions.md, as one program: the test suite builds and runs it
// (doc_sessions) and it exits non-zero when something the guide states does not hold.
// The //! [name] blocks appear verbatim in the guide (checked by check_snippets.cmake).
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QCoreApplication>
#include <QProcess>

using namespace Qt::StringLiterals;

static int failures = 0;
#define CHECK(condition) check(bool(condition), #condition, __LINE__)
static void check(bool holds, const char *what, int line)
{
    if (!holds) {
        qCritical("sessions.cpp:%d: does not hold: %s", line, what);
        ++failures;
    }
}

//! [entity]
class Book : public qorm::Entity
{
    Q_OBJECT
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, title, setTitle)
    QORM_UNIQUE(title)
    QORM_COLUMN(int, year, setYear)
public:
    Q_INVOKABLE explicit Book(QObject *parent = nullptr) : qorm::Entity(parent) { }
};
//! [entity]

//! [versioned-entity]
class Account : public qorm::Entity
{
    Q_OBJECT
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(qint64, balance, setBalance)
    QORM_COLUMN(int, version, setVersion)
    QORM_VERSION(version) // optimistic locking, like SQLAlchemy's version_id_col
public:
    Q_INVOKABLE explicit Account(QObject *parent = nullptr) : qorm::Entity(parent) { }
};
//! [versioned-entity]

//! [helpers]
// Logs the error, if any, and says whether there was one.
static bool failed(const qorm::Error &error)
{
    if (error.isValid())
        qWarning().noquote() << error.detailedText(); // kind, message, SQL, database text, code
    return error.isValid();
}

static std::shared_ptr<Book> newBook(const QString &title, int year)
{
    auto book = std::make_shared<Book>();
    book->setTitle(title);
    book->setYear(year);
    return book;
}
//! [helpers]

/*! Run in a child process by main(): value() of a failed Result ends the process. */
static int valueOnError()
{
    auto db = qorm::Database::open("sqlite://:memory:");
    if (!db || failed(qorm::Schema(db.value()).createTables({ &Book::staticMetaObject })))
        return 0;
    qorm::Session session(db.value());
    //! [value-on-error]
    auto book = session.get<Book>(42);           // there is no book 42: the Result holds an error
    const QString title = book.value()->title(); // ends the process through qFatal():
    // "qorm::Result::value() called on an error: NotFound: no Book with key 42 ..."
    //! [value-on-error]
    return title.isEmpty() ? 0 : 0; // never reached
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (app.arguments().contains(u"--value-on-error"))
        return valueOnError();

    auto db = qorm::Database::open("sqlite://:memory:");
    if (!db)
        return failed(db.error());
    if (failed(qorm::Schema(db.value()).createTables({ &Book::staticMetaObject, &Account::staticMetaObject })))
        return 1;
    QStringList sql; // every statement the sessions below send
    auto record = [&sql](const QString &statement) { sql.append(statement); };

    //! [unit-of-work]
    qorm::Session session(db.value());
    auto dune = std::make_shared<Book>();       // Transient: not in any session
    dune->setTitle("Dune");
    dune->setYear(1966);
    if (failed(session.add(dune)))              // Pending: nothing is sent yet
        return 1;
    if (failed(session.commit()))               // BEGIN IMMEDIATE, INSERT, COMMIT; dune->id() == 1
        return 1;
    dune->setYear(1965);                        // Persistent and now dirty: dirtyProperties() == {"year"}
    if (failed(session.commit()))               // UPDATE "Book" SET "year" = ? WHERE "id" = ?
        return 1;
    //! [unit-of-work]
    CHECK(dune->id() == 1);
    CHECK(dune->entityState() == qorm::Entity::State::Persistent);
    CHECK(!dune->isDirty());
    {
        QObject::connect(&session, &qorm::Session::statementExecuted, &app, record);
        dune->setYear(1964);
        CHECK(dune->dirtyProperties() == QStringList{ u"year"_s });
        dune->setYear(1965); // changed and changed back: nothing to write
        CHECK(!dune->isDirty() && !session.hasPendingChanges());
        CHECK(!failed(session.commit()));
        CHECK(sql.isEmpty());
        dune->setYear(1966);
        CHECK(!failed(session.commit()));
        CHECK(sql == QStringList({ u"BEGIN IMMEDIATE"_s, uR"(UPDATE "Book" SET "year" = ? WHERE "id" = ?)"_s, u"COMMIT"_s }));
        dune->setYear(1965);
        CHECK(!failed(session.commit()));
        sql.clear();
    }

    //! [identity-map]
    auto fetched = session.get<Book>(dune->id());           // from the identity map: no SELECT
    auto found = session.query<Book>().where(qorm::col("title") == "Dune").first();
    // fetched.value().get() == dune.get() && found.value().get() == dune.get()
    //! [identity-map]
    CHECK(fetched && fetched.value().get() == dune.get());
    CHECK(found && found.value().get() == dune.get());
    CHECK(sql.size() == 1 && sql.first().startsWith(u"SELECT"));
    {
        // A second session has its own identity map: its own object for the same row.
        qorm::Session other(db.value());
        auto copy = other.get<Book>(dune->id());
        CHECK(copy && copy.value().get() != dune.get() && copy.value()->title() == u"Dune");
    }

    {
        //! [change-stream]
        QObject::connect(&session, &qorm::Session::entityChanged, &app,
                         [](qorm::Entity *entity, const QStringList &properties) {
                             // After the store: entity->property(...) reads the new values.
                             qInfo() << entity << "changed" << properties;
                         });
        dune->setTitle("Dune (1965)");
        dune->setYear(1966);
        dune->setTitle("Dune");
        // Nothing yet: one entityChanged(dune, {"title", "year"}) arrives when the event loop runs,
        // or before the next flush(), commit() or rollback() reports anything.
        //! [change-stream]
        QList<QStringList> seen;
        QObject::connect(&session, &qorm::Session::entityChanged, &app,
                         [&](qorm::Entity *e, const QStringList &properties) {
                             if (e == dune.get())
                                 seen.append(properties);
                         });
        CHECK(seen.isEmpty());
        QCoreApplication::processEvents();
        CHECK(seen == QList<QStringList>{ QStringList({ u"title"_s, u"year"_s }) });
        dune->setYear(1965);
        CHECK(!failed(session.commit()));
        CHECK(seen.size() == 2 && seen.last() == QStringList{ u"year"_s });
        QObject::disconnect(&session, &qorm::Session::entityChanged, &app, nullptr);
        sql.clear();
    }

    //! [flush-rollback]
    auto hyperion = newBook("Hyperion", 1989);
    if (failed(session.add(hyperion)) || failed(session.flush())) // INSERT inside an open transaction
        return 1;
    // session.isInTransaction(), hyperion->id() == 2, and queries of this session see the row.
    dune->setTitle("Dune Messiah");
    session.rollback();
    // ROLLBACK: hyperion is Transient again (not in the session), dune->title() == "Dune"
    //! [flush-rollback]
    CHECK(hyperion->entityState() == qorm::Entity::State::Transient);
    CHECK(hyperion->session() == nullptr);
    CHECK(dune->title() == u"Dune" && !dune->isDirty());
    CHECK(!session.isInTransaction());
    CHECK(session.query<Book>().count().valueOr(-1) == 1);

    //! [remove]
    auto neuromancer = newBook("Neuromancer", 1984);
    if (failed(session.add(neuromancer)) || failed(session.commit()))
        return 1;
    if (failed(session.remove(neuromancer)))    // Deleted: DELETE at the next flush
        return 1;
    if (failed(session.commit()))               // DELETE FROM "Book" WHERE "id" = ?
        return 1;
    // neuromancer->entityState() == qorm::Entity::State::Detached; the object is still usable
    //! [remove]
    CHECK(neuromancer->entityState() == qorm::Entity::State::Detached);
    CHECK(neuromancer->title() == u"Neuromancer");
    CHECK(!session.get<Book>(neuromancer->id()));

    //! [errors]
    auto copy = newBook("Dune", 2021);          // "title" is UNIQUE and "Dune" exists
    if (failed(session.add(copy)))
        return 1;
    dune->setYear(1966);                        // a second change, to be saved with it
    const qorm::Error error = session.commit(); // the INSERT fails: ROLLBACK, nothing is written
    if (error.kind() == qorm::Error::Kind::UniqueViolation && error.propertyName() == "title") {
        // Nothing was lost: copy is Pending again (id() == 0), dune still dirty (year() == 1966).
        copy->setTitle("Dune (2021 edition)");
        if (failed(session.commit()))           // writes both
            return 1;
    }
    //! [errors]
    CHECK(error.isValid());
    CHECK(copy->id() > 0 && copy->entityState() == qorm::Entity::State::Persistent);
    CHECK(dune->year() == 1966 && !dune->isDirty());
    {
        qorm::Session other(db.value());
        auto stored = other.get<Book>(dune->id());
        CHECK(stored && stored.value()->year() == 1966);
    }

    //! [error-text]
    // error.kind()          UniqueViolation
    // error.entityName()    "Book"
    // error.propertyName()  "title"
    // error.message()       "Book.title: another row already has this value (UNIQUE)"
    // error.toString()      "Book.title: another row already has this value (UNIQUE) (SQLite 2067)"
    // error.detailedText()  "UniqueViolation: Book.title: another row already has this value (UNIQUE)\n"
    //                       "SQL: INSERT INTO \"Book\" (\"title\", \"year\") VALUES (?, ?)\n"
    //                       "Database: UNIQUE constraint failed: Book.title\n"
    //                       "Code: SQLite 2067"
    //! [error-text]
    CHECK(error.kind() == qorm::Error::Kind::UniqueViolation);
    CHECK(error.entityName() == u"Book");
    CHECK(error.propertyName() == u"title");
    CHECK(error.message() == u"Book.title: another row already has this value (UNIQUE)");
    CHECK(error.toString() == u"Book.title: another row already has this value (UNIQUE) (SQLite 2067)");
    CHECK(error.detailedText()
          == u"UniqueViolation: Book.title: another row already has this value (UNIQUE)\n"
             "SQL: INSERT INTO \"Book\" (\"title\", \"year\") VALUES (?, ?)\n"
             "Database: UNIQUE constraint failed: Book.title\n"
             "Code: SQLite 2067");
    CHECK(error.sql() == uR"(INSERT INTO "Book" ("title", "year") VALUES (?, ?))"_s);
    CHECK(error.nativeCode() == u"2067" && error.backendName() == u"SQLite");
    CHECK(session.lastError().kind() == qorm::Error::Kind::UniqueViolation);

    //! [result]
    qorm::Result<std::shared_ptr<Book>> result = session.get<Book>(42);
    if (!result) {
        // result.error().kind() == qorm::Error::Kind::NotFound
        // result.error().message() == "no Book with key 42"
    }
    std::shared_ptr<Book> maybe = result.valueOr(nullptr); // nullptr instead of an error
    //! [result]
    CHECK(!result && result.error().kind() == qorm::Error::Kind::NotFound);
    CHECK(result.error().message() == u"no Book with key 42");
    CHECK(!maybe);

    {
        // value() on an error ends the process through qFatal, with the error's text.
        QProcess child;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"QT_FORCE_STDERR_LOGGING"_s, u"1"_s); // not to journald, also without a console
        child.setProcessEnvironment(environment);
        child.start(QCoreApplication::applicationFilePath(), { u"--value-on-error"_s });
        CHECK(child.waitForFinished(30000));
        const QString output = QString::fromLocal8Bit(child.readAllStandardError());
        CHECK(child.exitStatus() == QProcess::CrashExit);
        CHECK(output.contains(u"qorm::Result::value() called on an error: NotFound: no Book with key 42"));
    }

    {
        // Destroying a session rolls back what it has not committed; its entities become Detached.
        auto pending = newBook("Solaris", 1961);
        {
            qorm::Session shortLived(db.value());
            CHECK(!failed(shortLived.add(pending)));
            CHECK(!failed(shortLived.flush()));
        }
        CHECK(pending->session() == nullptr && pending->entityState() == qorm::Entity::State::Transient);
        CHECK(session.query<Book>().where(qorm::col("title") == "Solaris").count().valueOr(-1) == 0);
    }

    {
        // An entity of another session cannot be added; a Detached one is taken as new (INSERT
        // with its key), which the database refuses: there is no merge().
        std::shared_ptr<Book> detached;
        {
            qorm::Session other(db.value());
            detached = other.get<Book>(dune->id()).valueOr(nullptr);
            CHECK(detached && session.add(detached).kind() == qorm::Error::Kind::InvalidState);
        }
        CHECK(detached && detached->entityState() == qorm::Entity::State::Detached);
        qorm::Session third(db.value());
        CHECK(!failed(third.add(detached)));
        CHECK(third.commit().kind() == qorm::Error::Kind::UniqueViolation);
        third.rollback();
    }

    qint64 accountId = 0;
    {
        qorm::Session setup(db.value());
        auto account = std::make_shared<Account>();
        account->setBalance(100);
        CHECK(!failed(setup.add(account)) && !failed(setup.commit()) && account->version() == 1);
        accountId = account->id();
    }
    {
        //! [optimistic]
        qorm::Session alice(db.value());
        qorm::Session bob(db.value());
        auto mine = alice.get<Account>(accountId).value();
        auto theirs = bob.get<Account>(accountId).value();  // both loaded version 1
        mine->setBalance(mine->balance() + 10);
        theirs->setBalance(theirs->balance() - 5);
        const qorm::Error first = alice.commit();  // UPDATE ... "version" = 2 WHERE "id" = ? AND "version" = 1
        const qorm::Error second = bob.commit();   // matches no row: StaleData, nothing written
        if (second.kind() == qorm::Error::Kind::StaleData) {
            // theirs keeps bob's edit; reload the row and apply the change again.
            qorm::Session retry(db.value());
            auto fresh = retry.get<Account>(accountId).value();
            fresh->setBalance(fresh->balance() - 5);
            if (failed(retry.commit()))
                return 1;
        }
        //! [optimistic]
        CHECK(!first.isValid() && second.kind() == qorm::Error::Kind::StaleData);
        CHECK(theirs->balance() == 95 && theirs->isDirty());
        qorm::Session reader(db.value());
        auto final = reader.get<Account>(accountId).value();
        CHECK(final->balance() == 105 && final->version() == 3);
    }

    return failures == 0 ? 0 : 1;
}

#include "sessions.moc"
