// SPDX-License-Identifier: MIT
// Relationships (issue 12) on every backend: one-to-many, many-to-many and self-referencing
// collections over Chinook (known facts and raw SQL), back-population in memory, cascades,
// flush order and post-updates, and a failed flush that loses nothing — over small
// purpose-made tables (the SQLAlchemy tutorial's User / Address, and a tree of nodes).
#include "testbackends.h"

#include <chinook/chinook.h>
#include <qorm/dialect.h>
#include <qorm/namingstrategy.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace qorm;
using namespace Qt::StringLiterals;

class RelUser;
class RelProfile;

/*! The tutorial's Address: many-to-one to RelUser through a NOT NULL key. */
class RelAddress : public Entity
{
    Q_OBJECT
    QORM_ENTITY(RelAddress)
    QORM_TABLE("qorm_rel_address")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, email, setEmail)
    QORM_COLUMN(qint64, userId, setUserId)
    QORM_LENGTH(email, 40)
    QORM_BELONGS_TO(RelUser, user, userId, setUser)
    QORM_LOAD(user, Joined)
    QORM_ON_DELETE(user, Cascade)
public:
    Q_INVOKABLE explicit RelAddress(QObject *parent = nullptr) : Entity(parent) { }
};

/*! The tutorial's User, with its addresses ordered by email. */
class RelUser : public Entity
{
    Q_OBJECT
    QORM_ENTITY(RelUser)
    QORM_TABLE("qorm_rel_user")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
    QORM_HAS_MANY(RelAddress, addresses, user)
    QORM_ORDER_BY(addresses, "email")
    QORM_HAS_ONE(RelProfile, profile, user, setProfile)
    QORM_DELETE_ORPHAN(profile)
public:
    Q_INVOKABLE explicit RelUser(QObject *parent = nullptr) : Entity(parent) { }
};

/*! One-to-one with RelUser; a user with a profile cannot be deleted (Restrict). */
class RelProfile : public Entity
{
    Q_OBJECT
    QORM_ENTITY(RelProfile)
    QORM_TABLE("qorm_rel_profile")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, bio, setBio)
    QORM_COLUMN(qint64, userId, setUserId)
    QORM_UNIQUE(userId)
    QORM_BELONGS_TO(RelUser, user, userId, setUser)
    QORM_ON_DELETE(user, Restrict)
public:
    Q_INVOKABLE explicit RelProfile(QObject *parent = nullptr) : Entity(parent) { }
};

/*! A tree: a self-referencing many-to-one with a nullable key, and its inverse. */
class RelNode : public Entity
{
    Q_OBJECT
    QORM_ENTITY(RelNode)
    QORM_TABLE("qorm_rel_node")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
    QORM_COLUMN(std::optional<qint64>, parentId, setParentId)
    QORM_BELONGS_TO(RelNode, parent, parentId, setParent)
    QORM_HAS_MANY(RelNode, children, parent)
    QORM_ORDER_BY(children, "name DESC")
    QORM_ON_DELETE(parent, SetNull)
public:
    Q_INVOKABLE explicit RelNode(QObject *parent = nullptr) : Entity(parent) { }
};

// --- mappings that must be refused when first used --------------------------------------------

class BadInverse : public Entity
{
    Q_OBJECT
    QORM_ENTITY(BadInverse)
    QORM_ID(qint64, id, setId)
    QORM_HAS_MANY(RelAddress, things, owner)
public:
    Q_INVOKABLE explicit BadInverse(QObject *parent = nullptr) : Entity(parent) { }
};

class BadKeyType : public Entity
{
    Q_OBJECT
    QORM_ENTITY(BadKeyType)
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, userRef, setUserRef)
    QORM_BELONGS_TO(RelUser, user, userRef)
public:
    Q_INVOKABLE explicit BadKeyType(QObject *parent = nullptr) : Entity(parent) { }
};

class BadThrough : public Entity
{
    Q_OBJECT
    QORM_ENTITY(BadThrough)
    QORM_ID(qint64, id, setId)
    QORM_MANY_TO_MANY(RelUser, users, RelAddress, owner, user)
public:
    Q_INVOKABLE explicit BadThrough(QObject *parent = nullptr) : Entity(parent) { }
};

