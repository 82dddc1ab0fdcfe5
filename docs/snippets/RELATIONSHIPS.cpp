// SPDX-License-Identifier: MIT
// The examples of docs/RELATIONSHIPS.md, as one program: the tutorial classes below on a fresh
// SQLite database, and Chinook (a copy of the bundled database) for many-to-many and
// self-reference. The test suite builds and runs it (doc_RELATIONSHIPS) and it exits non-zero
// when a result the document states does not hold. The //! [name] blocks appear verbatim in the
// document (checked by check_snippets.cmake).
#include <chinook/chinook.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using qorm::LoadStrategy;

//! [declare]
class Address;
class Passport;

class Person : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(Person)
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
    QORM_HAS_MANY(Address, addresses, person)      // the inverse of Address::person
    QORM_ORDER_BY(addresses, "email")
    QORM_HAS_ONE(Passport, passport, person, setPassport)
public:
    Q_INVOKABLE explicit Person(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

class Address : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(Address)
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, email, setEmail)
    QORM_COLUMN(qint64, personId, setPersonId)
    QORM_BELONGS_TO(Person, person, personId, setPerson)
    QORM_ON_DELETE(person, Cascade)                   // ON DELETE CASCADE, applied by the session too
public:
    Q_INVOKABLE explicit Address(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

class Passport : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(Passport)
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, number, setNumber)
    QORM_COLUMN(qint64, personId, setPersonId)
    QORM_UNIQUE(personId)
    QORM_BELONGS_TO(Person, person, personId, setPerson)
    QORM_ON_DELETE(person, Restrict)
public:
    Q_INVOKABLE explicit Passport(QObject *parent = nullptr) : qorm::Entity(parent) { }
};
//! [declare]

