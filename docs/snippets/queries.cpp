// SPDX-License-Identifier: MIT
// The examples of docs/guides/queries.md, as one program: the test suite builds and runs it
// (doc_queries) and it exits non-zero when something the guide states does not hold.
// The //! [name] blocks appear verbatim in the guide (checked by check_snippets.cmake).
#include <qorm/decimal.h>
#include <qorm/schema.h>
#include <qorm/session.h>
#include <qorm/sqlitedialect.h>
#include <qorm/statementcompiler.h>
#include <qorm/typeregistry.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>

using namespace Qt::StringLiterals;

static int failures = 0;
#define CHECK(condition) check(bool(condition), #condition, __LINE__)
static void check(bool holds, const char *what, int line)
{
    if (!holds) {
        qCritical("queries.cpp:%d: does not hold: %s", line, what);
        ++failures;
    }
}

static bool failed(const qorm::Error &error)
{
    if (error.isValid())
        qCritical().noquote() << error.detailedText();
    return error.isValid();
}

//! [entity]
class Book : public qorm::Entity
{
    Q_OBJECT
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, title, setTitle)
    QORM_COLUMN(std::optional<QString>, author, setAuthor)
    QORM_COLUMN(int, year, setYear)
public:
    Q_INVOKABLE explicit Book(QObject *parent = nullptr) : qorm::Entity(parent) { }
};
//! [entity]

//! [relation-entity]
class Review : public qorm::Entity
{
    Q_OBJECT
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(int, stars, setStars)
    QORM_COLUMN(qint64, bookId, setBookId)
    QORM_BELONGS_TO(Book, book, bookId)
public:
    Q_INVOKABLE explicit Review(QObject *parent = nullptr) : qorm::Entity(parent) { }
};
//! [relation-entity]