class tst_Relationships : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_db;
    const QList<const QMetaObject *> m_classes{ &RelUser::staticMetaObject, &RelAddress::staticMetaObject, &RelNode::staticMetaObject,
                                                &RelProfile::staticMetaObject };
    /*! The ON DELETE rule of \a table's foreign key, as the database's catalog reports it. */
    QString deleteRule(const QString &table) const
    {
        const QString physical = applyNamingStrategy(m_db.namingStrategy(), table);
        const QString dialect = m_db.dialect().name();
        const QString sql = dialect == u"sqlite" ? u"SELECT on_delete FROM pragma_foreign_key_list(?)"_s
                : dialect == u"postgresql"
                ? u"SELECT rc.delete_rule FROM information_schema.referential_constraints rc JOIN information_schema.table_constraints tc "
                  "ON tc.constraint_name = rc.constraint_name AND tc.constraint_schema = rc.constraint_schema WHERE tc.table_name = ?"_s
                : u"SELECT DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE TABLE_NAME = ? AND CONSTRAINT_SCHEMA = DATABASE()"_s;
        return qormtest::rawValue(m_db, sql, { physical }).toString();
    }

    QString sqlitePath() const { return m_dir.filePath(QStringLiteral("chinook.sqlite")); }
    QString q(const QString &name) const { return m_db.dialect().quoteIdentifier(applyNamingStrategy(m_db.namingStrategy(), name)); }
    qint64 rawCount(const QString &sql, const QVariantList &values = {}) const { return qormtest::rawValue(m_db, sql, values).toLongLong(); }
    /*! The statements \a session sends while \a body runs. */
    template<typename F>
    QStringList statementsOf(Session &session, F body)
    {
        QStringList sql;
        auto c = connect(&session, &Session::statementExecuted, this, [&](const QString &text) { sql.append(text); });
        body();
        disconnect(c);
        return sql;
    }
    template<typename T>
    static QList<qint64> idsOf(const QList<std::shared_ptr<T>> &list)
    {
        QList<qint64> ids;
        for (const auto &e : list)
            ids.append(e->id());
        return ids;
    }

