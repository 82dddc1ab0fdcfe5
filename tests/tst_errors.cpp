// SPDX-License-Identifier: MIT
// The ten most common errors, as a person reads them, on every backend: unique, foreign key,
// NOT NULL, CHECK, too long, type mismatch, unknown column, connection refused, wrong password,
// missing database (file). Each is typed, one readable line naming class and property, with the
// SQL and the database's own text kept separately. Also: Result::value() on an error ends the
// process loudly (checked in a child process), and secrets never reach error text.
#include "testbackends.h"

#include <qorm/dialect.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QProcess>
#include <QTest>

using namespace qorm;

class Author : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_err_author")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
    QORM_UNIQUE(name)
    QORM_LENGTH(name, 40)
    QORM_COLUMN(int, age, setAge)
    QORM_CHECK("{age} >= 0")
public:
    Q_INVOKABLE explicit Author(QObject *parent = nullptr) : Entity(parent) { }
};

class Book : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_err_book")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, title, setTitle)
    QORM_LENGTH(title, 10)
    QORM_COLUMN(qint64, authorId, setAuthorId)
    QORM_BELONGS_TO(Author, author, authorId)
public:
    Q_INVOKABLE explicit Book(QObject *parent = nullptr) : Entity(parent) { }
};

class tst_Errors : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_db;
    const QList<const QMetaObject *> m_classes = { &Author::staticMetaObject, &Book::staticMetaObject };

    QString backend() const { return m_db.dialect().displayName(); }

    /*! Checks the parts every driver error has: one line, backend and code in toString(), SQL and driver text apart. */
    void checkDriverError(const Error &e, Error::Kind kind, const QString &message, const QString &code)
    {
        QCOMPARE(e.kind(), kind);
        QCOMPARE(e.message(), message);
        QVERIFY2(!e.message().contains(u'\n'), qPrintable(e.message()));
        QCOMPARE(e.nativeCode(), code);
        QCOMPARE(e.backendName(), backend());
        QCOMPARE(e.toString(), message + u" ("_qs + backend() + u' ' + code + u')');
        QVERIFY(!e.sql().isEmpty());
        QVERIFY(!e.driverText().isEmpty());
        QVERIFY2(!e.driverText().contains(u"ERROR:"_qs) && !e.driverText().contains(u"QPSQL"_qs), qPrintable(e.driverText()));
        QVERIFY(e.detailedText().contains(e.sql()));
        QCOMPARE(e.detailedText().count(e.driverText()), 1); // the database's words once
    }

    Error commitAuthor(const QString &name, int age)
    {
        Session session(m_db);
        auto a = std::make_shared<Author>();
        a->setName(name);
        a->setAge(age);
        if (Error e = session.add(a); e.isValid())
            return e;
        return session.commit();
    }