static int failures = 0;
#define CHECK(condition) check(bool(condition), #condition, __LINE__)
static void check(bool holds, const char *what, int line)
{
    if (!holds) {
        qCritical("RELATIONSHIPS.cpp:%d: does not hold: %s", line, what);
        ++failures;
    }
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    auto opened = qorm::Database::open(u"sqlite:///"_s + dir.filePath(u"people.sqlite"_s));
    if (!opened || qorm::Schema(opened.value()).createTables({ &Person::staticMetaObject, &Address::staticMetaObject, &Passport::staticMetaObject }).isValid())
        return 1;
    const qorm::Database db = opened.value();
    qint64 spongebobId = 0;
    {
        qorm::Session session(db);
        //! [back-populates]
        auto person = std::make_shared<Person>();
        person->setName(u"spongebob"_s);
        auto work = std::make_shared<Address>();
        work->setEmail(u"spongebob@krusty.example"_s);
        work->setPerson(person);                               // the many-to-one side...
        bool listed = person->addresses().contains(work.get()); // ...shows in the collection at once: true
        auto home = std::make_shared<Address>();
        home->setEmail(u"sb@pineapple.example"_s);
        qorm::Error error = person->addresses().append(home);  // the collection side...
        bool linked = home->person() == person;                // ...sets the many-to-one: true
        error = session.add(person);                           // adds both addresses too (save-update)
        error = session.commit();                              // INSERT person, then the addresses with its key
        //! [back-populates]
        CHECK(listed && linked && !error.isValid() && home->personId() == person->id());
        spongebobId = person->id();
    }
    {
        qorm::Session session(db);
        //! [collections]
        auto person = session.get<Person>(spongebobId).value();
        for (const auto &address : person->addresses())       // one SELECT ... WHERE personId = ? ORDER BY email
            qDebug() << address->email();
        qsizetype count = person->addresses().size();          // 2, loaded already
        auto passport = std::make_shared<Passport>();
        passport->setNumber(u"P-1"_s);
        person->setPassport(passport);                         // one-to-one; passport->person() is person
        qorm::Error kept = person->addresses().remove(person->addresses().at(0));
        // kept.kind() == InvalidState: Address.personId is NOT NULL, so removing would orphan it
        //! [collections]
        CHECK(count == 2 && passport->person() == person && kept.kind() == qorm::Error::Kind::InvalidState);
        CHECK(!session.commit().isValid());
        //! [delete-rules]
        qorm::Error restricted = session.remove(person);       // ForeignKeyViolation: the passport refers to it (Restrict)
        qorm::Error error = session.remove(person->passport());
        error = session.remove(person);                        // its addresses go too (Cascade)
        error = session.commit();
        //! [delete-rules]
        CHECK(restricted.kind() == qorm::Error::Kind::ForeignKeyViolation && !error.isValid());
        CHECK(session.query<Address>().count().value() == 0 && session.query<Person>().count().value() == 0);
    }

    // Chinook: many-to-many, self-reference, loading strategies.
    const QString path = dir.filePath(u"chinook.sqlite"_s);
    if (!QFile::copy(QStringLiteral(QORM_CHINOOK_SQLITE), path) || !QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner))
        return 1;
    auto chinook = qorm::Database::open(u"sqlite:///"_s + path + u"?naming=pascal_case"_s);
    if (!chinook)
        return 1;
    {
        qorm::Session session(chinook.value());
        //! [many-to-many]
        // In Playlist: QORM_MANY_TO_MANY(Track, tracks, PlaylistTrack, playlist, track)
        auto music = session.get<Playlist>(1).value();
        qsizetype tracks = music->tracks().size();            // 3290: SELECT ... JOIN PlaylistTrack ...
        auto onTheGo = session.get<Playlist>(18).value();
        auto track = session.get<Track>(2).value();
        qorm::Error error = onTheGo->tracks().append(track);   // INSERT INTO PlaylistTrack at the flush
        bool both = track->playlists().contains(onTheGo.get()); // the other side follows: true
        error = session.flush();
        //! [many-to-many]
        CHECK(tracks == 3290 && both && !error.isValid());
        session.rollback();
        //! [self-reference]
        // In Employee: QORM_BELONGS_TO(Employee, manager, reportsTo, setManager)
        //              QORM_HAS_MANY(Employee, directReports, manager)
        auto adams = session.get<Employee>(1).value();
        QList<qint64> reports;
        for (const auto &e : adams->directReports())
            reports.append(e->id());                           // 2, 6
        auto king = session.get<Employee>(7).value();
        qint64 top = king->manager()->manager()->id();         // 1
        //! [self-reference]
        CHECK(reports == (QList<qint64>{ 2, 6 }) && top == 1);
    }
    {
        qorm::Session session(chinook.value());
        int statements = 0;
        QObject::connect(&session, &qorm::Session::statementExecuted, [&] { ++statements; });
        //! [loading]
        // 347 albums with their artists: 1 statement joined, 2 select-in, 1 + 204 lazy.
        auto albums = session.query<Album>().load(Album::artist_, LoadStrategy::Joined).all();
        QStringList lines;
        for (const auto &album : albums.value())
            lines.append(album->title() + u" by "_s + album->artist()->name().value_or(QString())); // no statement
        auto playlists = session.query<Playlist>()
                                 .load(Playlist::tracks_ / Track::album_, LoadStrategy::SelectIn)
                                 .all();                        // WHERE ... IN (...) per hop, 512 keys a batch
        //! [loading]
        CHECK(albums && albums.value().size() == 347 && playlists && playlists.value().size() == 18);
        CHECK(statements > 1);
        //! [paths]
        // Artists with an album titled "Let There Be Rock": a path through a collection joins it.
        auto artists = session.query<Artist>().where(Artist::albums_ / Album::title_ == u"Let There Be Rock"_s).all();
        // Playlists that contain track 1, through the association table.
        auto containing = session.query<Playlist>().where(Playlist::tracks_ / Track::id_ == 1).count();
        //! [paths]
        CHECK(artists && artists.value().size() == 1 && containing && containing.value() > 0);
    }
    return failures == 0 ? 0 : 1;
}

#include "RELATIONSHIPS.moc"
