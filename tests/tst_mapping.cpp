// SPDX-License-Identifier: MIT
// Entity metadata read from QMetaObject: the 11 Chinook classes and the mistakes users make.
#include "testentities.h"

#include <chinook/chinook.h>
#include <qorm/entitymeta.h>
#include <qorm/namingstrategy.h>

#include <QPoint>
#include <QTest>

using namespace qorm;

class NoKey : public Entity
{
    Q_OBJECT
    QORM_COLUMN(QString, name, setName)
public:
    Q_INVOKABLE explicit NoKey(QObject *parent = nullptr) : Entity(parent) { }
};

class WrongKey : public Entity
{
    Q_OBJECT
    QORM_PRIMARY_KEY("code")
    QORM_COLUMN(qint64, id, setId)
public:
    Q_INVOKABLE explicit WrongKey(QObject *parent = nullptr) : Entity(parent) { }
};

class UnmappableType : public Entity
{
    Q_OBJECT
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QPoint, where, setWhere)
public:
    Q_INVOKABLE explicit UnmappableType(QObject *parent = nullptr) : Entity(parent) { }
};

class TransientOk : public Entity
{
    Q_OBJECT
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QPoint, where, setWhere)
    QORM_TRANSIENT(where)
public:
    Q_INVOKABLE explicit TransientOk(QObject *parent = nullptr) : Entity(parent) { }
};

class KeyTypo : public Entity
{
    Q_OBJECT
    Q_CLASSINFO("qorm.primarykey", "code") // a typo of qorm.primaryKey
    QORM_ID(qint64, id, setId)
public:
    Q_INVOKABLE explicit KeyTypo(QObject *parent = nullptr) : Entity(parent) { }
};

class MisspeltProperty : public Entity
{
    Q_OBJECT
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
    QORM_LENGTH(nmae, 40)
public:
    Q_INVOKABLE explicit MisspeltProperty(QObject *parent = nullptr) : Entity(parent) { }
};

class UnknownKey : public Entity
{
    Q_OBJECT
    Q_CLASSINFO("qorm.cascade", "all")
    Q_CLASSINFO("QML.Element", "auto") // not qorm's: ignored
    QORM_ID(qint64, id, setId)
public:
    Q_INVOKABLE explicit UnknownKey(QObject *parent = nullptr) : Entity(parent) { }
};

class KeyTwice : public Entity
{
    Q_OBJECT
    QORM_PRIMARY_KEY("a, b, a")
    QORM_COLUMN(qint64, a, setA)
    QORM_COLUMN(qint64, b, setB)
public:
    Q_INVOKABLE explicit KeyTwice(QObject *parent = nullptr) : Entity(parent) { }
};

class NotAnEntity : public QObject
{
    Q_OBJECT
};

