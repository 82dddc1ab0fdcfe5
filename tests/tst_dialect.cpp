// SPDX-License-Identifier: MIT
// Dialects without a server: quoting, DDL, value conversion, URL parsing, Decimal.
#include "testbackends.h"
#include "testentities.h"

#include <qorm/alias.h>
#include <qorm/database.h>
#include <qorm/decimal.h>
#include <qorm/schema.h>
#include <qorm/mysqldialect.h>
#include <qorm/postgresqldialect.h>
#include <qorm/sqlitedialect.h>

#include <qorm/projection.h>
#include <qorm/statementcompiler.h>

#include <chinook/chinook.h>

#include <QSqlError>
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

    void generatedSql_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("select");
        QTest::addColumn<QString>("insert");
        QTest::addColumn<QString>("update");
        QTest::addColumn<QString>("ddl");
        QTest::addColumn<QVariantList>("insertValues");
        QTest::newRow("sqlite") << u"QSQLITE"_qs
            << u"SELECT \"id\", \"name\", \"email\", \"age\", \"score\", \"balance\", \"created\" FROM \"qorm_person\" "
               "WHERE ((\"age\" > ?) AND (\"name\" LIKE ?)) ORDER BY \"name\" ASC, \"id\" DESC LIMIT ? OFFSET ?"_qs
            << u"INSERT INTO \"qorm_person\" (\"name\", \"email\", \"age\", \"score\", \"balance\", \"created\") "
               "VALUES (?, ?, ?, ?, ?, ?)"_qs
            << u"UPDATE \"qorm_person\" SET \"name\" = ?, \"balance\" = ? WHERE \"id\" = ?"_qs
            << u"CREATE TABLE \"qorm_person\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"name\" TEXT NOT NULL, \"email\" TEXT, "
               "\"age\" INTEGER NOT NULL, \"score\" REAL NOT NULL, \"balance\" NUMERIC, \"created\" TEXT)"_qs
            << QVariantList{ u"Ann"_qs, QVariant(), 3, 1.5, u"0.10"_qs, u"2024-01-02 03:04:05.006"_qs };
        QTest::newRow("postgresql") << u"QPSQL"_qs
            << u"SELECT \"id\", \"name\", \"email\", \"age\", \"score\", \"balance\", \"created\" FROM \"qorm_person\" "
               "WHERE ((\"age\" > ?) AND (\"name\" LIKE ?)) ORDER BY \"name\" ASC, \"id\" DESC LIMIT ? OFFSET ?"_qs
            << u"INSERT INTO \"qorm_person\" (\"name\", \"email\", \"age\", \"score\", \"balance\", \"created\") "
               "VALUES (?, ?, ?, ?, ?, ?) RETURNING \"id\""_qs
            << u"UPDATE \"qorm_person\" SET \"name\" = ?, \"balance\" = ? WHERE \"id\" = ?"_qs
            << u"CREATE TABLE \"qorm_person\" (\"id\" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, \"name\" TEXT NOT NULL, "
               "\"email\" TEXT, \"age\" INTEGER NOT NULL, \"score\" DOUBLE PRECISION NOT NULL, \"balance\" NUMERIC, \"created\" TIMESTAMP(3))"_qs
            << QVariantList{ u"Ann"_qs, QVariant(), 3, 1.5, u"0.10"_qs, u"2024-01-02 03:04:05.006"_qs };
        QTest::newRow("mysql") << u"QMYSQL"_qs
            << u"SELECT `id`, `name`, `email`, `age`, `score`, `balance`, `created` FROM `qorm_person` "
               "WHERE ((`age` > ?) AND (`name` LIKE ?)) ORDER BY `name` ASC, `id` DESC LIMIT ? OFFSET ?"_qs
            << u"INSERT INTO `qorm_person` (`name`, `email`, `age`, `score`, `balance`, `created`) VALUES (?, ?, ?, ?, ?, ?)"_qs
            << u"UPDATE `qorm_person` SET `name` = ?, `balance` = ? WHERE `id` = ?"_qs
            << u"CREATE TABLE `qorm_person` (`id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, `name` LONGTEXT NOT NULL, "
               "`email` LONGTEXT, `age` INT NOT NULL, `score` DOUBLE NOT NULL, `balance` DECIMAL(19,4), `created` DATETIME(3))"_qs
            << QVariantList{ u"Ann"_qs, QVariant(), 3, 1.5, u"0.10"_qs, u"2024-01-02 03:04:05.006"_qs };
    }

    void generatedSql()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, select);
        QFETCH(QString, insert);
        QFETCH(QString, update);
        QFETCH(QString, ddl);
        QFETCH(QVariantList, insertValues);
        const auto d = Dialect::forDriver(dialect);
        QVERIFY(d);
        const StatementCompiler compiler(*d);

        const auto q = qorm::select<Person>()
                               .where(col(u"age"_qs) > 30 && col(u"name"_qs).like(u"A%"_qs))
                               .orderBy(u"name"_qs)
                               .orderBy(u"id"_qs, Qt::DescendingOrder)
                               .limit(10)
                               .offset(5);
        auto st = compiler.select(q);
        QORM_VERIFY_RESULT(st);
        QCOMPARE(st.value().sql, select);
        QCOMPARE(st.value().values, (QVariantList{ 30, u"A%"_qs, qint64(10), qint64(5) }));

        Person p;
        p.setName(u"Ann"_qs);
        p.setAge(3);
        p.setScore(1.5);
        p.setBalance(Decimal(10, 2));
        p.setCreated(QDateTime(QDate(2024, 1, 2), QTime(4, 4, 5, 6), Qt::OffsetFromUTC, 3600));
        auto inserted = compiler.insert(p);
        QORM_VERIFY_RESULT(inserted);
        QCOMPARE(inserted.value().sql, insert);
        QCOMPARE(inserted.value().values, insertValues);

        p.setId(7);
        auto updated = compiler.update(p, { u"name"_qs, u"balance"_qs });
        QORM_VERIFY_RESULT(updated);
        QCOMPARE(updated.value().sql, update);
        QCOMPARE(updated.value().values.size(), 3);
        QCOMPARE(updated.value().values.last(), QVariant(qint64(7)));
        auto statements = compiler.createTable(Person::staticMetaObject);
        QORM_VERIFY_RESULT(statements);
        QCOMPARE(statements.value().first(), ddl);
        QCOMPARE(Schema(*d, NamingStrategy::AsIs).createStatements({ &Person::staticMetaObject }).value(), statements.value());

        // A value of the wrong type is refused before any SQL is sent.
        auto bad = compiler.select(qorm::select<Person>().where(col(u"age"_qs) == u"x"_qs));
        QCOMPARE(bad.error().kind(), Error::Kind::TypeMismatch);
        auto unknown = compiler.select(qorm::select<Person>().orderBy(u"nmae"_qs));
        QCOMPARE(unknown.error().kind(), Error::Kind::UnknownColumn);
        QVERIFY2(unknown.error().message().startsWith(u"Person.nmae: no such mapped property"_qs), qPrintable(unknown.error().message()));
        // Hostile identifiers stay inside their quotes.
        QCOMPARE(d->quoteIdentifier(u"a\"b`c"), dialect == u"QMYSQL"_qs ? u"`a\"b``c`"_qs : u"\"a\"\"b`c\""_qs);
    }

    void namingStrategyInSql()
    {
        const auto d = Dialect::forDriver(u"QPSQL"_qs);
        QCOMPARE(StatementCompiler(*d, NamingStrategy::SnakeCase).select(qorm::select<Pet>()).value().sql,
                 u"SELECT \"id\", \"name\", \"owner_id\" FROM \"qorm_pet\""_qs);
        QCOMPARE(StatementCompiler(*d, NamingStrategy::PascalCase).select(qorm::select<Pet>()).value().sql,
                 u"SELECT \"Id\", \"Name\", \"OwnerId\" FROM \"Qorm_pet\""_qs);
    }

    void joinedPathsCompileWithAliases()
    {
        const auto d = Dialect::forDriver(u"QPSQL"_qs);
        const StatementCompiler compiler(*d, NamingStrategy::SnakeCase);
        // Pet.owner is a nullable foreign key: LEFT OUTER JOIN; every column is qualified once a join exists.
        auto st = compiler.select(qorm::select<Pet>().where(col(u"owner.name"_qs) == u"Ann"_qs && col(u"name"_qs) != u"Rex"_qs)
                                          .orderBy(u"owner.age"_qs, Qt::DescendingOrder));
        QORM_VERIFY_RESULT(st);
        QCOMPARE(st.value().sql,
                 u"SELECT \"t0\".\"id\", \"t0\".\"name\", \"t0\".\"owner_id\" FROM \"qorm_pet\" AS \"t0\" "
                 "LEFT OUTER JOIN \"qorm_person\" AS \"t1\" ON \"t1\".\"id\" = \"t0\".\"owner_id\" "
                 "WHERE ((\"t1\".\"name\" = ?) AND (\"t0\".\"name\" <> ?)) ORDER BY \"t1\".\"age\" DESC"_qs);
        QCOMPARE(st.value().values, (QVariantList{ u"Ann"_qs, u"Rex"_qs }));
        auto count = compiler.count(qorm::select<Pet>().where(col(u"owner.age"_qs) > 3));
        QORM_VERIFY_RESULT(count);
        QCOMPARE(count.value().sql, u"SELECT COUNT(*) FROM \"qorm_pet\" AS \"t0\" LEFT OUTER JOIN \"qorm_person\" AS \"t1\" "
                                    "ON \"t1\".\"id\" = \"t0\".\"owner_id\" WHERE (\"t1\".\"age\" > ?)"_qs);
        // A value compared through a path takes the type of the column it reaches.
        auto bad = compiler.select(qorm::select<Pet>().where(col(u"owner.age"_qs) == u"old"_qs));
        QCOMPARE(bad.error().kind(), Error::Kind::TypeMismatch);
        auto unknown = compiler.select(qorm::select<Pet>().where(col(u"owner.nmae"_qs) == 1));
        QCOMPARE(unknown.error().kind(), Error::Kind::UnknownColumn);
        QVERIFY2(unknown.error().message().startsWith(u"Person.nmae"_qs), qPrintable(unknown.error().message()));
    }

    void typedQueriesPerDialect_data()
    {
        QTest::addColumn<QString>("driver");
        QTest::addColumn<int>("naming");
        QTest::addColumn<QString>("match");
        QTest::addColumn<QVariantList>("matchValues");
        QTest::addColumn<QString>("grouped");
        QTest::addColumn<QString>("functions");
        QTest::addColumn<QString>("joined");
        const QString unescaped = u"50%_![*]"_qs;    // SQLite: instr(), the text as it is
        const QString escaped = u"%50!%!_!![*]%"_qs; // LIKE: % _ ! escaped by !
        QTest::newRow("sqlite") << u"QSQLITE"_qs << int(NamingStrategy::PascalCase)
                                << u"SELECT \"GenreId\", \"Name\" FROM \"Genre\" WHERE (instr(\"Name\", ?) > 0) ORDER BY \"Name\" DESC NULLS LAST LIMIT ?"_qs
                                << QVariantList{ unescaped, 3 }
                                << u"SELECT \"t1\".\"Name\", COUNT(*) FROM \"Track\" AS \"t0\" LEFT OUTER JOIN \"Genre\" AS \"t1\" ON \"t1\".\"GenreId\" = \"t0\".\"GenreId\" "
                                   "GROUP BY \"t1\".\"Name\" HAVING (COUNT(*) > ?)"_qs
                                << u"SELECT LENGTH(\"Name\"), ROUND((\"UnitPrice\" * ?), ?), qorm_decimal_sum(\"UnitPrice\") FROM \"Track\""_qs
                                << u"SELECT DISTINCT \"t0\".\"Name\" FROM \"Track\" AS \"t0\" LEFT OUTER JOIN \"InvoiceLine\" AS \"t1\" ON ((\"t1\".\"TrackId\" = \"t0\".\"TrackId\") AND (\"t1\".\"Quantity\" > ?)) "
                                   "INNER JOIN \"Album\" AS \"t2\" ON \"t2\".\"AlbumId\" = \"t0\".\"AlbumId\" INNER JOIN \"Artist\" AS \"t3\" ON \"t3\".\"ArtistId\" = \"t2\".\"ArtistId\" WHERE ((\"t3\".\"Name\" = ?) AND (\"t1\".\"InvoiceLineId\" IS NULL))"_qs;
        QTest::newRow("postgresql") << u"QPSQL"_qs << int(NamingStrategy::SnakeCase)
                                    << u"SELECT \"genre_id\", \"name\" FROM \"genre\" WHERE (\"name\" LIKE ? ESCAPE '!') ORDER BY \"name\" DESC NULLS LAST LIMIT ?"_qs
                                    << QVariantList{ escaped, 3 }
                                    << u"SELECT \"t1\".\"name\", COUNT(*) FROM \"track\" AS \"t0\" LEFT OUTER JOIN \"genre\" AS \"t1\" ON \"t1\".\"genre_id\" = \"t0\".\"genre_id\" "
                                       "GROUP BY \"t1\".\"name\" HAVING (COUNT(*) > ?)"_qs
                                    << u"SELECT LENGTH(\"name\"), ROUND(CAST((\"unit_price\" * ?) AS NUMERIC), ?), SUM(\"unit_price\") FROM \"track\""_qs
                                    << u"SELECT DISTINCT \"t0\".\"name\" FROM \"track\" AS \"t0\" LEFT OUTER JOIN \"invoice_line\" AS \"t1\" ON ((\"t1\".\"track_id\" = \"t0\".\"track_id\") AND (\"t1\".\"quantity\" > ?)) "
                                       "INNER JOIN \"album\" AS \"t2\" ON \"t2\".\"album_id\" = \"t0\".\"album_id\" INNER JOIN \"artist\" AS \"t3\" ON \"t3\".\"artist_id\" = \"t2\".\"artist_id\" WHERE ((\"t3\".\"name\" = ?) AND (\"t1\".\"invoice_line_id\" IS NULL))"_qs;
        QTest::newRow("mariadb") << u"QMYSQL"_qs << int(NamingStrategy::PascalCase)
                                 << u"SELECT `GenreId`, `Name` FROM `Genre` WHERE (`Name` LIKE BINARY ? ESCAPE '!') ORDER BY (`Name` IS NULL) ASC, `Name` DESC LIMIT ?"_qs
                                 << QVariantList{ escaped, 3 }
                                 << u"SELECT `t1`.`Name`, COUNT(*) FROM `Track` AS `t0` LEFT OUTER JOIN `Genre` AS `t1` ON `t1`.`GenreId` = `t0`.`GenreId` "
                                    "GROUP BY `t1`.`Name` HAVING (COUNT(*) > ?)"_qs
                                 << u"SELECT CHAR_LENGTH(`Name`), ROUND((`UnitPrice` * ?), ?), SUM(`UnitPrice`) FROM `Track`"_qs
                                 << u"SELECT DISTINCT `t0`.`Name` FROM `Track` AS `t0` LEFT OUTER JOIN `InvoiceLine` AS `t1` ON ((`t1`.`TrackId` = `t0`.`TrackId`) AND (`t1`.`Quantity` > ?)) "
                                    "INNER JOIN `Album` AS `t2` ON `t2`.`AlbumId` = `t0`.`AlbumId` INNER JOIN `Artist` AS `t3` ON `t3`.`ArtistId` = `t2`.`ArtistId` WHERE ((`t3`.`Name` = ?) AND (`t1`.`InvoiceLineId` IS NULL))"_qs;
    }

    void typedQueriesPerDialect()
    {
        // The typed query API compiled for each dialect without a server: literal matches escaped
        // per dialect, NULLS LAST emulated on MariaDB, joins along a relation path, functions.
        QFETCH(QString, driver);
        QFETCH(int, naming);
        const auto d = Dialect::forDriver(driver);
        const StatementCompiler compiler(*d, NamingStrategy(naming));
        auto match = compiler.select(qorm::select<Genre>().where(Genre::name_.contains(u"50%_![*]"_qs)).orderBy(Genre::name_.desc().nullsLast()).limit(3));
        QORM_VERIFY_RESULT(match);
        QTEST(match.value().sql, "match");
        QTEST(match.value().values, "matchValues");
        // The statement's text never depends on the value.
        auto plain = compiler.select(qorm::select<Genre>().where(Genre::name_.contains(u"x"_qs)).orderBy(Genre::name_.desc().nullsLast()).limit(3));
        QCOMPARE(plain.value().sql, match.value().sql);
        const auto genreName = Track::genre_ / Genre::name_;
        auto grouped = compiler.select(qorm::select<Track>().select(genreName, qorm::count()).groupBy(genreName).having(qorm::count() > 100));
        QORM_VERIFY_RESULT(grouped);
        QTEST(grouped.value().sql, "grouped");
        QCOMPARE(grouped.value().values, QVariantList{ 100 });
        auto functions = compiler.select(qorm::select<Track>().select(qorm::length(Track::name_), qorm::round(Track::unitPrice_ * 2, 2), qorm::sum(Track::unitPrice_)));
        QORM_VERIFY_RESULT(functions);
        QTEST(functions.value().sql, "functions");
        // Explicit joins: an INNER JOIN along a relation path (both hops), and a join on a
        // condition whose values are bound before WHERE's; the aliases are the compiler's own.
        const Alias<InvoiceLine> line(u"line"_qs);
        auto joined = compiler.select(qorm::select<Track>()
                                              .join(Track::album_ / Album::artist_)
                                              .leftJoin(line, line / InvoiceLine::trackId_ == Track::id_ && line / InvoiceLine::quantity_ > 1)
                                              .where(Track::album_ / Album::artist_ / Artist::name_ == u"AC/DC"_qs && line / InvoiceLine::id_ == std::nullopt)
                                              .distinct()
                                              .select(Track::name_));
        QORM_VERIFY_RESULT(joined);
        QTEST(joined.value().sql, "joined");
        QCOMPARE(joined.value().values, (QVariantList{ qint64(1), u"AC/DC"_qs }));
    }

    void upsertPerDialect_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("sql");
        QTest::newRow("sqlite") << u"QSQLITE"_qs
                                << u"INSERT INTO \"qorm_pet\" (\"id\", \"name\", \"ownerId\") VALUES (?, ?, ?) ON CONFLICT (\"id\") "
                                   "DO UPDATE SET \"name\" = excluded.\"name\", \"ownerId\" = excluded.\"ownerId\""_qs;
        QTest::newRow("postgresql") << u"QPSQL"_qs
                                    << u"INSERT INTO \"qorm_pet\" (\"id\", \"name\", \"ownerId\") VALUES (?, ?, ?) ON CONFLICT (\"id\") "
                                       "DO UPDATE SET \"name\" = excluded.\"name\", \"ownerId\" = excluded.\"ownerId\""_qs;
        QTest::newRow("mysql") << u"QMYSQL"_qs
                               << u"INSERT INTO `qorm_pet` (`id`, `name`, `ownerId`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
                                  "`name` = VALUES(`name`), `ownerId` = VALUES(`ownerId`)"_qs;
    }

    void upsertPerDialect()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, sql);
        const auto d = Dialect::forDriver(dialect);
        Pet pet;
        pet.setId(3);
        pet.setName(u"Rex"_qs);
        auto st = StatementCompiler(*d).upsert(pet);
        QORM_VERIFY_RESULT(st);
        QCOMPARE(st.value().sql, sql);
        QCOMPARE(st.value().values, (QVariantList{ qint64(3), u"Rex"_qs, QVariant() }));
    }

    void nonFiniteValuesPerDialect()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double inf = std::numeric_limits<double>::infinity();
        QVERIFY(!SqliteDialect().unsupportedValue(SqlType::Double, nan).isEmpty());
        QVERIFY(SqliteDialect().unsupportedValue(SqlType::Double, inf).isEmpty());
        QVERIFY(!MysqlDialect().unsupportedValue(SqlType::Double, inf).isEmpty());
        QVERIFY(PostgresqlDialect().unsupportedValue(SqlType::Double, nan).isEmpty());
        QVERIFY(!PostgresqlDialect().unsupportedValue(SqlType::Decimal, QVariant::fromValue(Decimal())).isEmpty());
    }

    void errorClassification_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("kind");
        QTest::newRow("pg unique") << u"QPSQL"_qs << u"23505"_qs << u"duplicate key"_qs << int(Error::Kind::UniqueViolation);
        QTest::newRow("pg fk") << u"QPSQL"_qs << u"23503"_qs << u""_qs << int(Error::Kind::ForeignKeyViolation);
        QTest::newRow("pg not null") << u"QPSQL"_qs << u"23502"_qs << u""_qs << int(Error::Kind::NotNullViolation);
        QTest::newRow("pg serialization") << u"QPSQL"_qs << u"40001"_qs << u""_qs << int(Error::Kind::Deadlock);
        QTest::newRow("pg deadlock") << u"QPSQL"_qs << u"40P01"_qs << u""_qs << int(Error::Kind::Deadlock);
        QTest::newRow("pg gone") << u"QPSQL"_qs << u"57P01"_qs << u""_qs << int(Error::Kind::ConnectionLost);
        QTest::newRow("my unique") << u"QMYSQL"_qs << u"1062"_qs << u""_qs << int(Error::Kind::UniqueViolation);
        QTest::newRow("my fk") << u"QMYSQL"_qs << u"1452"_qs << u""_qs << int(Error::Kind::ForeignKeyViolation);
        QTest::newRow("my not null") << u"QMYSQL"_qs << u"1048"_qs << u""_qs << int(Error::Kind::NotNullViolation);
        QTest::newRow("my deadlock") << u"QMYSQL"_qs << u"1213"_qs << u""_qs << int(Error::Kind::Deadlock);
        QTest::newRow("my gone") << u"QMYSQL"_qs << u"2006"_qs << u""_qs << int(Error::Kind::ConnectionLost);
        QTest::newRow("pg check") << u"QPSQL"_qs << u"23514"_qs << u""_qs << int(Error::Kind::CheckViolation);
        QTest::newRow("pg too long") << u"QPSQL"_qs << u"22001"_qs << u""_qs << int(Error::Kind::ValueTooLong);
        QTest::newRow("pg unknown column") << u"QPSQL"_qs << u"42703"_qs << u""_qs << int(Error::Kind::UnknownColumn);
        QTest::newRow("my check") << u"QMYSQL"_qs << u"4025"_qs << u""_qs << int(Error::Kind::CheckViolation);
        QTest::newRow("my too long") << u"QMYSQL"_qs << u"1406"_qs << u""_qs << int(Error::Kind::ValueTooLong);
        QTest::newRow("my unknown column") << u"QMYSQL"_qs << u"1054"_qs << u""_qs << int(Error::Kind::UnknownColumn);
        // SQLite: QSQLITE reports extended result codes; the text does not matter.
        QTest::newRow("sqlite unique") << u"QSQLITE"_qs << u"2067"_qs << u""_qs << int(Error::Kind::UniqueViolation);
        QTest::newRow("sqlite primary key") << u"QSQLITE"_qs << u"1555"_qs << u""_qs << int(Error::Kind::UniqueViolation);
        QTest::newRow("sqlite not null") << u"QSQLITE"_qs << u"1299"_qs << u""_qs << int(Error::Kind::NotNullViolation);
        QTest::newRow("sqlite fk") << u"QSQLITE"_qs << u"787"_qs << u""_qs << int(Error::Kind::ForeignKeyViolation);
        QTest::newRow("sqlite check") << u"QSQLITE"_qs << u"275"_qs << u""_qs << int(Error::Kind::CheckViolation);
        QTest::newRow("sqlite busy") << u"QSQLITE"_qs << u"5"_qs << u""_qs << int(Error::Kind::Deadlock);
        QTest::newRow("sqlite busy snapshot") << u"QSQLITE"_qs << u"517"_qs << u""_qs << int(Error::Kind::Deadlock);
        QTest::newRow("sqlite locked") << u"QSQLITE"_qs << u"6"_qs << u""_qs << int(Error::Kind::Deadlock);
        QTest::newRow("sqlite generic constraint") << u"QSQLITE"_qs << u"19"_qs << u"UNIQUE constraint failed: t.x"_qs << int(Error::Kind::Statement);
        QTest::newRow("sqlite other") << u"QSQLITE"_qs << u"1"_qs << u"no such table: t"_qs << int(Error::Kind::Statement);
    }

    void errorClassification()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, code);
        QFETCH(QString, text);
        QFETCH(int, kind);
        const QSqlError driverError(u"driver"_qs, text, QSqlError::StatementError, code);
        const Error e = Dialect::forDriver(dialect)->classifyError(driverError, u"SELECT 1"_qs);
        QCOMPARE(int(e.kind()), kind);
        QCOMPARE(e.sql(), u"SELECT 1"_qs);
        QCOMPARE(e.nativeCode(), code);
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
