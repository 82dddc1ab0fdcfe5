// SPDX-License-Identifier: MIT
// The examples of docs/QUERIES.md (one per query feature), as one program over a copy of the
// bundled Chinook database: the test suite builds and runs it (doc_QUERIES) and it exits non-zero
// when a result the document states does not hold. The //! [name] blocks appear verbatim in the
// document (checked by check_snippets.cmake).
#include <chinook/chinook.h>
#include <qorm/alias.h>
#include <qorm/projection.h>
#include <qorm/session.h>

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using qorm::Decimal;

static int failures = 0;
#define CHECK(condition) check(bool(condition), #condition, __LINE__)
static void check(bool holds, const char *what, int line)
{
    if (!holds) {
        qCritical("QUERIES.cpp:%d: does not hold: %s", line, what);
        ++failures;
    }
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"chinook.sqlite"_s);
    if (!QFile::copy(QStringLiteral(QORM_CHINOOK_SQLITE), path) || !QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner))
        return 1;
    auto db = qorm::Database::open(u"sqlite:///"_s + path + u"?naming=pascal_case"_s);
    if (!db) {
        qCritical() << db.error();
        return 1;
    }
    qorm::Session session(db.value());

    //! [filter]
    // Tracks longer than five minutes whose name starts with "A".
    auto tracks = session.query<Track>()
                          .where(Track::milliseconds_ > 300000 && Track::name_.startsWith(u"A"_s))
                          .all();
    //! [filter]
    CHECK(tracks && !tracks.value().isEmpty());

    //! [nulls]
    auto withoutComposer = session.query<Track>().where(Track::composer_ == std::nullopt).count(); // 977
    //! [nulls]
    CHECK(withoutComposer && withoutComposer.value() == 977);

    //! [in-between]
    auto someGenres = session.query<Genre>().where(Genre::id_.in({ 1, 2, 3 })).count();      // 3
    auto middle = session.query<Genre>().where(Genre::id_.between(5, 9)).count();             // 5
    auto others = session.query<Genre>().where(Genre::id_.notIn({ 1, 2, 3 })).count();        // 22
    //! [in-between]
    CHECK(someGenres && someGenres.value() == 3 && middle && middle.value() == 5 && others && others.value() == 22);

    //! [text]
    const QString userText = u"100% pure_"_s; // % and _ are matched literally, not as wildcards
    auto literal = session.query<Track>().where(Track::name_.contains(userText)).count();          // 0
    auto folded = session.query<Track>().where(Track::name_.startsWith(u"a"_s, Qt::CaseInsensitive)).count();
    auto pattern = session.query<Track>().where(Track::name_.like(u"A_ %"_s)).count();             // your own wildcards
    //! [text]
    CHECK(literal && literal.value() == 0 && folded && folded.value() > 0 && pattern);

    //! [path]
    // Albums by AC/DC: joins Artist along the relation, no join condition to write.
    auto acdc = session.query<Album>().where(Album::artist_ / Artist::name_ == u"AC/DC"_s).all(); // 2 albums
    // Rock tracks: Track -> Genre.
    auto rock = session.query<Track>().where(Track::genre_ / Genre::name_ == u"Rock"_s).count(); // 1297
    //! [path]
    CHECK(acdc && acdc.value().size() == 2 && rock && rock.value() == 1297);

    //! [join-kind]
    // Employee.reportsTo is nullable, so the path is a LEFT OUTER JOIN; join() makes it INNER.
    auto managed = session.query<Employee>().join(Employee::manager_).count(); // 7 of 8
    auto everyone = session.query<Employee>()
                            .leftJoin(Employee::manager_)
                            .select(Employee::lastName_, qorm::nullable(Employee::manager_ / Employee::lastName_))
                            .all(); // QList<std::tuple<QString, std::optional<QString>>>, 8 rows
    //! [join-kind]
    CHECK(managed && managed.value() == 7 && everyone && everyone.value().size() == 8);

    //! [explicit-join]
    // Tracks joined with their invoice lines, which no declared relation of Track reaches.
    const qorm::Alias<InvoiceLine> line;
    auto withLines = session.query<Track>().join(line, line / InvoiceLine::trackId_ == Track::id_);
    auto soldCount = withLines.distinct().count(); // 1984 distinct tracks (2240 lines)
    // Tracks never sold: a LEFT OUTER JOIN that found nothing (an anti-join).
    auto unsold = session.query<Track>()
                          .leftJoin(line, line / InvoiceLine::trackId_ == Track::id_)
                          .where(line / InvoiceLine::id_ == std::nullopt)
                          .count(); // 1519
    // A self-join: each employee with their manager.
    const qorm::Alias<Employee> boss;
    auto pairs = session.query<Employee>()
                         .leftJoin(boss, boss / Employee::id_ == Employee::reportsTo_)
                         .select(Employee::firstName_, boss / Employee::firstName_)
                         .all(); // QList<std::tuple<QString, std::optional<QString>>>
    //! [explicit-join]
    CHECK(soldCount && soldCount.value() == 1984 && unsold && unsold.value() == 1519 && pairs && pairs.value().size() == 8);

    //! [order]
    auto byComposer = session.query<Track>()
                              .orderBy(Track::composer_.desc().nullsLast())
                              .orderBy(Track::name_)
                              .limit(10)
                              .all();
    //! [order]
    CHECK(byComposer && byComposer.value().size() == 10 && byComposer.value().first()->composer().has_value());

    //! [one]
    auto rockGenre = session.query<Genre>().where(Genre::name_ == u"Rock"_s).one();          // exactly one
    auto none = session.query<Genre>().where(Genre::name_ == u"Polka"_s).oneOrNone();         // nullptr
    auto many = session.query<Genre>().where(Genre::name_.startsWith(u"R"_s)).one();
    // many.error().kind() == qorm::Error::Kind::MultipleResults
    auto any = session.query<Genre>().where(Genre::name_ == u"Jazz"_s).exists();              // true
    //! [one]
    CHECK(rockGenre && rockGenre.value()->id() == 1 && none && !none.value() && !many
          && many.error().kind() == qorm::Error::Kind::MultipleResults && any && any.value());

    //! [page]
    auto page = session.query<Track>().orderBy(Track::name_).orderBy(Track::id_).page(3, 20);
    // page.value().items: rows 41-60; page.value().total == 3503; page.value().pageCount() == 176
    //! [page]
    CHECK(page && page.value().items.size() == 20 && page.value().total == 3503 && page.value().pageCount() == 176);

    //! [keyset]
    const auto byName = session.query<Track>().orderBy(Track::name_).orderBy(Track::id_);
    auto first = byName.limit(20).all();
    auto next = byName.after(*first.value().last()).limit(20).all(); // WHERE name > ? OR (name = ? AND id > ?)
    //! [keyset]
    auto second = byName.offset(20).limit(20).all();
    CHECK(first && next && second && next.value().size() == 20 && next.value().first().get() == second.value().first().get()
          && next.value().last().get() == second.value().last().get());

    //! [aggregate]
    // The five customers with the largest invoice totals.
    auto top = session.query<Invoice>()
                       .select(Invoice::customerId_, qorm::sum(Invoice::total_))
                       .groupBy(Invoice::customerId_)
                       .orderBy(qorm::sum(Invoice::total_).desc())
                       .limit(5)
                       .all(); // QList<std::tuple<qint64, std::optional<Decimal>>>: (6, 49.62), (26, 47.62), ...
    // Tracks per genre, with more than 100 tracks.
    const auto genre = Track::genre_ / Genre::name_;
    auto perGenre = session.query<Track>()
                            .select(genre, qorm::count())
                            .groupBy(genre)
                            .having(qorm::count() > 100)
                            .orderBy(qorm::count().desc())
                            .all(); // ("Rock", 1297), ("Latin", 579), ...
    // Every invoice: 2328.60 exactly (a Decimal sum, exact on every backend).
    auto total = session.query<Invoice>().select(qorm::sum(Invoice::total_)).first();
    //! [aggregate]
    CHECK(top && top.value().size() == 5 && std::get<0>(top.value().first()) == 6
          && std::get<1>(top.value().first())->toString() == Decimal::fromString(u"49.62"_s).toString());
    CHECK(perGenre && std::get<1>(perGenre.value().first()) == 1297 && std::get<0>(perGenre.value().first()) == std::optional<QString>(u"Rock"_s));
    CHECK(total && std::get<0>(*total.value())->toString() == Decimal::fromString(u"2328.60"_s).toString());

    //! [subquery]
    // Tracks that were sold: IN (SELECT ...), or a correlated EXISTS.
    auto sold = session.query<Track>().where(Track::id_.in(session.query<InvoiceLine>().select(InvoiceLine::trackId_))).count(); // 1984
    auto alsoSold = session.query<Track>()
                            .where(qorm::exists(session.query<InvoiceLine>().where(InvoiceLine::trackId_ == qorm::outer(Track::id_))))
                            .count(); // 1984
    // A scalar subquery: tracks longer than the average.
    auto aboveAverage = session.query<Track>()
                                .where(Track::milliseconds_ > qorm::scalar(session.query<Track>().select(qorm::avg(Track::milliseconds_))))
                                .count();
    //! [subquery]
    CHECK(sold && sold.value() == 1984 && alsoSold && alsoSold.value() == 1984 && aboveAverage && aboveAverage.value() > 0);

    //! [union]
    // Genre and media type names in one list, the first three in reverse order.
    auto names = session.query<Genre>()
                         .select(Genre::name_)
                         .unionWith(session.query<MediaType>().select(MediaType::name_))
                         .orderBy(Genre::name_.desc())
                         .limit(3)
                         .all(); // ORDER BY 1 DESC LIMIT ?: the union's order, by position
    //! [union]
    CHECK(names && names.value().size() == 3);

    //! [functions]
    auto acdcFolded = session.query<Artist>().where(qorm::lower(Artist::name_) == u"ac/dc"_s).one();
    auto tenMinutes = session.query<Track>().where(Track::milliseconds_ / 60000 >= 10).count();
    auto unnamed = session.query<Track>().where(qorm::coalesce(Track::composer_, u"?"_s) == u"?"_s).count(); // 977
    auto longNames = session.query<Artist>().where(qorm::length(Artist::name_) > 30).count();
    //! [functions]
    CHECK(acdcFolded && tenMinutes && tenMinutes.value() > 0 && unnamed && unnamed.value() == 977 && longNames);

    //! [raw]
    auto raw = session.rawTuples<QString, qint64>(
            u"SELECT a.\"Title\", COUNT(*) FROM \"Track\" t JOIN \"Album\" a ON a.\"AlbumId\" = t.\"AlbumId\" "
            "WHERE a.\"ArtistId\" = :artist GROUP BY a.\"Title\" ORDER BY a.\"Title\""_s,
            QVariantMap{ { u"artist"_s, 1 } }); // AC/DC: ("For Those About To Rock We Salute You", 10), ("Let There Be Rock", 8)
    auto rawGenres = session.rawEntities<Genre>(u"SELECT * FROM \"Genre\" WHERE \"GenreId\" < ?"_s, { 3 }); // entities, identity-mapped
    //! [raw]
    CHECK(raw && raw.value().size() == 2 && std::get<1>(raw.value().first()) == 10);
    CHECK(rawGenres && rawGenres.value().size() == 2);

    //! [stream]
    qint64 seconds = 0;
    auto stream = session.query<Track>().stream(); // one row at a time; entities not kept are freed
    for (const auto &track : stream)
        seconds += track->milliseconds() / 1000;
    if (stream.error().isValid())
        qWarning() << stream.error();
    //! [stream]
    CHECK(!stream.error().isValid() && seconds > 0);

    //! [bulk]
    // One UPDATE for every Rock track; loaded Rock tracks get the new price too.
    auto repriced = session.query<Track>()
                            .where(Track::genre_ / Genre::name_ == u"Rock"_s)
                            .update(Track::unitPrice_.set(Decimal::fromString(u"1.29"_s))); // 1297 rows
    auto removed = session.query<InvoiceLine>().where(InvoiceLine::invoiceId_ == 1).remove();   // 2 rows
    session.rollback(); // both undone, and the loaded entities with them
    //! [bulk]
    CHECK(repriced && repriced.value() == 1297 && removed && removed.value() == 2);

    //! [autoflush]
    auto polka = std::make_shared<Genre>();
    polka->setId(26);
    polka->setName(u"Polka"_s);
    (void)session.add(polka);
    auto seen = session.query<Genre>().count();                       // 26: the INSERT ran first
    auto asStored = session.query<Genre>().autoflush(false).count();  // also 26 now: it was flushed
    session.rollback();
    //! [autoflush]
    CHECK(seen && seen.value() == 26 && asStored && asStored.value() == 26);

    //! [tosql]
    auto st = session.query<Track>().where(Track::name_.startsWith(u"A"_s)).limit(5).toSql();
    // st.value().sql: SELECT "TrackId", ... FROM "Track" WHERE (instr("Name", ?) = 1) LIMIT ?
    // st.value().values: ("A", 5) -- on PostgreSQL: ... WHERE ("name" LIKE ? ESCAPE '!') ... ("A%", 5)
    //! [tosql]
    CHECK(st && st.value().sql.contains(u"WHERE (instr(\"Name\", ?) = 1) LIMIT ?"_s) && st.value().values.first() == u"A"_s);

    return failures == 0 ? 0 : 1;
}