/*! The titles of \a books, in order. */
static QStringList titles(const qorm::Result<QList<std::shared_ptr<Book>>> &books)
{
    QStringList out;
    if (!books) {
        qCritical().noquote() << books.error().toString();
        return { u"<error>"_s };
    }
    for (const auto &b : books.value())
        out.append(b->title());
    return out;
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    auto db = qorm::Database::open("sqlite://:memory:");
    if (!db)
        return failed(db.error());
    if (failed(qorm::Schema(db.value()).createTables({ &Book::staticMetaObject, &Review::staticMetaObject })))
        return 1;
    qorm::Session session(db.value());
    struct Row { const char *title; const char *author; int year; };
    for (const Row &row : { Row{ "Dune", "Frank Herbert", 1965 }, Row{ "Neuromancer", "William Gibson", 1984 },
                            Row{ "Hyperion", "Dan Simmons", 1989 }, Row{ "The Fall of Hyperion", "Dan Simmons", 1990 },
                            Row{ "Beowulf", nullptr, 1000 } }) {
        auto book = std::make_shared<Book>();
        book->setTitle(QString::fromUtf8(row.title));
        if (row.author)
            book->setAuthor(QString::fromUtf8(row.author));
        book->setYear(row.year);
        if (failed(session.add(book)))
            return 1;
    }
    if (failed(session.commit()))
        return 1;
    QString lastSql;
    QVariantList lastValues;
    QObject::connect(&session, &qorm::Session::statementExecuted, [&](const QString &sql, const QVariantList &values) {
        lastSql = sql;
        lastValues = values;
    });

    //! [basic]
    using qorm::col;
    auto books = session.query<Book>()
                         .where(col("year") >= 1980)
                         .orderBy("title")
                         .limit(10)
                         .all();                    // qorm::Result<QList<std::shared_ptr<Book>>>
    if (!books)
        return failed(books.error());
    for (const std::shared_ptr<Book> &book : books.value())
        qInfo() << book->title() << book->year();
    // SELECT "id", "title", "author", "year" FROM "Book" WHERE ("year" >= ?) ORDER BY "title" ASC LIMIT ?
    // bound: [1980, 10]
    //! [basic]
    CHECK(titles(books) == QStringList({ u"Hyperion"_s, u"Neuromancer"_s, u"The Fall of Hyperion"_s }));
    CHECK(lastSql == uR"(SELECT "id", "title", "author", "year" FROM "Book" WHERE ("year" >= ?) ORDER BY "title" ASC LIMIT ?)"_s);
    CHECK(lastValues == QVariantList({ 1980, qint64(10) }));

    //! [operators]
    qorm::Expr simmons = col("author") == "Dan Simmons";             // ("author" = ?)
    qorm::Expr eighties = col("year") >= 1980 && col("year") < 1990; // (("year" >= ?) AND ("year" < ?))
    qorm::Expr either = col("year") < 1900 || !simmons;             // (("year" < ?) OR (NOT ("author" = ?)))
    qorm::Expr sequel = col("title").like("The %");                 // ("title" LIKE ?), the database's case rules
    qorm::Expr chosen = col("year").in({ 1965, 1984 });             // ("year" IN (?, ?)); in({}) matches nothing
    qorm::Expr anonymous = col("author").isNull();                  // ("author" IS NULL), as == QVariant()
    qorm::Expr known = col("author").isNotNull();                   // ("author" IS NOT NULL), as != QVariant()
    auto found = session.query<Book>().where(eighties).where(simmons).all(); // where() twice: AND
    //! [operators]
    CHECK(titles(found) == QStringList{ u"Hyperion"_s });
    CHECK(lastSql.endsWith(uR"(WHERE ((("year" >= ?) AND ("year" < ?)) AND ("author" = ?)))"_s));
    CHECK(lastValues == QVariantList({ 1980, 1990, u"Dan Simmons"_s }));
    auto q = session.query<Book>();
    CHECK(titles(q.where(simmons).orderBy("year").all()) == QStringList({ u"Hyperion"_s, u"The Fall of Hyperion"_s }));
    CHECK(lastSql.endsWith(uR"(WHERE ("author" = ?) ORDER BY "year" ASC)"_s));
    CHECK(titles(q.where(either).orderBy("year").all()) == QStringList({ u"Beowulf"_s, u"Dune"_s, u"Neuromancer"_s }));
    CHECK(lastSql.endsWith(uR"(WHERE (("year" < ?) OR (NOT ("author" = ?))) ORDER BY "year" ASC)"_s));
    CHECK(titles(q.where(sequel).all()) == QStringList{ u"The Fall of Hyperion"_s });
    CHECK(lastSql.endsWith(uR"(WHERE ("title" LIKE ?))"_s));
    CHECK(titles(q.where(chosen).orderBy("year").all()) == QStringList({ u"Dune"_s, u"Neuromancer"_s }));
    CHECK(lastSql.endsWith(uR"(WHERE ("year" IN (?, ?)) ORDER BY "year" ASC)"_s));
    CHECK(titles(q.where(col("year").in({})).all()).isEmpty());
    CHECK(titles(q.where(anonymous).all()) == QStringList{ u"Beowulf"_s });
    CHECK(lastSql.endsWith(uR"(WHERE ("author" IS NULL))"_s));
    CHECK(titles(q.where(col("author") == QVariant()).all()) == QStringList{ u"Beowulf"_s });
    CHECK(lastSql.endsWith(uR"(WHERE ("author" IS NULL))"_s));
    CHECK(q.where(known).count().valueOr(-1) == 4);
    CHECK(lastSql.endsWith(uR"(WHERE ("author" IS NOT NULL))"_s));
    CHECK(q.where(col("author") != QVariant()).count().valueOr(-1) == 4);
    CHECK(titles(q.where(eighties).orderBy("year").all()) == QStringList({ u"Neuromancer"_s, u"Hyperion"_s }));

    //! [refine]
    const auto bySimmons = session.query<Book>().where(col("author") == "Dan Simmons");
    const auto recent = bySimmons.where(col("year") >= 1990);        // ANDed; bySimmons is unchanged
    const auto page2 = bySimmons.orderBy("year", Qt::DescendingOrder).limit(1).offset(1);
    auto total = bySimmons.count();       // SELECT COUNT(*) ... WHERE ...: order, limit and offset ignored
    auto second = page2.first();          // LIMIT 1: the entity, or nullptr when no row matches
    //! [refine]
    CHECK(lastSql.endsWith(u"ORDER BY \"year\" DESC LIMIT ? OFFSET ?"_s));
    CHECK(total && total.value() == 2);
    CHECK(recent.count().valueOr(-1) == 1);
    CHECK(second && second.value() && second.value()->title() == u"Hyperion");
    {
        auto none = session.query<Book>().where(col("year") > 3000).first();
        CHECK(none && !none.value());
    }

    //! [autoflush]
    auto snow = std::make_shared<Book>();
    snow->setTitle("Snow Crash");
    snow->setYear(1992);
    if (failed(session.add(snow)))
        return 1;
    auto before = session.query<Book>().where(col("year") > 1990).autoflush(false).count(); // 0: only staged
    auto after = session.query<Book>().where(col("year") > 1990).count(); // 1: INSERT first, then COUNT
    //! [autoflush]
    CHECK(before && before.value() == 0);
    CHECK(after && after.value() == 1);
    if (failed(session.commit()))
        return 1;

    //! [identity]
    auto dune = session.query<Book>().where(col("title") == "Dune").first().valueOr(nullptr);
    dune->setTitle("Dune (unsaved title)");
    auto again = session.query<Book>().where(col("title") == "Dune").autoflush(false).first().valueOr(nullptr);
    // Without the flush the WHERE matched the stored title, and again.get() == dune.get(): the
    // same object, with its unsaved title.
    //! [identity]
    CHECK(dune && again && again.get() == dune.get() && again->title() == u"Dune (unsaved title)");
    session.rollback();
    CHECK(dune->title() == u"Dune");

    //! [conversions]
    auto text = session.query<Book>().where(col("year") == "1984").all();  // text that parses completely: 1984
    auto words = session.query<Book>().where(col("year") == "nineteen eighty-four").all();
    // words.error().kind() == qorm::Error::Kind::TypeMismatch, and its message is
    // "Book.year: cannot use QString 'nineteen eighty-four' as int"
    auto unknown = session.query<Book>().where(col("isbn") == "0-441-17271-7").all();
    // unknown.error().kind() == qorm::Error::Kind::UnknownColumn, with the message
    // "Book.isbn: no such mapped property (Book maps: id, title, author, year)"
    //! [conversions]
    CHECK(titles(text) == QStringList{ u"Neuromancer"_s });
    CHECK(!words && words.error().kind() == qorm::Error::Kind::TypeMismatch);
    CHECK(words.error().message() == u"Book.year: cannot use QString 'nineteen eighty-four' as int");
    CHECK(!unknown && unknown.error().kind() == qorm::Error::Kind::UnknownColumn);
    CHECK(unknown.error().message() == u"Book.isbn: no such mapped property (Book maps: id, title, author, year)");
    CHECK(unknown.error().entityName() == u"Book" && unknown.error().propertyName() == u"isbn");

    {
        auto all = session.query<Book>().orderBy("year").all().valueOr({});
        for (int i = 0; i < all.size(); ++i) {  // Beowulf 1000 ... The Fall of Hyperion 1990: i + 1 stars each
            auto review = std::make_shared<Review>();
            review->setStars(i + 1);
            review->setBookId(all[i]->id());
            CHECK(!failed(session.add(review)));
        }
        CHECK(!failed(session.commit()));
    }

    //! [paths]
    auto modern = session.query<Review>()
                          .where(col("book.year") >= 1980 && col("stars") > 2)
                          .orderBy("book.title")
                          .all();
    // SELECT "t0"."id", "t0"."stars", "t0"."bookId" FROM "Review" AS "t0"
    //   INNER JOIN "Book" AS "t1" ON "t1"."id" = "t0"."bookId"
    //   WHERE (("t1"."year" >= ?) AND ("t0"."stars" > ?)) ORDER BY "t1"."title" ASC
    //! [paths]
    CHECK(modern && modern.value().size() == 4); // Neuromancer, Hyperion, The Fall of Hyperion, Snow Crash
    CHECK(modern && modern.value().first()->book()->title() == u"Hyperion");
    CHECK(lastSql == uR"(SELECT "t0"."id", "t0"."stars", "t0"."bookId" FROM "Review" AS "t0" INNER JOIN "Book" AS "t1" ON "t1"."id" = "t0"."bookId" WHERE (("t1"."year" >= ?) AND ("t0"."stars" > ?)) ORDER BY "t1"."title" ASC)"_s);

    //! [pretend]
    qorm::SqliteDialect sqlite;
    qorm::StatementCompiler compiler(sqlite); // or compiler(database): no connection either way
    auto statement = compiler.select(qorm::select<Book>().where(col("author") == "Dan Simmons").limit(5));
    // statement.value().sql    == R"(SELECT "id", "title", "author", "year" FROM "Book" WHERE ("author" = ?) LIMIT ?)"
    // statement.value().values == QVariantList{ "Dan Simmons", 5 }
    //! [pretend]
    CHECK(statement && statement.value().sql == uR"(SELECT "id", "title", "author", "year" FROM "Book" WHERE ("author" = ?) LIMIT ?)"_s);
    CHECK(statement && statement.value().values == QVariantList({ u"Dan Simmons"_s, qint64(5) }));

    //! [numbers]
    auto later = session.query<Book>().where(col("year") > 1984.5).orderBy("year").all(); // compared as numbers
    auto never = session.query<Book>().where(col("year") == qint64(1) << 40).all();      // no row, no wraparound
    //! [numbers]
    CHECK(titles(later) == QStringList({ u"Hyperion"_s, u"The Fall of Hyperion"_s, u"Snow Crash"_s }));
    CHECK(never && never.value().isEmpty());

    //! [convert-exact]
    const qorm::TypeMapping *intColumn = qorm::TypeRegistry::find(QMetaType::fromType<int>());
    auto ok = qorm::TypeRegistry::convertExact(*intColumn, QVariant(" 42 "));   // QVariant(int, 42)
    auto tooBig = qorm::TypeRegistry::convertExact(*intColumn, QVariant(qint64(1) << 32));
    // tooBig.error().message() == "cannot use qlonglong '4294967296' as int"
    //! [convert-exact]
    CHECK(ok && ok.value() == QVariant(42) && ok.value().metaType() == QMetaType::fromType<int>());
    CHECK(!tooBig && tooBig.error().message() == u"cannot use qlonglong '4294967296' as int");
    {
        // More of the rules, as TypeRegistry::convertExact() documents them.
        const qorm::TypeMapping *boolColumn = qorm::TypeRegistry::find(QMetaType::fromType<bool>());
        const qorm::TypeMapping *doubleColumn = qorm::TypeRegistry::find(QMetaType::fromType<double>());
        CHECK(qorm::TypeRegistry::convertExact(*boolColumn, u"true"_s).valueOr(QVariant()) == QVariant(true));
        CHECK(!qorm::TypeRegistry::convertExact(*boolColumn, u"abc"_s));
        CHECK(!qorm::TypeRegistry::convertExact(*intColumn, 1.5));
        CHECK(qorm::TypeRegistry::convertExact(*intColumn, 2.0).valueOr(QVariant()) == QVariant(2));
        CHECK(qorm::TypeRegistry::convertExact(*doubleColumn, qint64(1) << 53));
        CHECK(!qorm::TypeRegistry::convertExact(*doubleColumn, (qint64(1) << 53) + 1));
        CHECK(qorm::TypeRegistry::convertExact(*doubleColumn, u" 2.5 "_s).valueOr(QVariant()) == QVariant(2.5));
        const qorm::TypeMapping *decimalColumn = qorm::TypeRegistry::find(QMetaType::fromType<qorm::Decimal>());
        CHECK(qorm::TypeRegistry::convertExact(*decimalColumn, u"12.50"_s).valueOr(QVariant()).value<qorm::Decimal>() == qorm::Decimal(1250, 2));
        CHECK(qorm::TypeRegistry::convertExact(*decimalColumn, 0.1).valueOr(QVariant()).value<qorm::Decimal>() == qorm::Decimal(1, 1));
        CHECK(qorm::TypeRegistry::convertExact(*decimalColumn, u" 12.50 "_s));
        const qorm::TypeMapping *dateTimeColumn = qorm::TypeRegistry::find(QMetaType::fromType<QDateTime>());
        CHECK(qorm::TypeRegistry::convertExact(*dateTimeColumn, QDate(2024, 2, 29)).valueOr(QVariant())
              == QVariant(QDateTime(QDate(2024, 2, 29), QTime(0, 0), QTimeZone::utc())));
        const qorm::TypeMapping *stringColumn = qorm::TypeRegistry::find(QMetaType::fromType<QString>());
        CHECK(qorm::TypeRegistry::convertExact(*stringColumn, QByteArray("caf\xc3\xa9")).valueOr(QVariant()) == QVariant(u"café"_s));
        CHECK(!qorm::TypeRegistry::convertExact(*stringColumn, 42));
    }

    //! [null-values]
    auto noAuthor = session.query<Book>().where(col("author") == std::nullopt).count();    // IS NULL
    auto nullString = session.query<Book>().where(col("author") == QString()).count();     // IS NULL too
    auto someAuthor = session.query<Book>().where(col("author") != std::nullopt).count();  // IS NOT NULL
    //! [null-values]
    CHECK(noAuthor && nullString && someAuthor && noAuthor.value() == nullString.value());
    CHECK(noAuthor.value() + someAuthor.value() == session.query<Book>().count().valueOr(-1));
    CHECK(session.query<Book>().where(col("author") == std::optional<QString>()).count().valueOr(-1) == noAuthor.value());

    return failures == 0 ? 0 : 1;
}

#include "queries.moc"
