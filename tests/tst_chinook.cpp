// SPDX-License-Identifier: MIT
// The 11 Chinook entities against Chinook on every backend: the bundled SQLite file (PascalCase),
// PostgreSQL loaded from Chinook_PostgreSql.sql (snake_case) and MariaDB loaded from
// Chinook_MySql.sql (PascalCase) - the same classes, only the URL's naming strategy differs.
#include "testbackends.h"

#include <chinook/chinook.h>
#include <qorm/dialect.h>
#include <qorm/entitymeta.h>
#include <qorm/entitytablemodel.h>
#include <qorm/namingstrategy.h>
#include <qorm/session.h>

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace qorm;

class tst_Chinook : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_url;

    Database open()
    {
        auto db = Database::open(m_url);
        if (!db)
            qWarning() << db.error();
        return db ? db.value() : Database();
    }
    QString sqlitePath() const { return m_dir.filePath(QStringLiteral("chinook.sqlite")); }

private Q_SLOTS:
    void initTestCase_data() { qormtest::addChinookRows(sqlitePath()); }

    void init()
    {
        QFETCH_GLOBAL(QString, url);
        m_url = url;
        // A fresh writable copy for every test: the bundled file stays pristine.
        QVERIFY(qormtest::freshCopy(QStringLiteral(QORM_CHINOOK_SQLITE), sqlitePath()));
    }

    void everyEntityReadsItsTable()
    {
        const Database db = open();
        QVERIFY(db.isValid());
        Session session(db);
        for (const QMetaObject *mo : chinook::entityClasses()) {
            const EntityMeta *meta = EntityMeta::of(*mo).value();
            QueryBase q(&session, mo);
            auto rows = q.limit(20).allEntities();
            QVERIFY2(rows, qPrintable(QStringLiteral("%1: %2").arg(meta->className(), rows.error().toString())));
            auto count = q.count();
            QVERIFY(count);
            QCOMPARE(rows.value().size(), qMin<qint64>(20, count.value()));
            QSqlQuery raw(db.connection().value());
            const QString table = db.dialect().quoteIdentifier(applyNamingStrategy(db.namingStrategy(), meta->tableName()));
            QVERIFY(raw.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table) && raw.next());
            QCOMPARE(count.value(), raw.value(0).toLongLong());
        }
    }

    void knownFacts()
    {
        const Database db = open();
        Session session(db);
        QCOMPARE(session.query<Artist>().count().value(), qint64(275));
        QCOMPARE(session.query<Album>().count().value(), qint64(347));
        QCOMPARE(session.query<Track>().count().value(), qint64(3503));
        QCOMPARE(session.query<Genre>().count().value(), qint64(25));
        auto track = session.get<Track>(1);
        QVERIFY(track);
        QCOMPARE(track.value()->name(), u"For Those About To Rock (We Salute You)"_qs);
        QCOMPARE(track.value()->milliseconds(), qint64(343719));
        QCOMPARE(track.value()->unitPrice(), Decimal(99, 2));
        QCOMPARE(track.value()->album()->title(), u"For Those About To Rock We Salute You"_qs);
        QCOMPARE(track.value()->genre()->name().value(), u"Rock"_qs);
        QCOMPARE(track.value()->album()->artist()->name().value(), u"AC/DC"_qs);
        auto acdc = session.query<Artist>().where(col(u"name"_qs) == u"AC/DC"_qs).first();
        QVERIFY(acdc && acdc.value());
        QCOMPARE(session.query<Album>().where(col(u"artistId"_qs) == acdc.value()->id()).count().value(), qint64(2));
        auto rock = session.query<Genre>().where(col(u"name"_qs) == u"Rock"_qs).first();
        QCOMPARE(session.query<Track>().where(col(u"genreId"_qs) == rock.value()->id()).count().value(), qint64(1297));
        auto employee = session.get<Employee>(2);
        QVERIFY(employee);
        QCOMPARE(employee.value()->manager()->lastName(), u"Adams"_qs);
        QCOMPARE(employee.value()->hireDate().value(), QDateTime(QDate(2002, 5, 1), QTime(0, 0), Qt::UTC));
        auto line = session.get<PlaylistTrack>(QVariantList{ 1, 3402 });
        QVERIFY2(line, qPrintable(line.error().toString()));
        QCOMPARE(line.value()->track()->name(), u"Band Members Discuss Tracks from \"Revelations\""_qs);
    }

    void relationPathsJoin()
    {
        const Database db = open();
        Session session(db);
        QSignalSpy statements(&session, &Session::statementExecuted);
        // Known facts: AC/DC has 18 tracks on two albums; Adams manages Edwards and Mitchell.
        QCOMPARE(session.query<Track>().where(col(u"album.artist.name"_qs) == u"AC/DC"_qs).count().value(), qint64(18));
        QVERIFY(statements.last().at(0).toString().contains(u" JOIN "_qs));
        auto acdc = session.query<Track>()
                            .where(col(u"album.artist.name"_qs) == u"AC/DC"_qs)
                            .orderBy(u"album.title"_qs, Qt::DescendingOrder)
                            .orderBy(u"name"_qs)
                            .all();
        QORM_VERIFY_RESULT(acdc);
        QCOMPARE(acdc.value().size(), 18);
        QCOMPARE(acdc.value().first()->album()->title(), u"Let There Be Rock"_qs); // "Let..." > "For..."
        QCOMPARE(acdc.value().last()->album()->title(), u"For Those About To Rock We Salute You"_qs);
        auto reports = session.query<Employee>().where(col(u"manager.lastName"_qs) == u"Adams"_qs).orderBy(u"lastName"_qs).all();
        QORM_VERIFY_RESULT(reports);
        QCOMPARE(reports.value().size(), 2);
        QCOMPARE(reports.value().at(0)->lastName(), u"Edwards"_qs);
        QCOMPARE(reports.value().at(1)->lastName(), u"Mitchell"_qs);
        // A nullable foreign key joins with LEFT OUTER JOIN: the general manager has no manager.
        auto top = session.query<Employee>().where(col(u"manager.lastName"_qs).isNull()).all();
        QORM_VERIFY_RESULT(top);
        QCOMPARE(top.value().size(), 1);
        QCOMPARE(top.value().first()->lastName(), u"Adams"_qs);

        // Against raw SQL on the same database: tracks whose album's artist name starts with "A".
        auto name = [&](const char *logical) { return db.dialect().quoteIdentifier(applyNamingStrategy(db.namingStrategy(), QString::fromLatin1(logical))); };
        QSqlQuery raw(db.connection().value());
        QVERIFY(raw.exec(u"SELECT COUNT(*) FROM "_qs + name("Track") + u" t JOIN "_qs + name("Album") + u" a ON a."_qs + name("albumId")
                         + u" = t."_qs + name("albumId") + u" JOIN "_qs + name("Artist") + u" r ON r."_qs + name("artistId") + u" = a."_qs
                         + name("artistId") + u" WHERE r."_qs + name("name") + u" LIKE 'A%'"_qs)
                && raw.next());
        const qint64 expected = raw.value(0).toLongLong();
        QVERIFY(expected > 18);
        QCOMPARE(session.query<Track>().where(col(u"album.artist.name"_qs).like(u"A%"_qs)).count().value(), expected);
        // Unknown relations and properties in a path name the class.
        auto bad = session.query<Track>().where(col(u"album.singer.name"_qs) == u"x"_qs).all();
        QCOMPARE(bad.error().kind(), Error::Kind::UnknownColumn);
        QVERIFY2(bad.error().message().startsWith(u"Album.singer: no such relation"_qs), qPrintable(bad.error().message()));
    }

    void modelShowsAllTracks()
    {
        const Database db = open();
        Session session(db);
        EntityTableModel model(&session, Track::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns({ u"name"_qs, u"album.title"_qs, u"genre.name"_qs, u"unitPrice"_qs });
        QVERIFY(model.select());
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 3503);
        QCOMPARE(model.data(model.index(0, 0)).toString(), u"For Those About To Rock (We Salute You)"_qs);
        QCOMPARE(model.data(model.index(0, 1)).toString(), u"For Those About To Rock We Salute You"_qs);
        QCOMPARE(model.data(model.index(0, 2)).toString(), u"Rock"_qs);
        QCOMPARE(model.data(model.index(0, 3)).toString(), u"0.99"_qs);
        QCOMPARE(model.headerData(3, Qt::Horizontal).toString(), u"Unit Price"_qs);
    }

    void editedTrackNameIsVisibleToAnotherConnection()
    {
        const Database db = open();
        auto edit = [&](const QString &name, const QString &price) {
            Session session(db);
            EntityTableModel model(&session, Track::staticMetaObject);
            QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
            model.setColumns({ u"name"_qs, u"unitPrice"_qs });
            QVERIFY(model.select());
            QVERIFY(model.setData(model.index(0, 0), name));
            QVERIFY(model.setData(model.index(0, 1), price));
            QVERIFY(model.submitAll());
        };
        edit(u"Renamed through the model"_qs, u"1.29"_qs);
        {
            // A separate Database object: its own connection.
            const Database other = open();
            const QString table = other.dialect().quoteIdentifier(applyNamingStrategy(other.namingStrategy(), u"Track"_qs));
            const QString name = other.dialect().quoteIdentifier(applyNamingStrategy(other.namingStrategy(), u"name"_qs));
            const QString price = other.dialect().quoteIdentifier(applyNamingStrategy(other.namingStrategy(), u"unitPrice"_qs));
            const QString id = other.dialect().quoteIdentifier(applyNamingStrategy(other.namingStrategy(), u"trackId"_qs));
            QSqlQuery q(other.connection().value());
            QVERIFY(q.exec(u"SELECT "_qs + name + u", "_qs + price + u" FROM "_qs + table + u" WHERE "_qs + id + u" = 1"_qs) && q.next());
            QCOMPARE(q.value(0).toString(), u"Renamed through the model"_qs);
            QCOMPARE(q.value(1).toDouble(), 1.29);
        }
        // The servers' Chinook is shared by later runs: put the original back.
        edit(u"For Those About To Rock (We Salute You)"_qs, u"0.99"_qs);
    }

    void foreignKeyViolationIsRejected()
    {
        const Database db = open();
        Session session(db);
        auto track = session.get<Track>(1);
        QVERIFY(track);
        track.value()->setMediaTypeId(99999); // no such media type: PRAGMA foreign_keys is on
        const Error e = session.commit();
        QCOMPARE(e.kind(), Error::Kind::ForeignKeyViolation);
        QCOMPARE(track.value()->mediaTypeId(), qint64(99999)); // kept for the user to fix
        Session other(db);
        QCOMPARE(other.get<Track>(1).value()->mediaTypeId(), qint64(1));
    }
};

QTEST_GUILESS_MAIN(tst_Chinook)
#include "tst_chinook.moc"