private Q_SLOTS:
    void initTestCase_data() { qormtest::addChinookRows(sqlitePath()); }

    void init()
    {
        QFETCH_GLOBAL(QString, url);
        QVERIFY(qormtest::freshCopy(QStringLiteral(QORM_CHINOOK_SQLITE), sqlitePath()));
        auto db = Database::open(url);
        QORM_VERIFY_RESULT(db);
        m_db = db.value();
        Schema schema(m_db);
        QORM_VERIFY_OK(schema.dropTables(m_classes));
        QORM_VERIFY_OK(schema.createTables(m_classes));
    }

    void cleanup()
    {
        if (m_db.isValid())
            QORM_VERIFY_OK(Schema(m_db).dropTables(m_classes));
        m_db = Database();
    }

    void revertOfARemovalRestoresItsCascade()
    {
        // Invoice.lines is delete-orphan: removing invoice 1 removes its lines too; reverting
        // the invoice brings them back, and the next commit deletes nothing.
        Session session(m_db);
        const QString linesOf = u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"InvoiceLine"_s), q(u"invoiceId"_s));
        const qint64 lines = rawCount(linesOf, { 1 });
        QVERIFY(lines > 0);
        auto invoice = session.get<Invoice>(1).value();
        auto line = session.query<InvoiceLine>().where(col(u"invoiceId"_s) == 1).first().value();
        QORM_VERIFY_OK(session.remove(invoice));
        QCOMPARE(line->entityState(), Entity::State::Deleted);
        QORM_VERIFY_OK(session.revert(invoice.get()));
        QCOMPARE(invoice->entityState(), Entity::State::Persistent);
        QCOMPARE(line->entityState(), Entity::State::Persistent);
        QVERIFY(!session.hasPendingChanges());
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(rawCount(linesOf, { 1 }), lines);
    }

    void mappingsAreCheckedWhenFirstUsed()
    {
        auto inverse = EntityMeta::of(BadInverse::staticMetaObject);
        QVERIFY(!inverse);
        QCOMPARE(inverse.error().kind(), Error::Kind::Mapping);
        QCOMPARE(inverse.error().message(), u"BadInverse.things: RelAddress has no many-to-one relation 'owner' to BadInverse "
                                            "(QORM_BELONGS_TO(BadInverse, owner, ...)), which this relation names as its inverse"_s);
        auto keyType = EntityMeta::of(BadKeyType::staticMetaObject);
        QVERIFY(!keyType);
        QVERIFY2(keyType.error().message().startsWith(u"BadKeyType.user: the foreign key userRef (QString) does not have the type of RelUser.id"_s),
                 qPrintable(keyType.error().message()));
        auto through = EntityMeta::of(BadThrough::staticMetaObject);
        QVERIFY(!through);
        QCOMPARE(through.error().message(), u"BadThrough.users: the association RelAddress has no many-to-one relation 'owner' to BadThrough"_s);
        // A good pair knows its two sides.
        auto user = EntityMeta::of(RelUser::staticMetaObject);
        QORM_VERIFY_RESULT(user);
        const RelationMeta *addresses = user.value()->relation(u"addresses");
        QVERIFY(addresses && addresses->kind == RelationMeta::Kind::OneToMany);
        QCOMPARE(addresses->inverse, u"user"_s);
        auto address = EntityMeta::of(RelAddress::staticMetaObject);
        QCOMPARE(address.value()->relation(u"user")->inverse, u"addresses"_s);
        auto playlist = EntityMeta::of(Playlist::staticMetaObject);
        const RelationMeta *tracks = playlist.value()->relation(u"tracks");
        QVERIFY(tracks && tracks->kind == RelationMeta::Kind::ManyToMany && tracks->through == &PlaylistTrack::staticMetaObject);
        QCOMPARE(tracks->inverse, u"playlists"_s);
    }

    void chinookCollections()
    {
        Session session(m_db);
        auto music = session.get<Playlist>(1);
        QORM_VERIFY_RESULT(music);
        QCOMPARE(music.value()->name(), std::optional<QString>(u"Music"_s));
        qsizetype size = 0;
        const QStringList one = statementsOf(session, [&] { size = music.value()->tracks().size(); });
        QCOMPARE(size, 3290);
        QCOMPARE(one.size(), 1); // one SELECT ... JOIN PlaylistTrack
        QCOMPARE(size, rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"PlaylistTrack"_s), q(u"playlistId"_s)), { 1 }));
        QVERIFY(music.value()->tracks().isLoaded());
        QVERIFY(statementsOf(session, [&] { QCOMPARE(music.value()->tracks().size(), 3290); }).isEmpty()); // loaded once
        auto nineties = session.get<Playlist>(5);
        QORM_VERIFY_RESULT(nineties);
        QCOMPARE(nineties.value()->name(), std::optional<QString>(u"90\u2019s Music"_s)); // a typographic apostrophe
        QCOMPARE(nineties.value()->tracks().size(), 1477);

        // Self-reference: Andrew Adams (1) manages 2 and 6; Nancy Edwards (2) manages 3, 4 and 5.
        auto adams = session.get<Employee>(1);
        QORM_VERIFY_RESULT(adams);
        QCOMPARE(idsOf(adams.value()->directReports().toList()), (QList<qint64>{ 2, 6 }));
        auto edwards = session.get<Employee>(2);
        QCOMPARE(idsOf(edwards.value()->directReports().toList()), (QList<qint64>{ 3, 4, 5 }));
        // The reports refer back to the same manager object, without a statement.
        QVERIFY(statementsOf(session, [&] {
                    for (const auto &report : adams.value()->directReports())
                        QCOMPARE(report->manager().get(), adams.value().get());
                }).isEmpty());
        // Employee 7's manager's manager is 1.
        auto king = session.get<Employee>(7);
        QORM_VERIFY_RESULT(king);
        QVERIFY(king.value()->manager() && king.value()->manager()->manager());
        QCOMPARE(king.value()->manager()->manager()->id(), 1);
        QCOMPARE(king.value()->manager()->manager().get(), adams.value().get()); // the identity map

        // One-to-many ordered by QORM_ORDER_BY: AC/DC's two albums by title.
        auto acdc = session.get<Artist>(1);
        QStringList titles;
        for (const auto &album : acdc.value()->albums())
            titles.append(album->title());
        QCOMPARE(titles, (QStringList{ u"For Those About To Rock We Salute You"_s, u"Let There Be Rock"_s }));
        // Many-to-many the other way: the playlists of track 1, from the association table.
        auto track = session.get<Track>(1);
        const qint64 playlists = rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"PlaylistTrack"_s), q(u"trackId"_s)), { 1 });
        QVERIFY(playlists > 0);
        QCOMPARE(track.value()->playlists().size(), playlists);
        QVERIFY(track.value()->playlists().contains(music.value().get()));
        // The QML list property shows the loaded collection.
        const auto list = adams.value()->property("directReports").value<QList<Employee *>>();
        QCOMPARE(list.size(), 2);
    }

    void eagerLoadingCountsStatements()
    {
        // 347 albums with their artists' names: lazy, joined and select-in give the same names
        // with 1 + (distinct artists), 1 and 2 statements.
        const QString rawSql = u"SELECT ar.%1 FROM %2 al JOIN %3 ar ON ar.%4 = al.%4 ORDER BY al.%5"_s.arg(
                q(u"name"_s), q(u"Album"_s), q(u"Artist"_s), q(u"artistId"_s), q(u"albumId"_s));
        QStringList expected;
        {
            QSqlQuery raw(m_db.connection().value());
            QVERIFY(raw.exec(rawSql));
            while (raw.next())
                expected.append(raw.value(0).toString());
        }
        QCOMPARE(expected.size(), 347);
        const qint64 artists = rawCount(u"SELECT COUNT(DISTINCT %1) FROM %2"_s.arg(q(u"artistId"_s), q(u"Album"_s)));
        QCOMPARE(artists, 204);
        auto namesWith = [&](std::optional<LoadStrategy> strategy, QStringList *names) {
            Session session(m_db);
            return statementsOf(session, [&] {
                auto query = session.query<Album>().orderBy(Album::id_);
                if (strategy)
                    query = query.load(Album::artist_, *strategy);
                auto albums = query.all();
                QORM_VERIFY_RESULT(albums);
                for (const auto &album : albums.value())
                    names->append(album->artist()->name().value_or(QString()));
            }).size();
        };
        QStringList lazy, joined, selectIn;
        QCOMPARE(namesWith(std::nullopt, &lazy), 1 + artists); // the identity map answers repeated artists
        QCOMPARE(namesWith(LoadStrategy::Joined, &joined), 1);
        QCOMPARE(namesWith(LoadStrategy::SelectIn, &selectIn), 2);
        QCOMPARE(lazy, expected);
        QCOMPARE(joined, expected);
        QCOMPARE(selectIn, expected);
    }

    void eagerLoadingPathsAndCollections()
    {
        Session session(m_db);
        // A joined path of two many-to-one hops: one statement, then nothing to load.
        QStringList expected;
        {
            QSqlQuery raw(m_db.connection().value());
            QVERIFY(raw.exec(u"SELECT ar.%1 FROM %2 t JOIN %3 al ON al.%4 = t.%4 JOIN %5 ar ON ar.%6 = al.%6 WHERE t.%7 <= 10 ORDER BY t.%7"_s.arg(
                    q(u"name"_s), q(u"Track"_s), q(u"Album"_s), q(u"albumId"_s), q(u"Artist"_s), q(u"artistId"_s), q(u"trackId"_s))));
            while (raw.next())
                expected.append(raw.value(0).toString());
        }
        QCOMPARE(expected.size(), 10);
        QCOMPARE(expected.first(), u"AC/DC"_s);
        QCOMPARE(expected.at(1), u"Accept"_s);
        QStringList names;
        QStringList sql = statementsOf(session, [&] {
            auto tracks = session.query<Track>().where(Track::id_ <= 10).orderBy(Track::id_).load(Track::album_ / Album::artist_, LoadStrategy::Joined).all();
            QORM_VERIFY_RESULT(tracks);
            for (const auto &t : tracks.value())
                names.append(t->album()->artist()->name().value_or(QString()));
        });
        QCOMPARE(names, expected);
        QCOMPARE(sql.size(), 1);
        // A joined collection: parents de-duplicated, each collection complete.
        Session second(m_db);
        sql = statementsOf(second, [&] {
            auto artists = second.query<Artist>().where(Artist::id_ <= 5).orderBy(Artist::id_).load(Artist::albums_, LoadStrategy::Joined).all();
            QORM_VERIFY_RESULT(artists);
            QCOMPARE(idsOf(artists.value()), (QList<qint64>{ 1, 2, 3, 4, 5 }));
            for (const auto &artist : artists.value()) {
                QVERIFY(artist->albums().isLoaded());
                QCOMPARE(artist->albums().size(), rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"Album"_s), q(u"artistId"_s)), { artist->id() }));
                for (const auto &album : artist->albums())
                    QCOMPARE(album->artist().get(), artist.get());
            }
            QCOMPARE(artists.value()[0]->albums().at(0)->title(), u"For Those About To Rock We Salute You"_s); // QORM_ORDER_BY(albums, "title")
        });
        QCOMPARE(sql.size(), 1); // the raw COUNTs do not go through the session
        // With a LIMIT, a joined collection is loaded select-in (a limit over joined rows would cut it).
        Session third(m_db);
        sql = statementsOf(third, [&] {
            auto artists = third.query<Artist>().orderBy(Artist::id_).limit(3).load(Artist::albums_, LoadStrategy::Joined).all();
            QORM_VERIFY_RESULT(artists);
            QCOMPARE(artists.value().size(), 3);
            QCOMPARE(artists.value()[0]->albums().size(), 2);
        });
        QCOMPARE(sql.size(), 2);
        // Select-in through a many-to-many and on: playlist 5's 1477 tracks and their albums.
        Session fourth(m_db);
        sql = statementsOf(fourth, [&] {
            auto playlist = fourth.query<Playlist>().where(Playlist::id_ == 5).load(Playlist::tracks_ / Track::album_, LoadStrategy::SelectIn).one();
            QORM_VERIFY_RESULT(playlist);
            QCOMPARE(playlist.value()->tracks().size(), 1477);
            for (const auto &t : playlist.value()->tracks())
                QVERIFY(!t->albumId() || t->album());
        });
        // The playlist, its association rows, the tracks and their albums, in batches of 512 keys.
        const qint64 albums = rawCount(u"SELECT COUNT(DISTINCT t.%1) FROM %2 t JOIN %3 pt ON pt.%4 = t.%4 WHERE pt.%5 = ?"_s.arg(
                                               q(u"albumId"_s), q(u"Track"_s), q(u"PlaylistTrack"_s), q(u"trackId"_s), q(u"playlistId"_s)),
                                       { 5 });
        QVERIFY(albums > 0);
        QCOMPARE(sql.size(), 1 + 1 + (1477 + 511) / 512 + (albums + 511) / 512);
        QVERIFY2(sql.value(2).contains(u" IN (?, ?"_s), qPrintable(sql.value(2)));
        // QORM_LOAD(user, Joined) on RelAddress: every query of addresses brings the user along.
        Session fifth(m_db);
        auto user = std::make_shared<RelUser>();
        user->setName(u"sandy"_s);
        auto address = std::make_shared<RelAddress>();
        address->setEmail(u"sandy@example.com"_s);
        QORM_VERIFY_OK(user->addresses().append(address));
        QORM_VERIFY_OK(fifth.add(user));
        QORM_VERIFY_OK(fifth.commit());
        Session sixth(m_db);
        sql = statementsOf(sixth, [&] {
            auto addresses = sixth.query<RelAddress>().all();
            QORM_VERIFY_RESULT(addresses);
            QCOMPARE(addresses.value().size(), 1);
            QCOMPARE(addresses.value()[0]->user()->name(), u"sandy"_s);
        });
        QCOMPARE(sql.size(), 1);
        QVERIFY2(sql.value(0).contains(u"LEFT OUTER JOIN"_s), qPrintable(sql.value(0)));
        // An unknown relation in a load path is an error naming it.
        auto bad = sixth.query<Album>().QueryBase::load(u"artist.nope"_s, LoadStrategy::SelectIn).count();
        QORM_VERIFY_RESULT(bad); // count() does not load
        auto badAll = Query<Album>(sixth.query<Album>().QueryBase::load(u"artist.nope"_s, LoadStrategy::SelectIn)).all();
        QVERIFY(!badAll);
        QCOMPARE(badAll.error().kind(), Error::Kind::UnknownColumn);
    }

    void pathsThroughCollections()
    {
        // Joins along one-to-many and many-to-many relations (the queries issue's paths).
        Session session(m_db);
        auto withLetThere = session.query<Artist>().where(Artist::albums_ / Album::title_ == u"Let There Be Rock"_s).all();
        QORM_VERIFY_RESULT(withLetThere);
        QCOMPARE(idsOf(withLetThere.value()), QList<qint64>{ 1 });
        // Playlists containing track 1, through PlaylistTrack.
        const qint64 expected = rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"PlaylistTrack"_s), q(u"trackId"_s)), { 1 });
        auto containing = session.query<Playlist>().where(Playlist::tracks_ / Track::id_ == 1).count();
        QORM_VERIFY_RESULT(containing);
        QCOMPARE(containing.value(), expected);
        // Repeats: one row per matching album; distinct() counts artists.
        const qint64 artistsWithAlbums = rawCount(u"SELECT COUNT(DISTINCT %1) FROM %2"_s.arg(q(u"artistId"_s), q(u"Album"_s)));
        QCOMPARE(session.query<Artist>().join(Artist::albums_).distinct().count().value(), artistsWithAlbums);
        QCOMPARE(session.query<Artist>().join(Artist::albums_).count().value(), 347);
    }

    void manyToManyChangesRoundTrip()
    {
        Session session(m_db);
        auto playlist = session.get<Playlist>(18); // "On-The-Go 1": one track
        QORM_VERIFY_RESULT(playlist);
        const QString countSql = u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"PlaylistTrack"_s), q(u"playlistId"_s));
        const qint64 before = rawCount(countSql, { 18 });
        auto track = session.get<Track>(1);
        QORM_VERIFY_RESULT(track);
        QVERIFY(!playlist.value()->tracks().contains(track.value().get()));
        // The track's side is loaded first, so it follows the append in memory.
        const qint64 trackPlaylists = track.value()->playlists().size();
        QORM_VERIFY_OK(playlist.value()->tracks().append(track.value()));
        QVERIFY(playlist.value()->tracks().contains(track.value().get()));
        QCOMPARE(track.value()->playlists().size(), trackPlaylists + 1);
        QVERIFY(track.value()->playlists().contains(playlist.value().get()));
        QVERIFY(session.hasPendingChanges()); // an association row to write
        QORM_VERIFY_OK(session.flush());
        QCOMPARE(rawCount(countSql, { 18 }), before + 1);
        QVERIFY(!session.hasPendingChanges());
        // Removing it deletes the row; appending twice writes one.
        QORM_VERIFY_OK(playlist.value()->tracks().remove(track.value()));
        QORM_VERIFY_OK(playlist.value()->tracks().remove(track.value()));
        QVERIFY(!track.value()->playlists().contains(playlist.value().get()));
        QORM_VERIFY_OK(session.flush());
        QCOMPARE(rawCount(countSql, { 18 }), before);
        // Appended on one side and removed on the other: nothing to write.
        QORM_VERIFY_OK(playlist.value()->tracks().append(track.value()));
        QORM_VERIFY_OK(track.value()->playlists().remove(playlist.value()));
        QVERIFY(!session.hasPendingChanges());
        // A rollback undoes what the flush wrote.
        QORM_VERIFY_OK(playlist.value()->tracks().append(track.value()));
        QORM_VERIFY_OK(session.flush());
        QCOMPARE(rawCount(countSql, { 18 }), before + 1);
        session.rollback();
        QCOMPARE(rawCount(countSql, { 18 }), before);
        QCOMPARE(playlist.value()->tracks().size(), before); // expired, loaded again
    }

    void userAddressTutorial()
    {
        // SQLAlchemy's ORM tutorial: back_populates both ways in memory, commit, reload.
        qint64 userId = 0;
        {
            Session session(m_db);
            auto user = std::make_shared<RelUser>();
            user->setName(u"spongebob"_s);
            auto first = std::make_shared<RelAddress>();
            first->setEmail(u"spongebob@sqlalchemy.org"_s);
            auto second = std::make_shared<RelAddress>();
            second->setEmail(u"sb@example.com"_s);
            // One side sets the other: the many-to-one appends to the collection...
            first->setUser(user);
            QVERIFY(user->addresses().contains(first.get()));
            // ...and the collection sets the many-to-one.
            QORM_VERIFY_OK(user->addresses().append(second));
            QCOMPARE(second->user().get(), user.get());
            QCOMPARE(user->addresses().size(), 2);
            // Adding the user adds its addresses (save-update cascade); commit writes all three,
            // the user first, whatever the order.
            QORM_VERIFY_OK(session.add(user));
            QCOMPARE(first->entityState(), Entity::State::Pending);
            QCOMPARE(second->entityState(), Entity::State::Pending);
            QORM_VERIFY_OK(session.commit());
            userId = user->id();
            QVERIFY(userId > 0);
            QCOMPARE(first->userId(), userId);
            QCOMPARE(second->userId(), userId);
        }
        QCOMPARE(rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"qorm_rel_address"_s), q(u"userId"_s)), { userId }), 2);
        // A new session loads the collection in its declared order (email).
        Session session(m_db);
        auto user = session.get<RelUser>(userId);
        QORM_VERIFY_RESULT(user);
        QStringList emails;
        for (const auto &a : user.value()->addresses())
            emails.append(a->email());
        QCOMPARE(emails, (QStringList{ u"sb@example.com"_s, u"spongebob@sqlalchemy.org"_s }));
        // Moving an address to another user moves it between the loaded collections.
        auto other = std::make_shared<RelUser>();
        other->setName(u"patrick"_s);
        QORM_VERIFY_OK(session.add(other));
        auto moved = user.value()->addresses().at(0);
        moved->setUser(other);
        QCOMPARE(user.value()->addresses().size(), 1);
        QVERIFY(other->addresses().contains(moved.get()));
        QORM_VERIFY_OK(session.commit()); // other is inserted first, then the address's key follows it
        QCOMPARE(moved->userId(), other->id());
        QCOMPARE(rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"qorm_rel_address"_s), q(u"userId"_s)), { other->id() }), 1);
        // A child added before its new parent (FK checks on): the flush inserts the parent first.
        auto pearl = std::make_shared<RelUser>();
        pearl->setName(u"pearl"_s);
        auto pearlsAddress = std::make_shared<RelAddress>();
        pearlsAddress->setEmail(u"pearl@example.com"_s);
        pearlsAddress->setUser(pearl);
        QORM_VERIFY_OK(session.add(pearlsAddress)); // the user follows by the save-update cascade
        QCOMPARE(pearl->entityState(), Entity::State::Pending);
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(pearlsAddress->userId(), pearl->id());
        QCOMPARE(rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"qorm_rel_address"_s), q(u"userId"_s)), { pearl->id() }), 1);
        // Removing from a collection whose key is NOT NULL is refused before anything changes.
        const Error refused = user.value()->addresses().remove(user.value()->addresses().at(0));
        QCOMPARE(refused.kind(), Error::Kind::InvalidState);
        QVERIFY2(refused.message().contains(u"QORM_DELETE_ORPHAN"_s), qPrintable(refused.message()));
        QCOMPARE(user.value()->addresses().size(), 1);
        QVERIFY(!session.hasPendingChanges());
    }

    void flushOrderAndPostUpdate()
    {
        Session session(m_db);
        // A child added before its parent, in one table (FK checks on, not deferred).
        auto root = std::make_shared<RelNode>();
        root->setName(u"root"_s);
        auto leaf = std::make_shared<RelNode>();
        leaf->setName(u"leaf"_s);
        leaf->setParent(root);
        QORM_VERIFY_OK(session.add(leaf)); // cascades to root along the many-to-one
        QCOMPARE(root->entityState(), Entity::State::Pending);
        QVERIFY(root->children().contains(leaf.get()));
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(leaf->parentId(), std::optional<qint64>(root->id()));
        QCOMPARE(qormtest::rawValue(m_db, u"SELECT %1 FROM %2 WHERE %3 = ?"_s.arg(q(u"parentId"_s), q(u"qorm_rel_node"_s), q(u"id"_s)), { leaf->id() })
                         .toLongLong(),
                 root->id());
        // A cycle between two new rows: inserted with NULL, then an UPDATE (SQLAlchemy's post_update).
        auto a = std::make_shared<RelNode>();
        a->setName(u"a"_s);
        auto b = std::make_shared<RelNode>();
        b->setName(u"b"_s);
        a->setParent(b);
        b->setParent(a);
        QORM_VERIFY_OK(session.add(a));
        QCOMPARE(b->entityState(), Entity::State::Pending);
        const QStringList sql = statementsOf(session, [&] { QORM_VERIFY_OK(session.commit()); });
        QCOMPARE(a->parentId(), std::optional<qint64>(b->id()));
        QCOMPARE(b->parentId(), std::optional<qint64>(a->id()));
        const QString parentOf = u"SELECT %1 FROM %2 WHERE %3 = ?"_s.arg(q(u"parentId"_s), q(u"qorm_rel_node"_s), q(u"id"_s));
        QCOMPARE(qormtest::rawValue(m_db, parentOf, { a->id() }).toLongLong(), b->id());
        QCOMPARE(qormtest::rawValue(m_db, parentOf, { b->id() }).toLongLong(), a->id());
        QVERIFY2(std::count_if(sql.cbegin(), sql.cend(), [](const QString &s) { return s.startsWith(u"UPDATE"_s); }) == 1, qPrintable(sql.join(u'\n')));
        // Children in the declared order (name DESC), loaded in a new session.
        Session other(m_db);
        auto reloaded = other.get<RelNode>(root->id());
        QORM_VERIFY_RESULT(reloaded);
        QCOMPARE(idsOf(reloaded.value()->children().toList()), QList<qint64>{ leaf->id() });
        // Removing a child from a nullable relation sets its key NULL.
        QORM_VERIFY_OK(reloaded.value()->children().remove(reloaded.value()->children().at(0)));
        QORM_VERIFY_OK(other.commit());
        QVERIFY(qormtest::rawValue(m_db, parentOf, { leaf->id() }).isNull());
    }

    void failedFlushLosesNothing()
    {
        Session session(m_db);
        auto user = std::make_shared<RelUser>();
        user->setName(u"squidward"_s);
        auto good = std::make_shared<RelAddress>();
        good->setEmail(u"squidward@example.com"_s);
        auto bad = std::make_shared<RelAddress>();
        bad->setEmail(QString(41, u'x')); // longer than QORM_LENGTH(email, 40): refused in the middle of the flush
        QORM_VERIFY_OK(user->addresses().append(good));
        QORM_VERIFY_OK(user->addresses().append(bad));
        QORM_VERIFY_OK(session.add(user));
        const Error failed = session.commit();
        QCOMPARE(failed.kind(), Error::Kind::ValueTooLong);
        // As before the attempt: all pending, no keys, the collection and the relations in memory.
        QCOMPARE(user->entityState(), Entity::State::Pending);
        QCOMPARE(good->entityState(), Entity::State::Pending);
        QCOMPARE(user->id(), 0);
        QCOMPARE(good->userId(), 0); // the key copied from the user's generated key went back
        QCOMPARE(user->addresses().size(), 2);
        QCOMPARE(good->user().get(), user.get());
        QCOMPARE(rawCount(u"SELECT COUNT(*) FROM %1"_s.arg(q(u"qorm_rel_user"_s))), 0);
        // Fixed, the same objects commit.
        bad->setEmail(u"sq@example.com"_s);
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(good->userId(), user->id());
        QCOMPARE(rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"qorm_rel_address"_s), q(u"userId"_s)), { user->id() }), 2);
    }

    void deleteRulesAndOneToOne()
    {
        // The schema says what the session does.
        QCOMPARE(deleteRule(u"qorm_rel_address"_s), u"CASCADE"_s);
        QCOMPARE(deleteRule(u"qorm_rel_node"_s), u"SET NULL"_s);
        QCOMPARE(deleteRule(u"qorm_rel_profile"_s), u"RESTRICT"_s);
        Session session(m_db);
        auto user = std::make_shared<RelUser>();
        user->setName(u"gary"_s);
        for (const QString &email : { u"g1@example.com"_s, u"g2@example.com"_s }) {
            auto a = std::make_shared<RelAddress>();
            a->setEmail(email);
            QORM_VERIFY_OK(user->addresses().append(a));
        }
        auto profile = std::make_shared<RelProfile>();
        profile->setBio(u"a snail"_s);
        user->setProfile(profile); // one-to-one: sets the profile's many-to-one
        QCOMPARE(profile->user().get(), user.get());
        QORM_VERIFY_OK(session.add(user));
        QCOMPARE(profile->entityState(), Entity::State::Pending);
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(profile->userId(), user->id());
        const QString addressesOf = u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"qorm_rel_address"_s), q(u"userId"_s));
        const QString profilesOf = u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"qorm_rel_profile"_s), q(u"userId"_s));
        QCOMPARE(rawCount(addressesOf, { user->id() }), 2);
        {
            // A new session loads the one-to-one with one SELECT.
            Session other(m_db);
            auto again = other.get<RelUser>(user->id());
            QORM_VERIFY_RESULT(again);
            QStringList sql = statementsOf(other, [&] { QCOMPARE(again.value()->profile()->bio(), u"a snail"_s); });
            QCOMPARE(sql.size(), 1);
            QCOMPARE(again.value()->profile()->user().get(), again.value().get());
        }
        // Restrict: the profile still refers to the user; nothing changes, before any SQL.
        const Error restricted = session.remove(user);
        QCOMPARE(restricted.kind(), Error::Kind::ForeignKeyViolation);
        QVERIFY2(restricted.message().contains(u"Restrict"_s), qPrintable(restricted.message()));
        QCOMPARE(user->entityState(), Entity::State::Persistent);
        for (const auto &a : user->addresses())
            QCOMPARE(a->entityState(), Entity::State::Persistent);
        QVERIFY(!session.hasPendingChanges());
        // Replacing the one-to-one with nothing deletes the orphan (QORM_DELETE_ORPHAN(profile)).
        user->setProfile(nullptr);
        QCOMPARE(profile->entityState(), Entity::State::Deleted);
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(rawCount(profilesOf, { user->id() }), 0);
        // Cascade: the addresses go with the user, loaded or not.
        const QList<std::shared_ptr<RelAddress>> addresses = user->addresses().toList();
        QORM_VERIFY_OK(session.remove(user));
        for (const auto &a : addresses)
            QCOMPARE(a->entityState(), Entity::State::Deleted);
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(rawCount(addressesOf, { user->id() }), 0);
        QCOMPARE(rawCount(u"SELECT COUNT(*) FROM %1"_s.arg(q(u"qorm_rel_user"_s))), 0);
        // SetNull: deleting a node keeps its children, without a parent.
        auto root = std::make_shared<RelNode>();
        root->setName(u"root"_s);
        auto leaf = std::make_shared<RelNode>();
        leaf->setName(u"leaf"_s);
        QORM_VERIFY_OK(root->children().append(leaf));
        QORM_VERIFY_OK(session.add(root));
        QORM_VERIFY_OK(session.commit());
        QORM_VERIFY_OK(session.remove(root));
        QCOMPARE(leaf->parentId(), std::nullopt);
        QORM_VERIFY_OK(session.commit());
        QVERIFY(qormtest::rawValue(m_db, u"SELECT %1 FROM %2 WHERE %3 = ?"_s.arg(q(u"parentId"_s), q(u"qorm_rel_node"_s), q(u"id"_s)), { leaf->id() })
                        .isNull());
    }

    void chinookOrphansAndAssociationRows()
    {
        Session session(m_db);
        // Invoice.lines is QORM_DELETE_ORPHAN: a line removed from its invoice is deleted.
        auto invoice = session.get<Invoice>(1);
        QORM_VERIFY_RESULT(invoice);
        const QString linesOf = u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"InvoiceLine"_s), q(u"invoiceId"_s));
        const qint64 lines = rawCount(linesOf, { 1 });
        QCOMPARE(invoice.value()->lines().size(), lines);
        auto line = invoice.value()->lines().at(0);
        QORM_VERIFY_OK(invoice.value()->lines().remove(line));
        QCOMPARE(line->entityState(), Entity::State::Deleted);
        QCOMPARE(invoice.value()->lines().size(), lines - 1);
        QORM_VERIFY_OK(session.flush());
        QCOMPARE(rawCount(linesOf, { 1 }), lines - 1);
        session.rollback();
        QCOMPARE(rawCount(linesOf, { 1 }), lines);
        // Deleting an invoice deletes its lines (delete-orphan), children first: InvoiceLine's
        // foreign key has no ON DELETE rule in Chinook, so any other order fails on the servers.
        const qint64 invoice2Lines = rawCount(linesOf, { 2 });
        QVERIFY(invoice2Lines > 0);
        auto invoice2 = session.get<Invoice>(2);
        QORM_VERIFY_RESULT(invoice2);
        QORM_VERIFY_OK(session.remove(invoice2.value()));
        QORM_VERIFY_OK(session.flush());
        QCOMPARE(rawCount(linesOf, { 2 }), 0);
        QCOMPARE(rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"Invoice"_s), q(u"invoiceId"_s)), { 2 }), 0);
        session.rollback();
        QCOMPARE(rawCount(linesOf, { 2 }), invoice2Lines);
        // Deleting a playlist deletes its association rows first (FK checks on every backend).
        const QString tracksOf = u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"PlaylistTrack"_s), q(u"playlistId"_s));
        const qint64 rows = rawCount(tracksOf, { 18 });
        QVERIFY(rows > 0);
        auto playlist = session.get<Playlist>(18);
        QORM_VERIFY_RESULT(playlist);
        QORM_VERIFY_OK(session.remove(playlist.value()));
        QORM_VERIFY_OK(session.flush());
        QCOMPARE(rawCount(tracksOf, { 18 }), 0);
        QCOMPARE(rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"Playlist"_s), q(u"playlistId"_s)), { 18 }), 0);
        session.rollback();
        QCOMPARE(rawCount(tracksOf, { 18 }), rows);
    }

    void detachedCollections()
    {
        std::shared_ptr<Employee> adams;
        {
            Session session(m_db);
            adams = session.get<Employee>(1).value();
            QCOMPARE(adams->directReports().size(), 2); // loaded while the session lives
        }
        QCOMPARE(adams->entityState(), Entity::State::Detached);
        QCOMPARE(adams->directReports().size(), 2); // what was loaded stays readable
        QVERIFY(adams->customers().isEmpty());      // never loaded: nothing, and a clear error
        QCOMPARE(adams->customers().error().kind(), Error::Kind::InvalidState);
        QVERIFY2(adams->customers().error().message().contains(u"Detached"_s), qPrintable(adams->customers().error().message()));
    }
};

QTEST_GUILESS_MAIN(tst_Relationships)
#include "tst_relationships.moc"
