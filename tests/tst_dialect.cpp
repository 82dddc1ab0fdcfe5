// SPDX-License-Identifier: MIT
// Dialects without a server: quoting, DDL, value conversion, URL parsing, Decimal.
#include "testentities.h"

#include <qorm/database.h>
#include <qorm/decimal.h>
#include <qorm/schema.h>
#include <qorm/sqlitedialect.h>

#include <QTest>

using namespace qorm;

class tst_Dialect : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quoting_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("quoted");
        QTest::newRow("plain") << u"Track"_qs << u"\"Track\""_qs;
        QTest::newRow("embedded quote") << u"a\"b"_qs << u"\"a\"\"b\""_qs;
        QTest::newRow("already quoted") << u"\"x\""_qs << u"\"\"\"x\"\"\""_qs;
        QTest::newRow("sql") << u"x\"; DROP TABLE t; --"_qs << u"\"x\"\"; DROP TABLE t; --\""_qs;
        QTest::newRow("backtick") << u"a`b"_qs << u"\"a`b\""_qs;
    }

    void quoting()
    {
        QFETCH(QString, name);
        QFETCH(QString, quoted);
        QCOMPARE(SqliteDialect().quoteIdentifier(name), quoted);
    }

    void sqliteDdl()
    {
        auto db = Database::open(u"sqlite://:memory:"_qs);
        QVERIFY(db);
        auto statements = Schema(db.value()).createStatements({ &Pet::staticMetaObject, &Person::staticMetaObject });
        QVERIFY(statements);
        QCOMPARE(statements.value().size(), 2);
        // Parents first.
        QCOMPARE(statements.value().at(0),
                 u"CREATE TABLE \"qorm_person\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"name\" TEXT NOT NULL, "_qs
                 "\"email\" TEXT, \"age\" INTEGER NOT NULL, \"score\" REAL NOT NULL, \"balance\" NUMERIC, \"created\" TEXT)"_qs);
        QCOMPARE(statements.value().at(1),
                 u"CREATE TABLE \"qorm_pet\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"name\" TEXT NOT NULL, "_qs
                 "\"ownerId\" INTEGER, FOREIGN KEY (\"ownerId\") REFERENCES \"qorm_person\" (\"id\"))"_qs);
    }

    void sqliteValues()
    {
        SqliteDialect d;
        QCOMPARE(d.toDatabase(SqlType::Boolean, true), QVariant(1));
        QCOMPARE(d.toDatabase(SqlType::Decimal, QVariant::fromValue(Decimal(10, 2))), QVariant(u"0.10"_qs));
        const QDateTime local(QDate(2024, 1, 2), QTime(3, 4, 5, 6), Qt::OffsetFromUTC, 3600);
        QCOMPARE(d.toDatabase(SqlType::DateTime, local), QVariant(u"2024-01-02 02:04:05.006"_qs));
        QVERIFY(!d.toDatabase(SqlType::String, QVariant()).isValid());
        bool ok = false;
        const QVariant dt = d.fromDatabase(SqlType::DateTime, QMetaType::fromType<QDateTime>(), u"2009-01-01 00:00:00"_qs, &ok);
        QVERIFY(ok);
        QCOMPARE(dt.toDateTime(), QDateTime(QDate(2009, 1, 1), QTime(0, 0), Qt::UTC));
        QCOMPARE(dt.toDateTime().timeSpec(), Qt::UTC);
        const QVariant price = d.fromDatabase(SqlType::Decimal, QMetaType::fromType<Decimal>(), 0.99, &ok);
        QVERIFY(ok);
        QCOMPARE(price.value<Decimal>().toString(), u"0.99"_qs);
        d.fromDatabase(SqlType::Int64, QMetaType::fromType<qint64>(), u"not a number"_qs, &ok);
        QVERIFY(!ok);
    }

    void urls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("kind");
        QTest::newRow("memory") << u"sqlite://:memory:"_qs << int(Error::Kind::NoError);
        QTest::newRow("no scheme") << u"chinook.db"_qs << int(Error::Kind::InvalidUrl);
        QTest::newRow("unknown scheme") << u"oracle://x/y"_qs << int(Error::Kind::InvalidUrl);
        QTest::newRow("bad naming") << u"sqlite://:memory:?naming=kebab"_qs << int(Error::Kind::InvalidUrl);
        QTest::newRow("missing file dir") << u"sqlite:////nonexistent-dir/x/y.db"_qs << int(Error::Kind::Connection);
        QTest::newRow("pg without db") << u"postgresql://u:p@127.0.0.1:1/"_qs << int(Error::Kind::InvalidUrl);
    }

    void urls()
    {
        QFETCH(QString, url);
        QFETCH(int, kind);
        auto db = Database::open(url);
        QCOMPARE(int(db.error().kind()), kind);
        if (kind != int(Error::Kind::NoError))
            QVERIFY(!db.error().message().isEmpty());
    }

    void passwordsAreNotShown()
    {
        auto db = Database::open(u"postgresql://user:secret@127.0.0.1:1/db"_qs);
        QVERIFY(!db);
        QVERIFY(!db.error().message().contains(u"secret"_qs));
    }

    void decimals()
    {
        const Decimal a = Decimal::fromString(u"0.1"_qs);
        const Decimal b = Decimal::fromString(u"0.2"_qs);
        QCOMPARE((a + b).toString(), u"0.3"_qs);
        QCOMPARE(a + b, Decimal::fromString(u"0.30"_qs));
        QCOMPARE(Decimal::fromString(u"-12.345"_qs).rescaled(2).toString(), u"-12.35"_qs);
        QCOMPARE(Decimal::fromString(u"1.005"_qs).rescaled(2).toString(), u"1.01"_qs);
        QCOMPARE((Decimal::fromString(u"2.50"_qs) * Decimal::fromString(u"3"_qs)).toString(), u"7.50"_qs);
        QVERIFY(!Decimal::fromString(u"1e5"_qs).isValid());
        QVERIFY(!Decimal::fromString(u""_qs).isValid());
        QVERIFY(!Decimal::fromString(u"99999999999999999999"_qs).isValid()); // beyond 64 bits: rejected, not wrapped
        QVERIFY(!(Decimal(std::numeric_limits<qint64>::max(), 0) + Decimal(1, 0)).isValid());
        QCOMPARE(Decimal(std::numeric_limits<qint64>::min(), 0).toString(), u"-9223372036854775808"_qs);
        QCOMPARE(Decimal(5, 3).toString(), u"0.005"_qs);
        QVERIFY(Decimal::fromString(u"1.5"_qs) < Decimal::fromString(u"1.51"_qs));
        QCOMPARE(QVariant::fromValue(Decimal(199, 2)).toString(), u"1.99"_qs);
    }
};

QTEST_GUILESS_MAIN(tst_Dialect)
#include "tst_dialect.moc"
