// SPDX-License-Identifier: MIT
// The 11 Chinook entities against the real bundled Chinook SQLite file.
#include "testbackends.h"

#include <chinook/chinook.h>
#include <qorm/dialect.h>
#include <qorm/entitymeta.h>
#include <qorm/entitytablemodel.h>
#include <qorm/session.h>

#include <QAbstractItemModelTester>
#include <QFile>
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

private Q_SLOTS:
    void init()
    {
        // A fresh writable copy for every test: the bundled file stays pristine.
        const QString path = m_dir.filePath(QStringLiteral("chinook.sqlite"));
        QFile::remove(path);
        QVERIFY(QFile::copy(QStringLiteral(QORM_CHINOOK_SQLITE), path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        m_url = QStringLiteral("sqlite:///") + path + QStringLiteral("?naming=pascal_case");
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
            QVERIFY(raw.exec(QStringLiteral("SELECT COUNT(*) FROM \"%1\"").arg(meta->tableName())) && raw.next());
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

    void editedTrackNameLandsInTheFile()
    {
        const Database db = open();
        {
            Session session(db);
            EntityTableModel model(&session, Track::staticMetaObject);
            QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
            model.setColumns({ u"name"_qs, u"unitPrice"_qs });
            QVERIFY(model.select());
            QVERIFY(model.setData(model.index(0, 0), u"Renamed through the model"_qs));
            QVERIFY(model.setData(model.index(0, 1), u"1.29"_qs));
            QVERIFY(model.submitAll());
        }
        // A completely separate database object and connection reads the file.
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("verify-chinook"));
        raw.setDatabaseName(m_dir.filePath(QStringLiteral("chinook.sqlite")));
        QVERIFY(raw.open());
        {
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("SELECT Name, UnitPrice FROM Track WHERE TrackId = 1")) && q.next());
            QCOMPARE(q.value(0).toString(), u"Renamed through the model"_qs);
            QCOMPARE(q.value(1).toDouble(), 1.29);
        }
        raw.close();
        raw = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("verify-chinook"));
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
