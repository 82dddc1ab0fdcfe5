// SPDX-License-Identifier: MIT
// The typed query API (issue 11) against Chinook on every backend: typed column handles, relation
// paths, literal text matches, IN/BETWEEN, NULLS FIRST/LAST, one()/oneOrNone()/exists()/page(),
// toSql(). Expected values are known Chinook facts or the same question asked in raw SQL.
#include "testbackends.h"

#include <chinook/chinook.h>
#include <qorm/alias.h>
#include <qorm/dialect.h>
#include <qorm/namingstrategy.h>
#include <qorm/projection.h>
#include <qorm/session.h>

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace qorm;
using namespace Qt::StringLiterals;

class tst_Queries : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_db;

    QString sqlitePath() const { return m_dir.filePath(QStringLiteral("chinook.sqlite")); }
    /*! A quoted physical name for logical \a name under the database's naming strategy. */
    QString q(const QString &name) const { return m_db.dialect().quoteIdentifier(applyNamingStrategy(m_db.namingStrategy(), name)); }
    /*! The first column of every row of raw \a sql (values bound in order). */
    QVariantList raw(const QString &sql, const QVariantList &values = {}) const
    {
        QSqlQuery query(m_db.connection().value());
        query.setForwardOnly(true);
        if (!query.prepare(sql))
            qWarning() << sql << query.lastError();
        for (qsizetype i = 0; i < values.size(); ++i)
            query.bindValue(int(i), values[i]);
        if (!query.exec())
            qWarning() << sql << query.lastError();
        QVariantList out;
        while (query.next())
            out.append(query.value(0));
        return out;
    }
    qint64 rawCount(const QString &sql, const QVariantList &values = {}) const { return raw(sql, values).value(0).toLongLong(); }

