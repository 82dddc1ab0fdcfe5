// SPDX-License-Identifier: MIT
// The examples of docs/guides/logging.md, as one program: the test suite builds and runs it
// (doc_logging) and it exits non-zero when something the guide states does not hold.
// The //! [name] blocks appear verbatim in the guide (checked by check_snippets.cmake).
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

static int failures = 0;
#define CHECK(condition) check(bool(condition), #condition, __LINE__)
static void check(bool holds, const char *what, int line)
{
    if (!holds) {
        qCritical("logging.cpp:%d: does not hold: %s", line, what);
        ++failures;
    }
}

static bool failed(const qorm::Error &error)
{
    if (error.isValid())
        qCritical().noquote() << error.detailedText();
    return error.isValid();
}

class Book : public qorm::Entity
{
    Q_OBJECT
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, title, setTitle)
    QORM_COLUMN(std::optional<QString>, author, setAuthor)
    QORM_COLUMN(QString, note, setNote)
public:
    Q_INVOKABLE explicit Book(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

// Every message of the qorm.* categories, as "category: text"; printed as usual as well.
static QStringList logged;
static QtMessageHandler previousHandler = nullptr;
static void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (QByteArrayView(context.category).startsWith("qorm."))
        logged.append(QString::fromLatin1(context.category) + u": "_s + message);
    previousHandler(type, context, message);
}

/*! The captured line that matches \a pattern, or an empty string. */
static QString loggedLine(const QString &pattern)
{
    const QRegularExpression re(u'^' + pattern + u'$');
    for (const QString &line : std::as_const(logged))
        if (re.match(line).hasMatch())
            return line;
    qCritical().noquote() << "no logged line matches" << pattern;
    return {};
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    previousHandler = qInstallMessageHandler(capture);

    //! [rules]
    // The same as running the program with QT_LOGGING_RULES="qorm.*=true" in its environment.
    QLoggingCategory::setFilterRules("qorm.*=true");
    //! [rules]

    auto db = qorm::Database::open("sqlite://:memory:");
    if (!db)
        return failed(db.error());
    if (failed(qorm::Schema(db.value()).createTables({ &Book::staticMetaObject })))
        return 1;
    CHECK(!loggedLine(uR"(qorm\.connection: connected to sqlite://:memory: in thread QThread\(0x[0-9a-f]+\))"_s).isEmpty());
    CHECK(!loggedLine(uR"(qorm\.sql: CREATE TABLE "Book" \("id" INTEGER PRIMARY KEY AUTOINCREMENT, "title" TEXT NOT NULL, "author" TEXT, "note" TEXT NOT NULL\) \[\] \d+ us)"_s).isEmpty());

    //! [statements]
    qorm::Session session(db.value());
    auto book = std::make_shared<Book>();
    book->setTitle("It's Dune");
    book->setAuthor(std::nullopt);                 // NULL in the log
    book->setNote("");                             // '' in the log
    if (failed(session.add(book)) || failed(session.commit()))
        return 1;
    //! [statements]
    CHECK(!loggedLine(uR"(qorm\.sql: BEGIN IMMEDIATE \[\] \d+ us)"_s).isEmpty());
    CHECK(!loggedLine(uR"(qorm\.sql: INSERT INTO "Book" \("title", "author", "note"\) VALUES \(\?, \?, \?\) \['It''s Dune', NULL, ''\] \d+ us)"_s).isEmpty());
    CHECK(!loggedLine(uR"(qorm\.sql: COMMIT \[\] \d+ us)"_s).isEmpty());

    //! [failure]
    auto untitled = std::make_shared<Book>();
    untitled->setTitle(QString());                 // a null QString is SQL NULL: NOT NULL fails
    untitled->setNote("draft");
    if (failed(session.add(untitled)))
        return 1;
    const qorm::Error error = session.commit();    // logged as FAILED, then ROLLBACK
    //! [failure]
    CHECK(error.kind() == qorm::Error::Kind::NotNullViolation);
    CHECK(!loggedLine(uR"(qorm\.sql: FAILED INSERT INTO "Book" \("title", "author", "note"\) VALUES \(\?, \?, \?\) \[.*, NULL, 'draft'\] \d+ us: NOT NULL constraint failed: Book\.title \(SQLite 1299\))"_s).isEmpty());
    CHECK(!loggedLine(uR"(qorm\.sql: ROLLBACK \[\] \d+ us)"_s).isEmpty());
    // A null QString is bound as NULL and logged as NULL, unlike an empty one ('').
    CHECK(!loggedLine(uR"(qorm\.sql: FAILED INSERT INTO "Book" .* \[NULL, NULL, 'draft'\] .*)"_s).isEmpty());
    session.rollback();

    {
        // Long strings are shortened in the log (not in the database).
        auto longOne = std::make_shared<Book>();
        longOne->setTitle(QString(100, u'x'));
        longOne->setNote(u"n"_s);
        CHECK(!failed(session.add(longOne)) && !failed(session.commit()));
        CHECK(!loggedLine(uR"(qorm\.sql: INSERT INTO .* \['x{60}\.\.\.\(100 chars\)', NULL, 'n'\] \d+ us)"_s).isEmpty());
    }

    //! [signal]
    QObject::connect(&session, &qorm::Session::statementExecuted,
                     [](const QString &sql, const QVariantList &values, qint64 elapsedMicroseconds) {
                         if (elapsedMicroseconds > 100'000)   // slower than 0.1 s
                             qWarning() << "slow statement:" << sql << values << elapsedMicroseconds << "us";
                     });
    //! [signal]
    QStringList seen;
    QObject::connect(&session, &qorm::Session::statementExecuted, [&seen](const QString &sql) { seen.append(sql); });
    auto count = session.query<Book>().count();
    CHECK(count && count.value() == 2);
    CHECK(seen == QStringList{ uR"(SELECT COUNT(*) FROM "Book")"_s });

    // Statements that fail are signalled too (the signal does not say whether they failed).
    seen.clear();
    auto bad = std::make_shared<Book>();
    bad->setTitle(QString());
    bad->setNote(u"x"_s);
    CHECK(!failed(session.add(bad)));
    CHECK(session.commit().isValid());
    CHECK(seen.size() == 3 && seen.value(0) == u"BEGIN IMMEDIATE" && seen.value(1).startsWith(u"INSERT")
          && seen.value(2) == u"ROLLBACK");
    session.rollback();

    qInstallMessageHandler(previousHandler);
    return failures == 0 ? 0 : 1;
}

#include "logging.moc"