class tst_Mapping : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chinookEntitiesMap_data()
    {
        QTest::addColumn<const QMetaObject *>("metaObject");
        QTest::addColumn<QString>("table");
        QTest::addColumn<QStringList>("logicalColumns");
        QTest::addColumn<QStringList>("primaryKey");
        QTest::addColumn<bool>("autoIncrement");
        QTest::addColumn<QStringList>("relations");
        auto row = [](const QMetaObject *mo, const char *table, const QStringList &cols, const QStringList &pk, bool ai,
                      const QStringList &rels) { QTest::newRow(mo->className()) << mo << QString::fromLatin1(table) << cols << pk << ai << rels; };
        row(&Artist::staticMetaObject, "Artist", { u"artistId"_qs, u"name"_qs }, { u"id"_qs }, true, { u"albums"_qs });
        row(&Album::staticMetaObject, "Album", { u"albumId"_qs, u"title"_qs, u"artistId"_qs }, { u"id"_qs }, true, { u"artist"_qs, u"tracks"_qs });
        row(&Genre::staticMetaObject, "Genre", { u"genreId"_qs, u"name"_qs }, { u"id"_qs }, true, {});
        row(&MediaType::staticMetaObject, "MediaType", { u"mediaTypeId"_qs, u"name"_qs }, { u"id"_qs }, true, {});
        row(&Track::staticMetaObject, "Track",
            { u"trackId"_qs, u"name"_qs, u"albumId"_qs, u"mediaTypeId"_qs, u"genreId"_qs, u"composer"_qs, u"milliseconds"_qs,
              u"bytes"_qs, u"unitPrice"_qs },
            { u"id"_qs }, true, { u"album"_qs, u"genre"_qs, u"mediaType"_qs, u"playlists"_qs });
        row(&Employee::staticMetaObject, "Employee",
            { u"employeeId"_qs, u"lastName"_qs, u"firstName"_qs, u"title"_qs, u"reportsTo"_qs, u"birthDate"_qs, u"hireDate"_qs,
              u"address"_qs, u"city"_qs, u"state"_qs, u"country"_qs, u"postalCode"_qs, u"phone"_qs, u"fax"_qs, u"email"_qs },
            { u"id"_qs }, true, { u"manager"_qs, u"directReports"_qs, u"customers"_qs });
        row(&Customer::staticMetaObject, "Customer",
            { u"customerId"_qs, u"firstName"_qs, u"lastName"_qs, u"company"_qs, u"address"_qs, u"city"_qs, u"state"_qs,
              u"country"_qs, u"postalCode"_qs, u"phone"_qs, u"fax"_qs, u"email"_qs, u"supportRepId"_qs },
            { u"id"_qs }, true, { u"supportRep"_qs, u"invoices"_qs });
        row(&Invoice::staticMetaObject, "Invoice",
            { u"invoiceId"_qs, u"customerId"_qs, u"invoiceDate"_qs, u"billingAddress"_qs, u"billingCity"_qs, u"billingState"_qs,
              u"billingCountry"_qs, u"billingPostalCode"_qs, u"total"_qs },
            { u"id"_qs }, true, { u"customer"_qs, u"lines"_qs });
        row(&InvoiceLine::staticMetaObject, "InvoiceLine",
            { u"invoiceLineId"_qs, u"invoiceId"_qs, u"trackId"_qs, u"unitPrice"_qs, u"quantity"_qs }, { u"id"_qs }, true,
            { u"invoice"_qs, u"track"_qs });
        row(&Playlist::staticMetaObject, "Playlist", { u"playlistId"_qs, u"name"_qs }, { u"id"_qs }, true, { u"tracks"_qs });
        row(&PlaylistTrack::staticMetaObject, "PlaylistTrack", { u"playlistId"_qs, u"trackId"_qs },
            { u"playlistId"_qs, u"trackId"_qs }, false, { u"playlist"_qs, u"track"_qs });
    }

    void chinookEntitiesMap()
    {
        QFETCH(const QMetaObject *, metaObject);
        QFETCH(QString, table);
        QFETCH(QStringList, logicalColumns);
        QFETCH(QStringList, primaryKey);
        QFETCH(bool, autoIncrement);
        QFETCH(QStringList, relations);

        auto meta = EntityMeta::of(*metaObject);
        QVERIFY2(meta, qPrintable(meta.error().toString()));
        QCOMPARE(meta.value()->tableName(), table);
        QStringList cols;
        for (const ColumnMeta &c : meta.value()->columns())
            cols.append(c.logicalName);
        QCOMPARE(cols, logicalColumns);
        QStringList pk;
        for (int c : meta.value()->primaryKey())
            pk.append(meta.value()->columns()[c].property);
        QCOMPARE(pk, primaryKey);
        QCOMPARE(meta.value()->autoIncrementColumn() >= 0, autoIncrement);
        QStringList rels;
        for (const RelationMeta &r : meta.value()->relations())
            rels.append(r.name);
        QCOMPARE(rels, relations);
        QVERIFY(meta.value()->isFullyTracked());
        // Cached: the same object every time.
        QCOMPARE(EntityMeta::of(*metaObject).value(), meta.value());
    }

    void allElevenClassesAreListed() { QCOMPARE(chinook::entityClasses().size(), 11); }

    void typesAndNullability()
    {
        const EntityMeta *track = EntityMeta::of(Track::staticMetaObject).value();
        auto column = [&](const char *p) { return track->columns()[track->columnIndex(QString::fromLatin1(p))]; };
        QCOMPARE(column("name").type->sqlType, SqlType::String);
        QVERIFY(!column("name").nullable());
        QVERIFY(column("composer").nullable());
        QCOMPARE(column("albumId").type->sqlType, SqlType::Int64);
        QVERIFY(column("albumId").nullable());
        QCOMPARE(column("unitPrice").type->sqlType, SqlType::Decimal);
        QVERIFY(column("id").autoIncrement);
        QVERIFY(column("id").tracked);
        const RelationMeta *album = track->relation(u"album"_qs);
        QVERIFY(album);
        QCOMPARE(album->target, &Album::staticMetaObject);
        QCOMPARE(track->columns()[album->foreignKeyColumn].property, u"albumId"_qs);
    }

    void plainPropertiesAndClassInfo()
    {
        auto meta = EntityMeta::of(PlainNote::staticMetaObject);
        QVERIFY(meta);
        QCOMPARE(meta.value()->tableName(), u"qorm_plain_note"_qs);
        QVERIFY(!meta.value()->isFullyTracked());
        QCOMPARE(meta.value()->columns()[meta.value()->columnIndex(u"text"_qs)].logicalName, u"body"_qs);
    }

    void mappingMistakesNameClassAndProperty_data()
    {
        QTest::addColumn<const QMetaObject *>("metaObject");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no key") << &NoKey::staticMetaObject << u"NoKey.id: primary key property is not a mapped column"_qs;
        QTest::newRow("wrong key") << &WrongKey::staticMetaObject << u"WrongKey.code: primary key property is not a mapped column"_qs;
        QTest::newRow("unmappable type") << &UnmappableType::staticMetaObject << u"UnmappableType.where: type QPoint has no SQL mapping"_qs;
        QTest::newRow("not an entity") << &NotAnEntity::staticMetaObject << u"NotAnEntity: is not a qorm::Entity subclass"_qs;
        QTest::newRow("classinfo key typo") << &KeyTypo::staticMetaObject
                                            << u"KeyTypo: unknown class information key 'qorm.primarykey' (did you mean 'qorm.primaryKey'?)"_qs;
        QTest::newRow("misspelt property") << &MisspeltProperty::staticMetaObject
                                           << u"MisspeltProperty.nmae: 'qorm.length.nmae' names no property of MisspeltProperty"_qs;
        QTest::newRow("unknown key") << &UnknownKey::staticMetaObject << u"UnknownKey: unknown class information key 'qorm.cascade'"_qs;
        QTest::newRow("key twice") << &KeyTwice::staticMetaObject << u"KeyTwice.a: is named twice in the primary key"_qs;
    }

    void mappingMistakesNameClassAndProperty()
    {
        QFETCH(const QMetaObject *, metaObject);
        QFETCH(QString, expected);
        auto meta = EntityMeta::of(*metaObject);
        QVERIFY(!meta);
        QCOMPARE(meta.error().kind(), Error::Kind::Mapping);
        QVERIFY2(meta.error().message().startsWith(expected), qPrintable(meta.error().message()));
    }

    void transientPropertiesAreSkipped()
    {
        auto meta = EntityMeta::of(TransientOk::staticMetaObject);
        QVERIFY2(meta, qPrintable(meta.error().toString()));
        QCOMPARE(meta.value()->columns().size(), 1);
    }

    void namingStrategies_data()
    {
        QTest::addColumn<QString>("logical");
        QTest::addColumn<QString>("snake");
        QTest::addColumn<QString>("pascal");
        QTest::newRow("camel") << u"albumId"_qs << u"album_id"_qs << u"AlbumId"_qs;
        QTest::newRow("class") << u"InvoiceLine"_qs << u"invoice_line"_qs << u"InvoiceLine"_qs;
        QTest::newRow("acronym") << u"HTTPServer"_qs << u"http_server"_qs << u"HTTPServer"_qs;
        QTest::newRow("digits") << u"line2Total"_qs << u"line2_total"_qs << u"Line2Total"_qs;
        QTest::newRow("plain") << u"name"_qs << u"name"_qs << u"Name"_qs;
    }

    void namingStrategies()
    {
        QFETCH(QString, logical);
        QFETCH(QString, snake);
        QFETCH(QString, pascal);
        QCOMPARE(applyNamingStrategy(NamingStrategy::SnakeCase, logical), snake);
        QCOMPARE(applyNamingStrategy(NamingStrategy::PascalCase, logical), pascal);
        QCOMPARE(applyNamingStrategy(NamingStrategy::AsIs, logical), logical);
    }
};

QTEST_GUILESS_MAIN(tst_Mapping)
#include "tst_mapping.moc"