private Q_SLOTS:
    void initTestCase_data() { qormtest::addChinookRows(sqlitePath()); }

    void init()
    {
        QFETCH_GLOBAL(QString, url);
        QVERIFY(qormtest::freshCopy(QStringLiteral(QORM_CHINOOK_SQLITE), sqlitePath()));
        auto db = Database::open(url);
        QORM_VERIFY_RESULT(db);
        m_db = db.value();
    }

    void cleanup() { m_db = Database(); }

    void knownFactsThroughTypedHandles()
    {
        Session session(m_db);
        auto genres = session.query<Genre>().count();
        QORM_VERIFY_RESULT(genres);
        QCOMPARE(genres.value(), 25);
        auto rock = session.query<Track>().where(Track::genre_ / Genre::name_ == u"Rock"_s).count();
        QORM_VERIFY_RESULT(rock);
        QCOMPARE(rock.value(), 1297);
        auto noComposer = session.query<Track>().where(Track::composer_ == std::nullopt).count();
        QORM_VERIFY_RESULT(noComposer);
        QCOMPARE(noComposer.value(), 977);
        auto withComposer = session.query<Track>().where(Track::composer_ != std::nullopt).count();
        QORM_VERIFY_RESULT(withComposer);
        QCOMPARE(withComposer.value(), 3503 - 977);
        auto acdc = session.query<Album>().where(Album::artist_ / Artist::name_ == u"AC/DC"_s).all();
        QORM_VERIFY_RESULT(acdc);
        QCOMPARE(acdc.value().size(), 2);
        for (const auto &album : acdc.value())
            QCOMPARE(album->artistId(), 1);
    }

    void pathAndLiteralMatch()
    {
        // Tracks longer than 5 minutes whose album's artist starts with "A" (case-sensitive).
        Session session(m_db);
        const auto artistName = Track::album_ / Album::artist_ / Artist::name_;
        auto tracks = session.query<Track>().where(Track::milliseconds_ > 300000 && artistName.startsWith(u"A"_s)).all();
        QORM_VERIFY_RESULT(tracks);
        // Independent answer: every long track's artist name, matched in C++ (case-sensitive).
        const QVariantList artists = raw(u"SELECT ar.%7 FROM %1 t JOIN %2 al ON al.%3 = t.%3 JOIN %4 ar ON ar.%5 = al.%5 WHERE t.%6 > ?"_s.arg(
                                                 q(u"Track"_s), q(u"Album"_s), q(u"albumId"_s), q(u"Artist"_s), q(u"artistId"_s),
                                                 q(u"milliseconds"_s), q(u"name"_s)),
                                         { 300000 });
        QVERIFY(artists.size() > 100);
        auto startingWith = [&](const QString &prefix) {
            return qint64(std::count_if(artists.cbegin(), artists.cend(), [&](const QVariant &v) { return v.toString().startsWith(prefix); }));
        };
        const qint64 expected = startingWith(u"A"_s);
        QVERIFY(expected > 0);
        QCOMPARE(tracks.value().size(), expected);
        for (const auto &t : tracks.value())
            QVERIFY(t->milliseconds() > 300000);
        // Case-insensitive: "a" finds the same artists plus any starting with a lower-case a.
        auto folded = session.query<Track>().where(Track::milliseconds_ > 300000 && artistName.startsWith(u"a"_s, Qt::CaseInsensitive)).count();
        QORM_VERIFY_RESULT(folded);
        QVERIFY(folded.value() >= expected);
        auto caseSensitive = session.query<Track>().where(Track::milliseconds_ > 300000 && artistName.startsWith(u"a"_s)).count();
        QORM_VERIFY_RESULT(caseSensitive);
        QCOMPARE(caseSensitive.value(), startingWith(u"a"_s));
        QCOMPARE(folded.value(), startingWith(u"A"_s) + startingWith(u"a"_s));
    }

    void inBetweenAndNegation()
    {
        Session session(m_db);
        auto in = session.query<Genre>().where(Genre::id_.in({ 1, 2, 3 })).count();
        QORM_VERIFY_RESULT(in);
        QCOMPARE(in.value(), 3);
        auto notIn = session.query<Genre>().where(Genre::id_.notIn({ 1, 2, 3 })).count();
        QORM_VERIFY_RESULT(notIn);
        QCOMPARE(notIn.value(), 22);
        auto between = session.query<Genre>().where(Genre::id_.between(5, 9)).count();
        QORM_VERIFY_RESULT(between);
        QCOMPARE(between.value(), 5);
        auto either = session.query<Genre>().where(Genre::name_ == u"Rock"_s || Genre::name_ == u"Jazz"_s).count();
        QORM_VERIFY_RESULT(either);
        QCOMPARE(either.value(), 2);
        auto neither = session.query<Genre>().where(!(Genre::name_ == u"Rock"_s || Genre::name_ == u"Jazz"_s)).count();
        QORM_VERIFY_RESULT(neither);
        QCOMPARE(neither.value(), 23);
        auto emptyIn = session.query<Genre>().where(Genre::id_.in(QList<int>())).count();
        QORM_VERIFY_RESULT(emptyIn);
        QCOMPARE(emptyIn.value(), 0);
    }

    void oneOneOrNoneExists()
    {
        Session session(m_db);
        auto rock = session.query<Genre>().where(Genre::name_ == u"Rock"_s).one();
        QORM_VERIFY_RESULT(rock);
        QCOMPARE(rock.value()->id(), 1);
        auto none = session.query<Genre>().where(Genre::name_ == u"no such genre"_s).one();
        QVERIFY(!none);
        QCOMPARE(none.error().kind(), Error::Kind::NoResult);
        auto many = session.query<Genre>().where(Genre::name_.startsWith(u"R"_s)).one();
        QVERIFY(!many);
        QCOMPARE(many.error().kind(), Error::Kind::MultipleResults);
        auto orNone = session.query<Genre>().where(Genre::name_ == u"no such genre"_s).oneOrNone();
        QORM_VERIFY_RESULT(orNone);
        QVERIFY(!orNone.value());
        auto manyOrNone = session.query<Genre>().where(Genre::name_.startsWith(u"R"_s)).oneOrNone();
        QVERIFY(!manyOrNone);
        QCOMPARE(manyOrNone.error().kind(), Error::Kind::MultipleResults);
        auto yes = session.query<Genre>().where(Genre::name_ == u"Jazz"_s).exists();
        QORM_VERIFY_RESULT(yes);
        QVERIFY(yes.value());
        auto no = session.query<Genre>().where(Genre::name_ == u"no such genre"_s).exists();
        QORM_VERIFY_RESULT(no);
        QVERIFY(!no.value());
    }

    void pageOfTracksByName()
    {
        Session session(m_db);
        auto page = session.query<Track>().orderBy(Track::name_).orderBy(Track::id_).page(3, 20);
        QORM_VERIFY_RESULT(page);
        QCOMPARE(page.value().total, 3503);
        QCOMPARE(page.value().pageCount(), 176);
        QCOMPARE(page.value().items.size(), 20);
        const QVariantList ids = raw(u"SELECT %1 FROM %2 ORDER BY %3, %1 LIMIT 20 OFFSET 40"_s.arg(q(u"trackId"_s), q(u"Track"_s), q(u"name"_s)));
        QCOMPARE(ids.size(), 20);
        for (int i = 0; i < 20; ++i)
            QCOMPARE(page.value().items[i]->id(), ids[i].toLongLong());
        auto bad = session.query<Track>().page(0, 20);
        QVERIFY(!bad);
        QCOMPARE(bad.error().kind(), Error::Kind::InvalidState);
    }

    void keysetPagination()
    {
        // Every track, 500 at a time, after the last row of the previous page: the same order as
        // raw SQL's ORDER BY name DESC, id (a total order: the first page must agree with the next).
        Session session(m_db);
        const QVariantList ids = raw(u"SELECT %1 FROM %2 ORDER BY %3 DESC, %1"_s.arg(q(u"trackId"_s), q(u"Track"_s), q(u"name"_s)));
        QCOMPARE(ids.size(), 3503);
        const auto ordered = session.query<Track>().orderBy(Track::name_.desc()).orderBy(Track::id_);
        QList<qint64> walked;
        std::shared_ptr<Track> last;
        int pages = 0;
        while (true) {
            auto page = (last ? ordered.after(*last) : ordered).limit(500).all();
            QORM_VERIFY_RESULT(page);
            if (page.value().isEmpty())
                break;
            ++pages;
            for (const auto &t : page.value())
                walked.append(t->id());
            last = page.value().last();
        }
        QCOMPARE(pages, 8);
        QCOMPARE(walked.size(), 3503);
        for (qsizetype i = 0; i < walked.size(); ++i)
            QCOMPARE(walked[i], ids[i].toLongLong());
        // An order through a relation cannot be paged by key: a clear error when the query runs.
        auto bad = session.query<Track>().orderBy(Track::album_ / Album::title_).after(*last).all();
        QVERIFY(!bad);
        QCOMPARE(bad.error().kind(), Error::Kind::InvalidState);
    }

    void nullsFirstAndLast()
    {
        Session session(m_db);
        auto first = session.query<Track>().orderBy(Track::composer_.asc().nullsFirst()).orderBy(Track::id_).limit(1).all();
        QORM_VERIFY_RESULT(first);
        QVERIFY(!first.value().first()->composer().has_value());
        auto last = session.query<Track>().orderBy(Track::composer_.asc().nullsLast()).orderBy(Track::id_).limit(1).all();
        QORM_VERIFY_RESULT(last);
        QVERIFY(last.value().first()->composer().has_value());
        auto descFirst = session.query<Track>().orderBy(Track::composer_.desc().nullsFirst()).limit(1).all();
        QORM_VERIFY_RESULT(descFirst);
        QVERIFY(!descFirst.value().first()->composer().has_value());
        // 2526 tracks have a composer, 977 do not: with NULLS LAST row 2527 is the first NULL.
        auto descLast = session.query<Track>().orderBy(Track::composer_.desc().nullsLast()).orderBy(Track::id_).limit(2527).all();
        QORM_VERIFY_RESULT(descLast);
        QCOMPARE(descLast.value().size(), 2527);
        QVERIFY(descLast.value().at(2525)->composer().has_value());
        QVERIFY(!descLast.value().last()->composer().has_value());
    }

    void hostileTextMatchesLiterally()
    {
        // Genre names with LIKE's and GLOB's wildcards, the escape character, quotes and a
        // backslash: each match finds exactly the rows holding the text literally. (Chinook's
        // MariaDB schema is 3-byte utf8: no emoji here; tst_hostile covers them.)
        Session session(m_db);
        const QStringList names = { u"100%_sure!"_s, u"100 percent"_s, u"a_b"_s, u"axb"_s, u"back\\slash"_s, u"quo'te\"s"_s,
                                    u"st*r?[x]"_s, u"star x"_s, u"Ünïcödé ✓"_s };
        qint64 id = 1000; // Chinook's keys are plain INTEGER on the servers (no identity): explicit keys
        for (const QString &name : names) {
            auto g = std::make_shared<Genre>();
            g->setId(++id);
            g->setName(name);
            QORM_VERIFY_OK(session.add(g));
        }
        QORM_VERIFY_OK(session.flush());
        auto count = [&](const Condition<Genre> &c) {
            auto n = session.query<Genre>().where(c).count();
            return n ? n.value() : -1;
        };
        QCOMPARE(count(Genre::name_.startsWith(u"100%"_s)), 1);
        QCOMPARE(count(Genre::name_.contains(u"_"_s)), 2);
        QCOMPARE(count(Genre::name_.endsWith(u"!"_s)), 1);
        QCOMPARE(count(Genre::name_.contains(u"\\"_s)), 1);
        QCOMPARE(count(Genre::name_.contains(u"'te\""_s)), 1);
        QCOMPARE(count(Genre::name_.startsWith(u"st*r?[x"_s)), 1);
        QCOMPARE(count(Genre::name_.contains(u"*"_s)), 1);
        QCOMPARE(count(Genre::name_.contains(u"SURE"_s)), 0);
        QCOMPARE(count(Genre::name_.contains(u"SURE"_s, Qt::CaseInsensitive)), 1);
        QCOMPARE(count(Genre::name_.endsWith(u"é ✓"_s)), 1);
        QCOMPARE(count(Genre::name_.like(u"a_b"_s)), 2); // the user's own pattern: _ is a wildcard
        QCOMPARE(count(Genre::name_.endsWith(u"_B"_s, Qt::CaseInsensitive)), 1);
        QCOMPARE(count(Genre::name_.startsWith(u"BACK\\"_s, Qt::CaseInsensitive)), 1);
        // 1 MB of text (20 times SQLite's LIKE pattern limit) and a NUL: the same statement, a
        // literal comparison; PostgreSQL refuses NUL in text with a clear error.
        const QString huge = QString(1 << 20, u'%');
        QCOMPARE(count(Genre::name_.contains(huge)), 0);
        QCOMPARE(count(Genre::name_.endsWith(huge, Qt::CaseInsensitive)), 0);
        auto withNul = session.query<Genre>().where(Genre::name_.contains(u"a\0b"_s)).count();
        if (m_db.dialect().name() == u"postgresql"_s) {
            QVERIFY(!withNul);
            QVERIFY2(!withNul.error().message().isEmpty(), "a clear error");
        } else {
            QORM_VERIFY_RESULT(withNul);
            QCOMPARE(withNul.value(), 0);
        }
        // The statement's text never depends on the value.
        auto a = session.query<Genre>().where(Genre::name_.contains(u"%_!'\"*?["_s)).toSql();
        auto b = session.query<Genre>().where(Genre::name_.contains(u"plain"_s)).toSql();
        QORM_VERIFY_RESULT(a);
        QORM_VERIFY_RESULT(b);
        QCOMPARE(a.value().sql, b.value().sql);
        session.rollback();
        auto after = session.query<Genre>().count();
        QORM_VERIFY_RESULT(after);
        QCOMPARE(after.value(), 25);
    }

    void autoflushSeesPendingChanges()
    {
        Session session(m_db);
        QVERIFY(session.autoflush());
        auto g = std::make_shared<Genre>();
        g->setId(2001);
        g->setName(u"Autoflushed"_s);
        QORM_VERIFY_OK(session.add(g));
        auto staged = session.query<Genre>().where(Genre::name_ == u"Autoflushed"_s).autoflush(false).count();
        QORM_VERIFY_RESULT(staged);
        QCOMPARE(staged.value(), 0);
        auto seen = session.query<Genre>().where(Genre::name_ == u"Autoflushed"_s).count();
        QORM_VERIFY_RESULT(seen);
        QCOMPARE(seen.value(), 1);
        auto rock = session.query<Genre>().where(Genre::id_ == 1).one();
        QORM_VERIFY_RESULT(rock);
        rock.value()->setName(u"Rock, edited"_s);
        auto edited = session.query<Genre>().where(Genre::name_ == u"Rock, edited"_s).exists();
        QORM_VERIFY_RESULT(edited);
        QVERIFY(edited.value());
        session.setAutoflush(false);
        rock.value()->setName(u"Rock, again"_s);
        auto notYet = session.query<Genre>().where(Genre::name_ == u"Rock, again"_s).exists();
        QORM_VERIFY_RESULT(notYet);
        QVERIFY(!notYet.value());
        session.setAutoflush(true);
        // A flush that fails fails the query with the flush's error; the transaction is rolled back.
        auto duplicate = std::make_shared<Genre>();
        duplicate->setId(2001);
        duplicate->setName(u"Duplicate key"_s);
        QORM_VERIFY_OK(session.add(duplicate));
        auto failed = session.query<Genre>().count();
        QVERIFY(!failed);
        QCOMPARE(failed.error().kind(), Error::Kind::UniqueViolation);
        session.rollback();
        QCOMPARE(rawCount(u"SELECT COUNT(*) FROM %1"_s.arg(q(u"Genre"_s))), 25);
        QCOMPARE(rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(q(u"Genre"_s), q(u"name"_s)), { u"Rock"_s }), 1);
    }

    void aggregatesAndGroups()
    {
        Session session(m_db);
        // All invoices total 2328.60 exactly (a Decimal sum: exact on every backend).
        auto total = session.query<Invoice>().select(qorm::sum(Invoice::total_)).first();
        QORM_VERIFY_RESULT(total);
        QVERIFY(total.value().has_value());
        const std::optional<Decimal> sum = std::get<0>(*total.value());
        QVERIFY(sum.has_value());
        QCOMPARE(sum->toString(), Decimal::fromString(u"2328.60"_s).toString());

        // The five customers with the largest invoice totals, against the same sums made in C++
        // from the raw rows.
        QMap<qint64, Decimal> byCustomer;
        QSqlQuery rows(m_db.connection().value());
        QVERIFY(rows.exec(u"SELECT %1, %2 FROM %3"_s.arg(q(u"customerId"_s), q(u"total"_s), q(u"Invoice"_s))));
        while (rows.next()) {
            const qint64 id = rows.value(0).toLongLong();
            const Decimal amount = Decimal::fromString(rows.value(1).toString());
            byCustomer[id] = byCustomer.contains(id) ? byCustomer[id] + amount : amount;
        }
        QList<std::pair<Decimal, qint64>> ranked;
        for (auto it = byCustomer.cbegin(); it != byCustomer.cend(); ++it)
            ranked.append({ it.value(), it.key() });
        std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
        auto top = session.query<Invoice>()
                           .select(Invoice::customerId_, qorm::sum(Invoice::total_))
                           .groupBy(Invoice::customerId_)
                           .orderBy(qorm::sum(Invoice::total_).desc())
                           .orderBy(Invoice::customerId_.asc())
                           .limit(5)
                           .all();
        QORM_VERIFY_RESULT(top);
        QCOMPARE(top.value().size(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(std::get<0>(top.value()[i]), ranked[i].second);
            QCOMPARE(std::get<1>(top.value()[i])->toString(), ranked[i].first.toString());
        }
        QCOMPARE(std::get<0>(top.value().first()), 6); // Helena Holý
        QCOMPARE(std::get<1>(top.value().first())->toString(), u"49.62"_s);
        // Sums of different lengths order as numbers (SQLite's exact sum is text: 90.24 < 523.06).
        auto countries = session.query<Invoice>()
                                 .select(Invoice::billingCountry_, qorm::sum(Invoice::total_))
                                 .groupBy(Invoice::billingCountry_)
                                 .orderBy(qorm::sum(Invoice::total_).desc())
                                 .all();
        QORM_VERIFY_RESULT(countries);
        QCOMPARE(countries.value().size(), 24);
        QCOMPARE(std::get<0>(countries.value().first()).value_or(QString()), u"USA"_s);
        QCOMPARE(std::get<1>(countries.value().first())->toString(), u"523.06"_s);
        QCOMPARE(std::get<1>(countries.value().last())->toString(), u"37.62"_s); // the smallest (several countries tie)
        // HAVING on an exact sum compares numbers (on SQLite too, where the sum is text).
        auto bigCountries = session.query<Invoice>()
                           .select(Invoice::billingCountry_, qorm::sum(Invoice::total_))
                           .groupBy(Invoice::billingCountry_)
                           .having(qorm::sum(Invoice::total_) > 100)
                           .all();
        QORM_VERIFY_RESULT(bigCountries);
        QCOMPARE(bigCountries.value().size(), 6); // USA, Canada, France, Brazil, Germany, United Kingdom
        auto small = session.query<Invoice>()
                             .select(Invoice::billingCountry_, qorm::sum(Invoice::total_))
                             .groupBy(Invoice::billingCountry_)
                             .having(qorm::sum(Invoice::total_) <= Decimal(3762, 2))
                             .all();
        QORM_VERIFY_RESULT(small);
        QCOMPARE(small.value().size(), 7); // the countries with 37.62 (raw SQL: 7)

        // Tracks per genre, against GROUP BY in raw SQL.
        const auto genreName = Track::genre_ / Genre::name_;
        auto perGenre = session.query<Track>().select(genreName, qorm::count()).groupBy(genreName).orderBy(genreName.asc()).all();
        QORM_VERIFY_RESULT(perGenre);
        QCOMPARE(perGenre.value().size(), 25);
        QSqlQuery grouped(m_db.connection().value());
        QVERIFY(grouped.exec(u"SELECT g.%1, COUNT(*) FROM %2 t JOIN %3 g ON g.%4 = t.%4 GROUP BY g.%1"_s.arg(
                q(u"name"_s), q(u"Track"_s), q(u"Genre"_s), q(u"genreId"_s))));
        QHash<QString, qint64> expected;
        while (grouped.next())
            expected.insert(grouped.value(0).toString(), grouped.value(1).toLongLong());
        QCOMPARE(qsizetype(expected.size()), 25);
        for (const auto &[name, n] : perGenre.value())
            QCOMPARE(n, expected.value(name.value_or(QString()), -1));
        QCOMPARE(expected.value(u"Rock"_s), 1297);

        // HAVING: genres with more than 100 tracks.
        auto big = session.query<Track>().select(Track::genreId_, qorm::count()).groupBy(Track::genreId_).having(qorm::count() > 100).all();
        QORM_VERIFY_RESULT(big);
        qint64 expectedBig = 0;
        for (qint64 n : std::as_const(expected))
            expectedBig += n > 100 ? 1 : 0;
        QCOMPARE(big.value().size(), expectedBig);

        // COUNT DISTINCT, MIN, MAX, AVG against raw SQL.
        auto stats = session.query<Track>()
                             .select(qorm::countDistinct(Track::albumId_), qorm::min(Track::milliseconds_), qorm::max(Track::milliseconds_),
                                     qorm::avg(Track::milliseconds_))
                             .first();
        QORM_VERIFY_RESULT(stats);
        const auto [albums, shortest, longest, average] = *stats.value();
        QCOMPARE(albums, rawCount(u"SELECT COUNT(DISTINCT %1) FROM %2"_s.arg(q(u"albumId"_s), q(u"Track"_s))));
        QCOMPARE(*shortest, rawCount(u"SELECT MIN(%1) FROM %2"_s.arg(q(u"milliseconds"_s), q(u"Track"_s))));
        QCOMPARE(*longest, rawCount(u"SELECT MAX(%1) FROM %2"_s.arg(q(u"milliseconds"_s), q(u"Track"_s))));
        QVERIFY(qAbs(*average - raw(u"SELECT AVG(%1) FROM %2"_s.arg(q(u"milliseconds"_s), q(u"Track"_s))).value(0).toDouble()) < 1e-6);

        // maps() for dynamic code.
        auto maps = session.query<Genre>().select(Genre::id_, Genre::name_).where(Genre::id_ == 1).maps({ u"id"_s, u"name"_s });
        QORM_VERIFY_RESULT(maps);
        QCOMPARE(maps.value().size(), 1);
        QCOMPARE(maps.value().first().value(u"name"_s).toString(), u"Rock"_s);
        QCOMPARE(maps.value().first().value(u"id"_s).toLongLong(), 1);
    }

    void functionsAndArithmetic()
    {
        Session session(m_db);
        auto count = [&](const Condition<Track> &c) {
            auto n = session.query<Track>().where(c).count();
            return n ? n.value() : -1;
        };
        QCOMPARE(count(qorm::coalesce(Track::composer_, u"(none)"_s) == u"(none)"_s), 977);
        QCOMPARE(count(Track::milliseconds_ / 1000 > 600),
                 rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 > ?"_s.arg(q(u"Track"_s), q(u"milliseconds"_s)), { 600999 }));
        QCOMPARE(count(qorm::round(Track::unitPrice_ * 2, 2) == 1.98),
                 rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 < ?"_s.arg(q(u"Track"_s), q(u"unitPrice"_s)), { 1.0 }));
        QCOMPARE(count(qorm::abs(Track::milliseconds_ - 300000) < 1000),
                 rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 > ? AND %2 < ?"_s.arg(q(u"Track"_s), q(u"milliseconds"_s)), { 299000, 301000 }));
        auto artists = session.query<Artist>();
        auto acdc = artists.where(qorm::lower(Artist::name_) == u"ac/dc"_s).one();
        QORM_VERIFY_RESULT(acdc);
        QCOMPARE(acdc.value()->id(), 1);
        auto upper = artists.where(qorm::upper(Artist::name_) == u"AC/DC"_s).count();
        QORM_VERIFY_RESULT(upper);
        QCOMPARE(upper.value(), 1);
        // Characters, not bytes (MariaDB's LENGTH counts bytes): every artist name against QString::size().
        QSqlQuery names(m_db.connection().value());
        QVERIFY(names.exec(u"SELECT %1 FROM %2"_s.arg(q(u"name"_s), q(u"Artist"_s))));
        qint64 longNames = 0;
        while (names.next())
            longNames += names.value(0).toString().size() > 20 ? 1 : 0;
        auto long20 = artists.where(qorm::length(Artist::name_) > 20).count();
        QORM_VERIFY_RESULT(long20);
        QCOMPARE(long20.value(), longNames);
    }

    void streamReadsRowByRow()
    {
        Session session(m_db);
        const QVariantList ids = raw(u"SELECT %1 FROM %2 ORDER BY %1"_s.arg(q(u"trackId"_s), q(u"Track"_s)));
        QCOMPARE(ids.size(), 3503);
        auto query = session.query<Track>().orderBy(Track::id_);
        auto stream = query.stream();
        qsizetype n = 0;
        std::weak_ptr<Track> first;
        bool inOrder = true;
        for (const auto &track : stream) {
            if (n == 0) {
                first = track;
                // Another query, even with the same SQL, while the stream's cursor is open.
                auto again = query.limit(3).all();
                QORM_VERIFY_RESULT(again);
                QCOMPARE(again.value().size(), 3);
            }
            inOrder = inOrder && track->id() == ids[n].toLongLong();
            ++n;
        }
        QORM_VERIFY_OK(stream.error());
        QCOMPARE(n, 3503);
        QVERIFY(inOrder);
        QVERIFY(first.expired()); // the loop kept no entity: the session did not either

        // A filtered stream, and a stream whose session is gone.
        qsizetype rock = 0;
        auto rockStream = session.query<Track>().where(Track::genre_ / Genre::name_ == u"Rock"_s).stream();
        for (const auto &track : rockStream)
            rock += track->genreId() == 1 ? 1 : 0;
        QORM_VERIFY_OK(rockStream.error());
        QCOMPARE(rock, 1297);
        auto orphan = std::make_unique<Session>(m_db);
        auto orphanQuery = orphan->query<Genre>();
        orphan.reset();
        auto dead = orphanQuery.stream();
        for (const auto &g : dead)
            QFAIL(qPrintable(g->name().value_or(QString())));
        QCOMPARE(dead.error().kind(), Error::Kind::InvalidState);
    }

    void subqueries()
    {
        Session session(m_db);
        const qint64 sold = rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 IN (SELECT %2 FROM %3)"_s.arg(q(u"Track"_s), q(u"trackId"_s), q(u"InvoiceLine"_s)));
        QCOMPARE(sold, 1984);
        // IN (SELECT ...)
        auto inSub = session.query<Track>().where(Track::id_.in(session.query<InvoiceLine>().select(InvoiceLine::trackId_))).count();
        QORM_VERIFY_RESULT(inSub);
        QCOMPARE(inSub.value(), sold);
        // Correlated EXISTS, and NOT EXISTS.
        const auto soldLines = session.query<InvoiceLine>().where(InvoiceLine::trackId_ == qorm::outer(Track::id_));
        auto exists = session.query<Track>().where(qorm::exists(soldLines)).count();
        QORM_VERIFY_RESULT(exists);
        QCOMPARE(exists.value(), sold);
        auto notExists = session.query<Track>().where(!qorm::exists(soldLines) && Track::milliseconds_ > 0).count();
        QORM_VERIFY_RESULT(notExists);
        QCOMPARE(notExists.value(), 3503 - sold);
        // A scalar subquery: tracks longer than the average.
        auto longer = session.query<Track>().where(Track::milliseconds_ > qorm::scalar(session.query<Track>().select(qorm::avg(Track::milliseconds_)))).count();
        QORM_VERIFY_RESULT(longer);
        QCOMPARE(longer.value(), rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 > (SELECT AVG(%2) FROM %1)"_s.arg(q(u"Track"_s), q(u"milliseconds"_s))));
        // A subquery that joins: albums with a Jazz track.
        auto jazzAlbums = session.query<Album>()
                                  .where(Album::id_.in(session.query<Track>().select(Track::albumId_).where(Track::genre_ / Genre::name_ == u"Jazz"_s)))
                                  .count();
        QORM_VERIFY_RESULT(jazzAlbums);
        QCOMPARE(jazzAlbums.value(),
                 rawCount(u"SELECT COUNT(DISTINCT t.%1) FROM %2 t JOIN %3 g ON g.%4 = t.%4 WHERE g.%5 = ?"_s.arg(q(u"albumId"_s), q(u"Track"_s), q(u"Genre"_s),
                                                                                                      q(u"genreId"_s), q(u"name"_s)),
                          { u"Jazz"_s }));
    }

    void unions()
    {
        Session session(m_db);
        const auto genres = session.query<Genre>().select(Genre::name_);
        const auto mediaTypes = session.query<MediaType>().select(MediaType::name_);
        auto all = genres.unionAll(mediaTypes).all();
        QORM_VERIFY_RESULT(all);
        QCOMPARE(all.value().size(), 25 + 5);
        auto distinct = genres.unionWith(genres).all(); // duplicates removed
        QORM_VERIFY_RESULT(distinct);
        QCOMPARE(distinct.value().size(), 25);
        // Ordered and limited as a whole, against the same question in raw SQL.
        auto firstThree = genres.unionWith(mediaTypes).orderBy(Genre::name_.desc()).limit(3).all();
        QORM_VERIFY_RESULT(firstThree);
        const QVariantList expected = raw(u"SELECT %1 FROM %2 UNION SELECT %1 FROM %3 ORDER BY 1 DESC LIMIT 3"_s.arg(q(u"name"_s), q(u"Genre"_s), q(u"MediaType"_s)));
        QCOMPARE(firstThree.value().size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(std::get<0>(firstThree.value()[i]), std::optional<QString>(expected[i].toString()));
        // Aggregates in a union, ordered by one of them.
        auto counts = session.query<Track>().select(Track::mediaTypeId_, qorm::count()).groupBy(Track::mediaTypeId_)
                              .unionAll(session.query<Album>().select(Album::artistId_, qorm::count()).groupBy(Album::artistId_))
                              .orderBy(qorm::count().desc())
                              .limit(1)
                              .all();
        QORM_VERIFY_RESULT(counts);
        QCOMPARE(std::get<1>(counts.value().first()), // the largest media type outnumbers any artist's albums
                 rawCount(u"SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM %1 GROUP BY %2) AS x"_s.arg(q(u"Track"_s), q(u"mediaTypeId"_s))));
        // A member with its own LIMIT is refused before any SQL.
        auto bad = genres.unionAll(mediaTypes.limit(2)).all();
        QVERIFY(!bad);
        QCOMPARE(bad.error().kind(), Error::Kind::InvalidState);
    }

    void rawSql()
    {
        Session session(m_db);
        // Entities through the identity map, positional values.
        auto rock = session.query<Genre>().where(Genre::id_ == 1).one();
        QORM_VERIFY_RESULT(rock);
        auto genres = session.rawEntities<Genre>(u"SELECT * FROM %1 WHERE %2 IN (?, ?) ORDER BY %2"_s.arg(q(u"Genre"_s), q(u"genreId"_s)), { 1, 2 });
        QORM_VERIFY_RESULT(genres);
        QCOMPARE(genres.value().size(), 2);
        QCOMPARE(genres.value().first().get(), rock.value().get());
        QCOMPARE(genres.value().last()->name(), std::optional<QString>(u"Jazz"_s));
        // Named values, columns in another order, extra columns.
        auto acdc = session.rawEntities<Artist>(u"SELECT 42 AS extra, %1, %2 FROM %3 WHERE %1 = :name"_s.arg(q(u"name"_s), q(u"artistId"_s), q(u"Artist"_s)),
                                                QVariantMap{ { u"name"_s, u"AC/DC"_s } });
        QORM_VERIFY_RESULT(acdc);
        QCOMPARE(acdc.value().size(), 1);
        QCOMPARE(acdc.value().first()->id(), 1);
        // Tuples: tracks per genre, the same answer as the typed GROUP BY.
        auto perGenre = session.rawTuples<std::optional<QString>, qint64>(
                u"SELECT g.%1, COUNT(*) FROM %2 t JOIN %3 g ON g.%4 = t.%4 GROUP BY g.%1 HAVING COUNT(*) > :min ORDER BY COUNT(*) DESC"_s.arg(
                        q(u"name"_s), q(u"Track"_s), q(u"Genre"_s), q(u"genreId"_s)),
                QVariantMap{ { u"min"_s, 1000 } });
        QORM_VERIFY_RESULT(perGenre);
        QCOMPARE(perGenre.value().size(), 1);
        QCOMPARE(std::get<0>(perGenre.value().first()), std::optional<QString>(u"Rock"_s));
        QCOMPARE(std::get<1>(perGenre.value().first()), 1297);
        // Values convert as column values do: a QDateTime compares with the stored dates.
        const QDateTime cut(QDate(2022, 1, 1), QTime(0, 0), Qt::UTC);
        auto before = session.query<Invoice>().where(Invoice::invoiceDate_ < cut).count();
        QORM_VERIFY_RESULT(before);
        QVERIFY(before.value() > 0 && before.value() < 412);
        auto rawBefore = session.rawTuples<qint64>(u"SELECT COUNT(*) FROM %1 WHERE %2 < :cut"_s.arg(q(u"Invoice"_s), q(u"invoiceDate"_s)),
                                                   QVariantMap{ { u"cut"_s, cut } });
        QORM_VERIFY_RESULT(rawBefore);
        QCOMPARE(std::get<0>(rawBefore.value().first()), before.value());
        // Placeholders inside quotes are text; a hostile value is bound, not pasted. (Not inside
        // comments: QtSql's drivers count a :name or ? there as a placeholder.)
        const QString countSql = u"SELECT COUNT(*) AS n, ':y ?' AS b FROM %1 WHERE %2 = :x"_s.arg(q(u"Genre"_s), q(u"name"_s));
        auto hostile = session.rawRows(countSql, QVariantMap{ { u"x"_s, u"it's \\ :y ? --"_s } });
        QORM_VERIFY_RESULT(hostile);
        QCOMPARE(hostile.value().size(), 1);
        QCOMPARE(hostile.value().first().value(u"n"_s).toLongLong(), 0);
        QCOMPARE(hostile.value().first().value(u"b"_s).toString(), u":y ?"_s);
        auto plain = session.rawRows(countSql, QVariantMap{ { u"x"_s, u"Rock"_s } });
        QORM_VERIFY_RESULT(plain);
        QCOMPARE(plain.value().first().value(u"n"_s).toLongLong(), 1);
        // Clear errors before any SQL.
        int statements = 0;
        connect(&session, &Session::statementExecuted, this, [&] { ++statements; });
        auto missing = session.rawRows(u"SELECT :a AS a"_s, QVariantMap{});
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind(), Error::Kind::InvalidState);
        auto unused = session.rawRows(u"SELECT 1 AS a"_s, QVariantMap{ { u"b"_s, 1 } });
        QVERIFY(!unused);
        auto count = session.rawRows(u"SELECT ? AS a"_s, { 1, 2 });
        QVERIFY(!count);
        QCOMPARE(count.error().kind(), Error::Kind::InvalidState);
        QCOMPARE(statements, 0);
        auto incomplete = session.rawEntities<Genre>(u"SELECT %1 FROM %2"_s.arg(q(u"genreId"_s), q(u"Genre"_s)));
        QVERIFY(!incomplete);
        QCOMPARE(incomplete.error().kind(), Error::Kind::UnknownColumn);
        QCOMPARE(incomplete.error().propertyName(), u"name"_s);
    }

    void bulkUpdateAndDelete()
    {
        Session session(m_db);
        const QString rockPrice = u"SELECT COUNT(*) FROM %1 t JOIN %2 g ON g.%3 = t.%3 WHERE g.%4 = ? AND t.%5 = ?"_s.arg(
                q(u"Track"_s), q(u"Genre"_s), q(u"genreId"_s), q(u"name"_s), q(u"unitPrice"_s));
        const qint64 rockBefore = rawCount(rockPrice, { u"Rock"_s, 0.99 });
        QVERIFY(rockBefore > 1000);
        auto first = session.get<Track>(1); // a Rock track, loaded before the bulk statement
        QORM_VERIFY_RESULT(first);
        QCOMPARE(first.value()->unitPrice().toString(), Decimal::fromString(u"0.99"_s).toString());
        auto jazz = session.get<Track>(63); // a track of another genre (Jazz), loaded too
        QORM_VERIFY_RESULT(jazz);
        QVERIFY(jazz.value()->genreId() != std::optional<qint64>(1));
        const QString jazzPrice = jazz.value()->unitPrice().toString();

        // UPDATE through a relation path: WHERE key IN (SELECT ... JOIN ...).
        auto changed = session.query<Track>().where(Track::genre_ / Genre::name_ == u"Rock"_s).update(Track::unitPrice_.set(Decimal::fromString(u"1.29"_s)));
        QORM_VERIFY_RESULT(changed);
        QCOMPARE(changed.value(), 1297);
        QCOMPARE(rawCount(rockPrice, { u"Rock"_s, 1.29 }), 1297);
        QCOMPARE(first.value()->unitPrice().toString(), Decimal::fromString(u"1.29"_s).toString()); // synchronized
        QCOMPARE(jazz.value()->unitPrice().toString(), jazzPrice);                                // untouched
        QVERIFY(!session.hasPendingChanges());
        // An expression over the row's own columns.
        const qint64 before = first.value()->milliseconds();
        auto longer = session.query<Track>().where(Track::id_ <= 10).update(Track::milliseconds_.set(Track::milliseconds_ + 1000));
        QORM_VERIFY_RESULT(longer);
        QCOMPARE(longer.value(), 10);
        QCOMPARE(first.value()->milliseconds(), before + 1000);
        // A rollback puts the loaded values back, and the rows.
        session.rollback();
        QCOMPARE(first.value()->unitPrice().toString(), Decimal::fromString(u"0.99"_s).toString());
        QCOMPARE(first.value()->milliseconds(), before);
        QCOMPARE(rawCount(rockPrice, { u"Rock"_s, 0.99 }), rockBefore);

        // DELETE through a relation path; a loaded line becomes Deleted and leaves the session.
        const QString linesOf = u"SELECT COUNT(*) FROM %1 l JOIN %2 i ON i.%3 = l.%3 WHERE i.%4 = ?"_s.arg(
                q(u"InvoiceLine"_s), q(u"Invoice"_s), q(u"invoiceId"_s), q(u"customerId"_s));
        const qint64 lines = rawCount(linesOf, { 2 });
        QVERIFY(lines > 0);
        auto line = session.query<InvoiceLine>().where(InvoiceLine::invoice_ / Invoice::customerId_ == 2).first();
        QORM_VERIFY_RESULT(line);
        QVERIFY(line.value());
        auto removed = session.query<InvoiceLine>().where(InvoiceLine::invoice_ / Invoice::customerId_ == 2).remove();
        QORM_VERIFY_RESULT(removed);
        QCOMPARE(removed.value(), lines);
        QCOMPARE(rawCount(linesOf, { 2 }), 0);
        QCOMPARE(line.value()->entityState(), Entity::State::Deleted);
        auto again = session.get<InvoiceLine>(line.value()->id());
        QVERIFY(!again);
        QCOMPARE(again.error().kind(), Error::Kind::NotFound);
        session.rollback();
        QCOMPARE(rawCount(linesOf, { 2 }), lines);
        QCOMPARE(line.value()->entityState(), Entity::State::Persistent);
        auto back = session.get<InvoiceLine>(line.value()->id());
        QORM_VERIFY_RESULT(back);
        QCOMPARE(back.value().get(), line.value().get());

        // Errors before any SQL: an assignment through a relation; a wrong value type is a compile error.
        auto viaRelation = session.query<Track>().updateAll({ { u"album.title"_s, Expr::value(u"x"_s) } });
        QVERIFY(!viaRelation);
        QCOMPARE(viaRelation.error().kind(), Error::Kind::InvalidState);
    }

    void joinKindsAlongRelations()
    {
        // Employee.reportsTo is nullable: a path through it is a LEFT OUTER JOIN unless join() asks INNER.
        Session session(m_db);
        const qint64 employees = rawCount(u"SELECT COUNT(*) FROM %1"_s.arg(q(u"Employee"_s)));
        const qint64 managed = rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 IS NOT NULL"_s.arg(q(u"Employee"_s), q(u"reportsTo"_s)));
        QCOMPARE(employees, 8);
        QCOMPARE(managed, 7); // Andrew Adams, the general manager, reports to no one
        auto inner = session.query<Employee>().join(Employee::manager_);
        auto innerCount = inner.count();
        QORM_VERIFY_RESULT(innerCount);
        QCOMPARE(innerCount.value(), managed);
        QVERIFY(inner.toSql().value().sql.contains(u" INNER JOIN "_s));
        auto outer = session.query<Employee>().leftJoin(Employee::manager_);
        QCOMPARE(outer.count().value(), employees);
        QVERIFY(outer.toSql().value().sql.contains(u" LEFT OUTER JOIN "_s));

        // Each employee with the manager's name, NULL for the top: the same rows as a raw self-join.
        const QVariantList expected = raw(u"SELECT m.%1 FROM %2 e LEFT JOIN %2 m ON m.%3 = e.%4 ORDER BY e.%3"_s.arg(
                q(u"lastName"_s), q(u"Employee"_s), q(u"employeeId"_s), q(u"reportsTo"_s)));
        QCOMPARE(expected.size(), 8);
        auto bosses = session.query<Employee>()
                              .leftJoin(Employee::manager_)
                              .orderBy(Employee::id_)
                              .select(Employee::lastName_, qorm::nullable(Employee::manager_ / Employee::lastName_))
                              .all();
        QORM_VERIFY_RESULT(bosses);
        QCOMPARE(bosses.value().size(), 8);
        for (qsizetype i = 0; i < 8; ++i) {
            const auto &boss = std::get<1>(bosses.value()[i]);
            QCOMPARE(boss.has_value(), !expected[i].isNull());
            if (boss)
                QCOMPARE(*boss, expected[i].toString());
        }
        QCOMPARE(std::get<0>(bosses.value().first()), u"Adams"_s);
        // Without qorm::nullable() the NULL of the top employee cannot be read as a QString.
        auto strict = session.query<Employee>().select(Employee::manager_ / Employee::lastName_).all();
        QVERIFY(!strict);
        QCOMPARE(strict.error().kind(), Error::Kind::TypeMismatch);
        // An INNER JOIN keeps the managed employees only.
        auto managedNames = session.query<Employee>().join(Employee::manager_).select(Employee::manager_ / Employee::lastName_).all();
        QORM_VERIFY_RESULT(managedNames);
        QCOMPARE(managedNames.value().size(), managed);

        // Album.artistId is NOT NULL, but after the outer join to the album (Track.albumId is
        // nullable) the artist is outer-joined too, so that no track is lost.
        const auto sql = session.query<Track>().where(Track::album_ / Album::artist_ / Artist::name_ == u"AC/DC"_s).toSql();
        QORM_VERIFY_RESULT(sql);
        QCOMPARE(sql.value().sql.count(u" LEFT OUTER JOIN "_s), 2);
        // join() of the path makes both hops INNER; the answer is the same (18 AC/DC tracks).
        auto acdc = session.query<Track>().join(Track::album_ / Album::artist_).where(Track::album_ / Album::artist_ / Artist::name_ == u"AC/DC"_s);
        QCOMPARE(acdc.toSql().value().sql.count(u" INNER JOIN "_s), 2);
        QCOMPARE(acdc.count().value(), 18);
        // An INNER JOIN of a nullable relation drops the rows without a related row.
        auto orphan = std::make_shared<Track>();
        orphan->setId(100000); // Chinook's server schemas give TrackId no default
        orphan->setName(u"No album"_s);
        orphan->setMediaTypeId(1);
        orphan->setMilliseconds(1000);
        orphan->setUnitPrice(Decimal::fromString(u"0.99"_s));
        QVERIFY(!session.add(orphan).isValid());
        QCOMPARE(session.query<Track>().count().value(), 3504); // autoflush
        QCOMPARE(session.query<Track>().join(Track::album_).count().value(), 3503);
        QCOMPARE(session.query<Track>().leftJoin(Track::album_).count().value(), 3504);
        session.rollback();
    }

    void explicitJoins()
    {
        Session session(m_db);
        const qint64 lines = rawCount(u"SELECT COUNT(*) FROM %1"_s.arg(q(u"InvoiceLine"_s)));
        const qint64 sold = rawCount(u"SELECT COUNT(DISTINCT %1) FROM %2"_s.arg(q(u"trackId"_s), q(u"InvoiceLine"_s)));
        QCOMPARE(lines, 2240);
        QCOMPARE(sold, 1984);

        // Track joined with its invoice lines (the "many" side: no declared relation says it).
        const Alias<InvoiceLine> line;
        const auto withLines = session.query<Track>().join(line, line / InvoiceLine::trackId_ == Track::id_);
        QCOMPARE(withLines.count().value(), lines);           // one row per line
        QCOMPARE(withLines.distinct().count().value(), sold); // distinct tracks
        auto soldTracks = withLines.distinct().all();
        QORM_VERIFY_RESULT(soldTracks);
        QCOMPARE(soldTracks.value().size(), sold);
        QSet<qint64> ids;
        for (const auto &t : soldTracks.value())
            ids.insert(t->id());
        QCOMPARE(ids.size(), sold);
        auto page = withLines.distinct().orderBy(Track::id_).page(2, 50);
        QORM_VERIFY_RESULT(page);
        QCOMPARE(page.value().total, sold);
        QCOMPARE(page.value().items.size(), 50);

        // An anti-join: tracks never sold.
        auto unsold = session.query<Track>().leftJoin(line, line / InvoiceLine::trackId_ == Track::id_).where(line / InvoiceLine::id_ == std::nullopt);
        const qint64 neverSold = rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 NOT IN (SELECT %2 FROM %3)"_s.arg(q(u"Track"_s), q(u"trackId"_s), q(u"InvoiceLine"_s)));
        QCOMPARE(neverSold, 3503 - 1984);
        QCOMPARE(unsold.count().value(), neverSold);

        // Values in the ON condition are bound before those of WHERE (the SQL's order).
        const QString rawPriced = u"SELECT COUNT(DISTINCT t.%1) FROM %2 t JOIN %3 l ON l.%1 = t.%1 AND l.%4 > ? WHERE t.%5 > ?"_s.arg(
                q(u"trackId"_s), q(u"Track"_s), q(u"InvoiceLine"_s), q(u"unitPrice"_s), q(u"milliseconds"_s));
        const qint64 pricedLong = rawCount(rawPriced, { 0.99, 1000000 });
        QVERIFY(pricedLong > 0);
        auto priced = session.query<Track>()
                              .join(line, line / InvoiceLine::trackId_ == Track::id_ && line / InvoiceLine::unitPrice_ > Decimal::fromString(u"0.99"_s))
                              .where(Track::milliseconds_ > 1000000)
                              .distinct();
        QCOMPARE(priced.count().value(), pricedLong);

        // A path from the joined rows: tracks sold to Canada.
        const qint64 canada = rawCount(u"SELECT COUNT(DISTINCT l.%1) FROM %2 l JOIN %3 i ON i.%4 = l.%4 WHERE i.%5 = ?"_s.arg(
                                               q(u"trackId"_s), q(u"InvoiceLine"_s), q(u"Invoice"_s), q(u"invoiceId"_s), q(u"billingCountry"_s)),
                                       { u"Canada"_s });
        QVERIFY(canada > 0);
        QCOMPARE(withLines.where(line / InvoiceLine::invoice_ / Invoice::billingCountry_ == u"Canada"_s).distinct().count().value(), canada);
        // The same through a second explicit join, declared before the join it depends on.
        const Alias<Invoice> invoice;
        auto twoJoins = session.query<Track>()
                                .join(invoice, invoice / Invoice::id_ == line / InvoiceLine::invoiceId_)
                                .join(line, line / InvoiceLine::trackId_ == Track::id_)
                                .where(invoice / Invoice::billingCountry_ == u"Canada"_s)
                                .distinct();
        QCOMPARE(twoJoins.count().value(), canada);

        // Customers per support representative (Chinook: Peacock 21, Park 20, Johnson 18).
        const Alias<Customer> customer;
        auto perRep = session.query<Employee>()
                              .join(customer, customer / Customer::supportRepId_ == Employee::id_)
                              .select(Employee::lastName_, qorm::count())
                              .groupBy(Employee::lastName_)
                              .orderBy(Employee::lastName_.asc())
                              .all();
        QORM_VERIFY_RESULT(perRep);
        using Row = std::tuple<QString, qint64>;
        QCOMPARE(perRep.value(), (QList<Row>{ Row{ u"Johnson"_s, 18 }, Row{ u"Park"_s, 20 }, Row{ u"Peacock"_s, 21 } }));

        // A self-join through an alias gives what the relation path gives.
        const Alias<Employee> boss;
        auto selfJoined = session.query<Employee>()
                                  .leftJoin(boss, boss / Employee::id_ == Employee::reportsTo_)
                                  .orderBy(Employee::id_)
                                  .select(Employee::lastName_, boss / Employee::lastName_)
                                  .all();
        auto viaPath = session.query<Employee>().orderBy(Employee::id_).select(Employee::lastName_, qorm::nullable(Employee::manager_ / Employee::lastName_)).all();
        QORM_VERIFY_RESULT(selfJoined);
        QORM_VERIFY_RESULT(viaPath);
        QCOMPARE(selfJoined.value(), viaPath.value());
        QCOMPARE(std::get<1>(selfJoined.value()[1]), std::optional<QString>(u"Adams"_s)); // Nancy Edwards reports to Andrew Adams

        // Untyped: the joined columns are "@name.property".
        auto untyped = session.query<Track>()
                               .QueryBase::join(u"sale"_s, &InvoiceLine::staticMetaObject, col(u"@sale.trackId"_s) == col(u"id"_s))
                               .count();
        QORM_VERIFY_RESULT(untyped);
        QCOMPARE(untyped.value(), lines);
        // A hostile name never reaches the SQL.
        const Alias<InvoiceLine> hostile(u"x'\"`; DROP TABLE Track; --"_s);
        auto safe = session.query<Track>().join(hostile, hostile / InvoiceLine::trackId_ == Track::id_);
        QCOMPARE(safe.count().value(), lines);
        QVERIFY(!safe.toSql().value().sql.contains(u"DROP"_s));

        // Bulk UPDATE of the unsold tracks (WHERE key IN (SELECT ... LEFT JOIN ...)), rolled back.
        auto cheaper = unsold.update(Track::unitPrice_.set(Decimal::fromString(u"0.49"_s)));
        QORM_VERIFY_RESULT(cheaper);
        QCOMPARE(cheaper.value(), neverSold);
        QCOMPARE(session.query<Track>().where(Track::unitPrice_ == Decimal::fromString(u"0.49"_s)).count().value(), neverSold);
        session.rollback();
        QCOMPARE(rawCount(u"SELECT COUNT(*) FROM %1 WHERE %2 < ?"_s.arg(q(u"Track"_s), q(u"unitPrice"_s)), { 0.5 }), 0);
    }

    void explicitJoinErrors()
    {
        Session session(m_db);
        const Alias<InvoiceLine> line(u"line"_s);
        // A column of a join the query does not have.
        auto notJoined = session.query<Track>().where(line / InvoiceLine::quantity_ > 1).count();
        QVERIFY(!notJoined);
        QCOMPARE(notJoined.error().kind(), Error::Kind::UnknownColumn);
        QVERIFY2(notJoined.error().message().contains(u"'line'"_s), qPrintable(notJoined.error().message()));
        // Two joins with one name.
        auto twice = session.query<Track>().join(line, line / InvoiceLine::trackId_ == Track::id_).join(line, line / InvoiceLine::trackId_ == Track::id_).count();
        QVERIFY(!twice);
        QCOMPARE(twice.error().kind(), Error::Kind::InvalidState);
        // A path from an alias is not itself joinable.
        const auto invoiceOfLine = line / InvoiceLine::invoice_;
        auto viaPath = session.query<Track>().join(invoiceOfLine, invoiceOfLine / Invoice::id_ == Track::id_).count();
        QVERIFY(!viaPath);
        QCOMPARE(viaPath.error().kind(), Error::Kind::InvalidState);
        // Two ON conditions that need each other.
        const Alias<InvoiceLine> other(u"other"_s);
        auto cycle = session.query<Track>()
                             .join(line, line / InvoiceLine::trackId_ == other / InvoiceLine::trackId_)
                             .join(other, other / InvoiceLine::id_ == line / InvoiceLine::id_)
                             .count();
        QVERIFY(!cycle);
        QCOMPARE(cycle.error().kind(), Error::Kind::InvalidState);
        // An unknown property of the joined class, and an unknown relation path.
        auto unknown = session.query<Track>().QueryBase::join(u"l"_s, &InvoiceLine::staticMetaObject, col(u"@l.nope"_s) == col(u"id"_s)).count();
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind(), Error::Kind::UnknownColumn);
        auto badPath = session.query<Track>().QueryBase::join(u"album.nope"_s).count();
        QVERIFY(!badPath);
        QCOMPARE(badPath.error().kind(), Error::Kind::UnknownColumn);
    }

    void toSqlRendersWithoutRunning()
    {
        Session session(m_db);
        int statements = 0;
        connect(&session, &Session::statementExecuted, this, [&] { ++statements; });
        auto st = session.query<Track>()
                          .where(Track::name_.startsWith(u"A"_s) && Track::milliseconds_ > 300000)
                          .orderBy(Track::composer_.desc().nullsLast())
                          .limit(5)
                          .toSql();
        QORM_VERIFY_RESULT(st);
        QCOMPARE(statements, 0);
        const QString backend = m_db.dialect().name();
        const QString sql = st.value().sql;
        QVERIFY2(sql.startsWith(u"SELECT "_s), qPrintable(sql));
        if (backend == u"sqlite"_s) {
            QVERIFY2(sql.contains(u"(instr(\"Name\", ?) = 1)"_s), qPrintable(sql));
            QCOMPARE(st.value().values.first().toString(), u"A"_s);
            QVERIFY2(sql.contains(u" DESC NULLS LAST"_s), qPrintable(sql));
        } else if (backend == u"postgresql"_s) {
            QVERIFY2(sql.contains(u" LIKE ? ESCAPE '!'"_s), qPrintable(sql));
            QCOMPARE(st.value().values.first().toString(), u"A%"_s);
            QVERIFY2(sql.contains(u" DESC NULLS LAST"_s), qPrintable(sql));
        } else {
            QVERIFY2(sql.contains(u" LIKE BINARY ? ESCAPE '!'"_s), qPrintable(sql));
            QCOMPARE(st.value().values.first().toString(), u"A%"_s);
            QVERIFY2(sql.contains(u" IS NULL) ASC, "_s), qPrintable(sql));
        }
        QCOMPARE(st.value().values.last().toLongLong(), 5);
    }
};

QTEST_GUILESS_MAIN(tst_Queries)
#include "tst_queries.moc"
