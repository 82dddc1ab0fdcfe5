// SPDX-License-Identifier: MIT
// Schema from entities on every backend: the 11 Chinook classes created and dropped in foreign-key
// order, with composite primary keys, foreign keys and NOT NULL enforced by the database.
#include "testbackends.h"

#include <chinook/chinook.h>
#include <qorm/dialect.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QSqlQuery>
#include <QTest>
#include <QThread>

using namespace qorm;

class tst_Schema : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_db;

    bool tableExists(const QString &logical)
    {
        QSqlQuery q(m_db.connection().value());
        return q.exec(u"SELECT COUNT(*) FROM "_qs + m_db.dialect().quoteIdentifier(logical));
    }

private Q_SLOTS:
    void initTestCase_data() { qormtest::addBackendRows(m_dir); }

    void init()
    {
        QFETCH_GLOBAL(QString, url);
        auto db = Database::open(url);
        QORM_VERIFY_RESULT(db);
        m_db = db.value();
        QORM_VERIFY_OK(Schema(m_db).dropTables(chinook::entityClasses()));
    }

    void cleanup()
    {
        if (m_db.isValid())
            QORM_VERIFY_OK(Schema(m_db).dropTables(chinook::entityClasses()));
        m_db = Database();
    }

    void createsAllInDependencyOrder()
    {
        // Children listed first on purpose: the schema orders by relations.
        QList<const QMetaObject *> reversed = chinook::entityClasses();
        std::reverse(reversed.begin(), reversed.end());
        auto statements = Schema(m_db).createStatements(reversed);
        QORM_VERIFY_RESULT(statements);
        auto position = [&](const char *table) {
            const QString quoted = m_db.dialect().quoteIdentifier(QString::fromLatin1(table));
            for (qsizetype i = 0; i < statements.value().size(); ++i)
                if (statements.value()[i].startsWith(u"CREATE TABLE "_qs + quoted + u' '))
                    return i;
            return qsizetype(-1);
        };
        QVERIFY(position("Artist") >= 0);
        QVERIFY(position("Artist") < position("Album"));
        QVERIFY(position("Album") < position("Track"));
        QVERIFY(position("Track") < position("PlaylistTrack"));
        QVERIFY(position("Playlist") < position("PlaylistTrack"));
        QVERIFY(position("Employee") < position("Customer"));
        QVERIFY(position("Customer") < position("Invoice"));
        QVERIFY(position("Invoice") < position("InvoiceLine"));

        QORM_VERIFY_OK(Schema(m_db).createTables(reversed));
        for (const char *t : { "Artist", "Album", "Track", "PlaylistTrack", "Employee", "InvoiceLine" })
            QVERIFY2(tableExists(QString::fromLatin1(t)), t);
        QORM_VERIFY_OK(Schema(m_db).dropTables(chinook::entityClasses()));
        QVERIFY(!tableExists(u"Artist"_qs));
        QVERIFY(!tableExists(u"PlaylistTrack"_qs));
    }

    void constraintsAreEnforced()
    {
        QORM_VERIFY_OK(Schema(m_db).createTables(chinook::entityClasses()));
        Session session(m_db);
        auto artist = std::make_shared<Artist>();
        artist->setName(u"Test Artist"_qs);
        auto genre = std::make_shared<Genre>();
        genre->setName(u"Test Genre"_qs);
        auto media = std::make_shared<MediaType>();
        media->setName(u"FLAC"_qs);
        auto playlist = std::make_shared<Playlist>();
        playlist->setName(u"Mix"_qs);
        for (const auto &e : std::initializer_list<std::shared_ptr<Entity>>{ artist, genre, media, playlist })
            QORM_VERIFY_OK(session.add(e));
        QORM_VERIFY_OK(session.flush());
        auto album = std::make_shared<Album>();
        album->setTitle(u"Test Album"_qs);
        album->setArtistId(artist->id());
        QORM_VERIFY_OK(session.add(album));
        QORM_VERIFY_OK(session.flush());
        auto track = std::make_shared<Track>();
        track->setName(u"Test Track"_qs);
        track->setAlbumId(album->id());
        track->setMediaTypeId(media->id());
        track->setGenreId(genre->id());
        track->setMilliseconds(1000);
        track->setUnitPrice(Decimal(99, 2));
        QORM_VERIFY_OK(session.add(track));
        QORM_VERIFY_OK(session.commit());

        // Composite primary key: one row per (playlist, track).
        auto entry = std::make_shared<PlaylistTrack>();
        entry->setPlaylistId(playlist->id());
        entry->setTrackId(track->id());
        QORM_VERIFY_OK(session.add(entry));
        QORM_VERIFY_OK(session.commit());
        auto again = session.get<PlaylistTrack>(QVariantList{ playlist->id(), track->id() });
        QORM_VERIFY_RESULT(again);
        QCOMPARE(again.value().get(), entry.get());
        auto duplicate = std::make_shared<PlaylistTrack>();
        duplicate->setPlaylistId(playlist->id());
        duplicate->setTrackId(track->id());
        QORM_VERIFY_OK(session.add(duplicate));
        QCOMPARE(session.commit().kind(), Error::Kind::UniqueViolation);
        session.rollback();

        // Foreign key: no such album.
        auto orphan = std::make_shared<Track>();
        orphan->setName(u"Orphan"_qs);
        orphan->setAlbumId(album->id() + 1000);
        orphan->setMediaTypeId(media->id());
        orphan->setMilliseconds(1);
        orphan->setUnitPrice(Decimal(1, 0));
        QORM_VERIFY_OK(session.add(orphan));
        QCOMPARE(session.commit().kind(), Error::Kind::ForeignKeyViolation);
        session.rollback();

        // Deleting a parent that still has children is refused; children first works.
        QORM_VERIFY_OK(session.remove(album.get()));
        QCOMPARE(session.commit().kind(), Error::Kind::ForeignKeyViolation);
        session.rollback();
        QCOMPARE(album->entityState(), Entity::State::Persistent);
        QCOMPARE(session.query<Track>().count().value(), qint64(1));
    }

    void connectionsArePerThread()
    {
        auto main = m_db.connection();
        QORM_VERIFY_RESULT(main);
        QString otherName;
        bool otherOk = false;
        QThread *thread = QThread::create([&] {
            auto c = m_db.connection();
            otherOk = c && c.value().isOpen();
            if (otherOk) {
                otherName = c.value().connectionName();
                QSqlQuery q(c.value());
                otherOk = q.exec(u"SELECT 1"_qs) && q.next() && q.value(0).toInt() == 1;
            }
        });
        thread->start();
        QVERIFY(thread->wait(30000));
        delete thread;
        QVERIFY(otherOk);
        QVERIFY(!otherName.isEmpty());
        QVERIFY(otherName != main.value().connectionName());
        // Two databases with the same URL never share a connection name.
        QFETCH_GLOBAL(QString, url);
        auto second = Database::open(url);
        QORM_VERIFY_RESULT(second);
        QVERIFY(second.value().connection().value().connectionName() != main.value().connectionName());
    }
};

QTEST_GUILESS_MAIN(tst_Schema)
#include "tst_schema.moc"