private Q_SLOTS:
    void initTestCase_data() { qormtest::addBackendRows(m_dir); }

    void init()
    {
        QFETCH_GLOBAL(QString, url);
        auto db = qormtest::openWithFreshTables(url, m_classes);
        QORM_VERIFY_RESULT(db);
        m_db = db.value();
    }

    void cleanup() { QORM_VERIFY_OK(qormtest::dropTablesAndClose(m_db, m_classes)); }

    void uniqueViolation()
    {
        QORM_VERIFY_OK(commitAuthor(u"Ann"_qs, 30));
        const Error e = commitAuthor(u"Ann"_qs, 31);
        const QString code = backend() == u"PostgreSQL"_qs ? u"23505"_qs : backend() == u"SQLite"_qs ? u"2067"_qs : u"1062"_qs;
        checkDriverError(e, Error::Kind::UniqueViolation, u"Author.name: another row already has this value (UNIQUE)"_qs, code);
        QCOMPARE(e.entityName(), u"Author"_qs);
        QCOMPARE(e.propertyName(), u"name"_qs);
    }

    void foreignKeyViolation()
    {
        Session session(m_db);
        auto b = std::make_shared<Book>();
        b->setTitle(u"Orphan"_qs);
        b->setAuthorId(999);
        QORM_VERIFY_OK(session.add(b));
        const Error e = session.commit();
        const QString code = backend() == u"PostgreSQL"_qs ? u"23503"_qs : backend() == u"SQLite"_qs ? u"787"_qs : u"1452"_qs;
        checkDriverError(e, Error::Kind::ForeignKeyViolation, u"Book.authorId: no Author with this key exists (FOREIGN KEY)"_qs, code);
    }

    void notNullViolation()
    {
        const Error e = commitAuthor(QString(), 1); // a null QString is SQL NULL
        const QString code = backend() == u"PostgreSQL"_qs ? u"23502"_qs : backend() == u"SQLite"_qs ? u"1299"_qs : u"1048"_qs;
        checkDriverError(e, Error::Kind::NotNullViolation, u"Author.name: must not be NULL (NOT NULL)"_qs, code);
    }

    void checkViolation()
    {
        const Error e = commitAuthor(u"Young"_qs, -1);
        const QString code = backend() == u"PostgreSQL"_qs ? u"23514"_qs : backend() == u"SQLite"_qs ? u"275"_qs : u"4025"_qs;
        QCOMPARE(e.kind(), Error::Kind::CheckViolation);
        QVERIFY2(e.message().startsWith(u"Author: violates a CHECK constraint: "_qs), qPrintable(e.message()));
        QCOMPARE(e.nativeCode(), code);
        QCOMPARE(e.toString(), e.message() + u" ("_qs + backend() + u' ' + code + u')');
    }

    void valueTooLong()
    {
        Session session(m_db);
        auto b = std::make_shared<Book>();
        b->setTitle(u"Far too long a title"_qs);
        QORM_VERIFY_OK(session.add(b));
        const Error e = session.commit();
        QCOMPARE(e.kind(), Error::Kind::ValueTooLong);
        QCOMPARE(e.toString(), u"Book.title: value too long for VARCHAR(10) (20 characters)"_qs); // checked before any SQL
        QVERIFY(e.sql().isEmpty());
    }

    void typeMismatch()
    {
        Session session(m_db);
        auto r = session.query<Author>().where(col(u"age"_qs) == u"old"_qs).all();
        QVERIFY(!r);
        QCOMPARE(r.error().kind(), Error::Kind::TypeMismatch);
        QCOMPARE(r.error().toString(), u"Author.age: cannot use QString 'old' as int"_qs);
    }

    void unknownColumn()
    {
        Session session(m_db);
        auto r = session.query<Author>().where(col(u"nmae"_qs) == u"Ann"_qs).all();
        QVERIFY(!r);
        QCOMPARE(r.error().kind(), Error::Kind::UnknownColumn);
        QCOMPARE(r.error().toString(), u"Author.nmae: no such mapped property (Author maps: id, name, age)"_qs);

        // A column the class maps but the table lacks: the database's error, typed alike (on
        // SQLite too: qorm turns off its double-quoted-string fallback).
        Session other(m_db);
        QVERIFY(qormtest::execRaw(m_db, u"DROP TABLE "_qs + m_db.dialect().quoteIdentifier(u"qorm_err_book"_qs)));
        QVERIFY(qormtest::execRaw(m_db, u"CREATE TABLE "_qs + m_db.dialect().quoteIdentifier(u"qorm_err_book"_qs) + u" (id INTEGER PRIMARY KEY, title VARCHAR(10))"_qs));
        auto missing = other.query<Book>().all();
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind(), Error::Kind::UnknownColumn);
        QVERIFY2(missing.error().message().startsWith(u"Book.authorId: "_qs), qPrintable(missing.error().toString()));
    }

    void connectionRefusedAndMissingDatabase()
    {
        QFETCH_GLOBAL(QString, url);
        if (backend() == u"SQLite"_qs) {
            // No server to refuse; a database file that cannot be opened is the SQLite case.
            auto noDir = Database::open(u"sqlite:////nonexistent-qorm-dir/sub/x.db"_qs);
            QVERIFY(!noDir);
            QCOMPARE(noDir.error().kind(), Error::Kind::Connection);
            QCOMPARE(noDir.error().toString(), u"cannot connect to sqlite:////nonexistent-qorm-dir/sub/x.db: unable to open database file (SQLite 14)"_qs);
            const QString missingFile = m_dir.filePath(u"missing.db"_qs);
            auto readOnly = Database::open(u"sqlite:///"_qs + missingFile + u"?mode=ro"_qs);
            QVERIFY(!readOnly);
            QCOMPARE(readOnly.error().kind(), Error::Kind::Connection);
            QVERIFY(!QFile::exists(missingFile)); // mode=ro never creates the file
            return;
        }
        const bool pg = backend() == u"PostgreSQL"_qs;
        QUrl refused(url);
        refused.setPort(1);
        auto r = Database::open(refused.toString());
        QVERIFY(!r);
        QCOMPARE(r.error().kind(), Error::Kind::Connection);
        const QString shown = refused.toString().replace(u":qorm@"_qs, u":***@"_qs);
        // MariaDB's client adds errno: 111 (refused) or 115 (in progress, then refused).
        QVERIFY2(r.error().message().startsWith(u"cannot connect to "_qs + shown + (pg ? u": Connection refused"_qs : u": Can't connect to server on '127.0.0.1' ("_qs)),
                 qPrintable(r.error().message()));

        QUrl noDatabase(url);
        noDatabase.setPath(u"/qorm_no_such_db"_qs);
        auto n = Database::open(noDatabase.toString());
        QVERIFY(!n);
        QCOMPARE(n.error().kind(), Error::Kind::Connection);
        QVERIFY2(n.error().message().endsWith(pg ? u": database \"qorm_no_such_db\" does not exist"_qs : u": Unknown database 'qorm_no_such_db'"_qs),
                 qPrintable(n.error().message()));
    }

    void wrongPassword()
    {
        QFETCH_GLOBAL(QString, url);
        if (backend() == u"SQLite"_qs)
            return; // SQLite has no passwords
        QUrl wrong(url);
        wrong.setPassword(u"not-the-password"_qs);
        auto r = Database::open(wrong.toString());
        QVERIFY(!r);
        QCOMPARE(r.error().kind(), Error::Kind::Connection);
        QVERIFY2(!r.error().toString().contains(u"not-the-password"_qs) && !r.error().detailedText().contains(u"not-the-password"_qs),
                 qPrintable(r.error().detailedText()));
        const QString expected = backend() == u"PostgreSQL"_qs ? u"password authentication failed for user \"qorm\""_qs
                                                               : u"Access denied for user 'qorm'@'"_qs;
        QVERIFY2(r.error().message().startsWith(u"cannot connect to "_qs) && r.error().message().contains(u":***@"_qs)
                         && r.error().message().contains(expected),
                 qPrintable(r.error().message()));
    }

    void invalidUrlHidesThePassword()
    {
        auto r = Database::open(u"postgresql://qorm:s3cret@127.0.0.1:5432/db?naming=nonsense"_qs);
        QVERIFY(!r);
        QCOMPARE(r.error().kind(), Error::Kind::InvalidUrl);
        QVERIFY2(!r.error().message().contains(u"s3cret"_qs), qPrintable(r.error().message()));
        QVERIFY2(r.error().message().contains(u"postgresql://***@127.0.0.1"_qs), qPrintable(r.error().message()));
        // Found by fuzz_url: a scheme with a '/' in it, and QUrl's own message quoting the URL.
        for (const QString &url : { u"postg/res://qorm:s3cret@127.0.0.1/db"_qs, u"postg/esql://u:x/esql://u:s3cret@127.0.0.1:5432,=x/d"_qs, u"postgresql://qorm:s3cret@127.0.0.1:99999999/db"_qs,
                                    u"mysql://qorm:s3cret@[::1/db"_qs, u"postgresql://qorm:s3cret@127.0.0.1/db?sslmode=bogus"_qs }) {
            const Error e = Database::validateUrl(url);
            QCOMPARE(e.kind(), Error::Kind::InvalidUrl);
            QVERIFY2(!e.message().contains(u"s3cret"_qs), qPrintable(e.message()));
        }
        QORM_VERIFY_OK(Database::validateUrl(u"postgresql://qorm:s3cret@127.0.0.1/db?sslmode=require"_qs));
    }

    void valueOnAnErrorFailsLoudly()
    {
        // In a child process: Result::value() on an error must end it with the error's text,
        // in release builds too (this binary is built RelWithDebInfo in CI).
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QORM_TEST_VALUE_ON_ERROR"_qs, u"1"_qs);
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForFinished(30000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        const QString err = QString::fromLocal8Bit(child.readAllStandardError());
        QVERIFY2(err.contains(u"qorm::Result::value() called on an error: InvalidUrl: invalid database URL 'nonsense'"_qs), qPrintable(err));
    }
};

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsSet("QORM_TEST_VALUE_ON_ERROR")) {
        auto db = Database::open(QStringLiteral("nonsense"));
        return db.value().isValid() ? 0 : 2; // must not get here: value() calls qFatal
    }
    QCoreApplication app(argc, argv);
    tst_Errors tc;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&tc, argc, argv);
}

#include "tst_errors.moc"
