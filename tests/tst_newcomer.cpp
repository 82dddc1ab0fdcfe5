// SPDX-License-Identifier: MIT
// The bugs a newcomer hits first (issue 8), each on every backend: a setup script run twice,
// declared defaults on new entities, automatic timestamps, exact conversions where a value meets
// a column, VARCHAR(n) overflows, remove() with the handle add() takes, driver URL parameters.
#include "testbackends.h"

#include <qorm/decimal.h>
#include <qorm/dialect.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QSqlQuery>
#include <QTest>
#include <QThread>

using namespace qorm;

/*! Django's tutorial post: a status with a default, creation and modification times. */
class Post : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_newcomer_post")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, title, setTitle)
    QORM_LENGTH(title, 20)
    QORM_COLUMN(QString, status, setStatus)
    QORM_DEFAULT(status, "draft")
    QORM_COLUMN(int, votes, setVotes)
    QORM_DEFAULT(votes, "1")
    QORM_COLUMN(std::optional<qorm::Decimal>, price, setPrice)
    QORM_DEFAULT(price, "9.99")
    QORM_COLUMN(std::optional<QDateTime>, createdAt, setCreatedAt)
    QORM_CREATED_AT(createdAt)
    QORM_COLUMN(QDateTime, updatedAt, setUpdatedAt)
    QORM_UPDATED_AT(updatedAt)
public:
    Q_INVOKABLE explicit Post(QObject *parent = nullptr) : Entity(parent) { }
};

/*! The same defaults, written with plain Q_PROPERTY: Entity::applyDefaults() in the constructor. */
class PlainPost : public Entity
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "qorm_newcomer_plain_post")
    Q_CLASSINFO("qorm.primaryKey", "id")
    Q_CLASSINFO("qorm.autoIncrement", "id")
    Q_CLASSINFO("qorm.default.status", "draft")
    Q_PROPERTY(qint64 id READ id WRITE setId)
    Q_PROPERTY(QString status READ status WRITE setStatus)
public:
    Q_INVOKABLE explicit PlainPost(QObject *parent = nullptr) : Entity(parent) { applyDefaults(); }
    qint64 id() const { return m_id; }
    void setId(qint64 v) { m_id = v; }
    QString status() const { return m_status; }
    void setStatus(const QString &v) { m_status = v; }
private:
    qint64 m_id = 0;
    QString m_status;
};

/*! A class whose table the test creates by hand with a narrower column than the mapping says. */
class Narrow : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_newcomer_narrow")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, code, setCode)
public:
    Q_INVOKABLE explicit Narrow(QObject *parent = nullptr) : Entity(parent) { }
};

/*! Defaults that would end or escape a badly quoted SQL literal (MariaDB treats \\ as an escape). */
class HostileDefaults : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_newcomer_hostile_defaults")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, a, setA)
    QORM_DEFAULT(a, "\\")
    QORM_COLUMN(QString, b, setB)
    QORM_DEFAULT(b, ", injected INT) -- ")
    QORM_COLUMN(QString, path, setPath)
    QORM_DEFAULT(path, "C:\\new\\table's")
public:
    Q_INVOKABLE explicit HostileDefaults(QObject *parent = nullptr) : Entity(parent) { }
};

class tst_Newcomer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_db;
    const QList<const QMetaObject *> m_classes = { &Post::staticMetaObject, &PlainPost::staticMetaObject };

    QVariant raw(const QString &sql, const QVariantList &values = {}) { return qormtest::rawValue(m_db, sql, values); }
    QString table(const char *name) const { return m_db.dialect().quoteIdentifier(QString::fromLatin1(name)); }

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

    void createTablesTwiceIsIdempotent()
    {
        // A script run twice: the second call finds the tables and keeps their rows.
        QVERIFY(qormtest::execRaw(m_db, u"INSERT INTO "_qs + table("qorm_newcomer_plain_post") + u" (status) VALUES ('kept')"_qs));
        QORM_VERIFY_OK(Schema(m_db).createTables(m_classes));
        QCOMPARE(raw(u"SELECT status FROM "_qs + table("qorm_newcomer_plain_post")).toString(), u"kept"_qs);

        // Strict mode reports the existing table, as plain CREATE TABLE does.
        const Error strict = Schema(m_db).createTables(m_classes, Schema::Existence::Strict);
        QVERIFY(strict.isValid());
        QCOMPARE(strict.kind(), Error::Kind::Statement);
        QVERIFY2(strict.sql().startsWith(u"CREATE TABLE"_qs), qPrintable(strict.sql()));

        // Dropping twice works; strict drop of a missing table is an error.
        QORM_VERIFY_OK(Schema(m_db).dropTables(m_classes));
        QORM_VERIFY_OK(Schema(m_db).dropTables(m_classes));
        QVERIFY(Schema(m_db).dropTables(m_classes, Schema::Existence::Strict).isValid());
    }

    void declaredDefaultsApplyToNewEntities()
    {
        Post fresh;
        QCOMPARE(fresh.status(), u"draft"_qs); // like Django's default=, visible before saving
        QCOMPARE(fresh.votes(), 1);
        QCOMPARE(fresh.price(), std::optional<Decimal>(Decimal(999, 2)));

        Session session(m_db);
        auto post = std::make_shared<Post>();
        post->setTitle(u"Hello"_qs); // status, votes and price never set
        auto published = std::make_shared<Post>();
        published->setTitle(u"Out"_qs);
        published->setStatus(u"published"_qs);
        published->setPrice(std::nullopt); // an explicit NULL stays NULL
        auto plain = std::make_shared<PlainPost>();
        QCOMPARE(plain->status(), u"draft"_qs);
        QORM_VERIFY_OK(session.add(post));
        QORM_VERIFY_OK(session.add(published));
        QORM_VERIFY_OK(session.add(plain));
        QORM_VERIFY_OK(session.commit());

        const QString posts = table("qorm_newcomer_post");
        QCOMPARE(raw(u"SELECT status FROM "_qs + posts + u" WHERE id = ?"_qs, { post->id() }).toString(), u"draft"_qs);
        QCOMPARE(raw(u"SELECT votes FROM "_qs + posts + u" WHERE id = ?"_qs, { post->id() }).toInt(), 1);
        QCOMPARE(raw(u"SELECT price FROM "_qs + posts + u" WHERE id = ?"_qs, { post->id() }).toString().left(4), u"9.99"_qs);
        QCOMPARE(raw(u"SELECT status FROM "_qs + posts + u" WHERE id = ?"_qs, { published->id() }).toString(), u"published"_qs);
        QVERIFY(raw(u"SELECT price FROM "_qs + posts + u" WHERE id = ?"_qs, { published->id() }).isNull());
        QCOMPARE(raw(u"SELECT status FROM "_qs + table("qorm_newcomer_plain_post")).toString(), u"draft"_qs);

        // The schema's DEFAULT serves rows inserted by other programs.
        QVERIFY(qormtest::execRaw(m_db, u"INSERT INTO "_qs + posts + u" (title, "_qs + m_db.dialect().quoteIdentifier(u"updatedAt"_qs)
                                                + u") VALUES ('raw', '2020-01-01 00:00:00')"_qs));
        QCOMPARE(raw(u"SELECT status FROM "_qs + posts + u" WHERE title = 'raw'"_qs).toString(), u"draft"_qs);
    }

    void timestampsAreSetInUtc()
    {
        Session session(m_db);
        auto post = std::make_shared<Post>();
        post->setTitle(u"Stamped"_qs);
        const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
        QORM_VERIFY_OK(session.add(post));
        QORM_VERIFY_OK(session.commit());
        const QDateTime after = QDateTime::currentDateTimeUtc().addMSecs(1);
        QVERIFY(post->createdAt().has_value());
        const QDateTime created = *post->createdAt();
        QCOMPARE(created.timeSpec(), Qt::UTC);
        QVERIFY2(created >= before && created <= after, qPrintable(created.toString(Qt::ISODateWithMs)));
        QCOMPARE(post->updatedAt(), created);

        // Stored as the entity holds it: read back through a second session.
        Session reader(m_db);
        auto back = reader.get<Post>(post->id());
        QORM_VERIFY_RESULT(back);
        QCOMPARE(back.value()->createdAt(), post->createdAt());

        // An UPDATE of another column moves updatedAt forward, never createdAt.
        QTest::qWait(5);
        post->setTitle(u"Restamped"_qs);
        QORM_VERIFY_OK(session.commit());
        QVERIFY(post->updatedAt() > created);
        QCOMPARE(*post->createdAt(), created);
        const QString posts = table("qorm_newcomer_post");
        QCOMPARE(raw(u"SELECT COUNT(*) FROM "_qs + posts + u" WHERE id = ? AND "_qs + m_db.dialect().quoteIdentifier(u"updatedAt"_qs) + u" > "_qs
                             + m_db.dialect().quoteIdentifier(u"createdAt"_qs), { post->id() }).toInt(), 1);

        // No change, no UPDATE, no new time.
        const QDateTime updated = post->updatedAt();
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(post->updatedAt(), updated);
    }

    void exactConversionsWhereValuesMeetColumns()
    {
        Session session(m_db);
        for (auto [title, cents] : { std::pair{ "cheap", 1000 }, { "dear", 2000 } }) {
            auto p = std::make_shared<Post>();
            p->setTitle(QString::fromLatin1(title));
            p->setPrice(Decimal(cents, 2));
            QORM_VERIFY_OK(session.add(p));
        }
        QORM_VERIFY_OK(session.commit());
        // An int against a Decimal column, a double too; const char * against a QString column.
        auto under15 = session.query<Post>().where(col(u"price"_qs) < 15).all();
        QORM_VERIFY_RESULT(under15);
        QCOMPARE(under15.value().size(), 1);
        QCOMPARE(under15.value().first()->title(), u"cheap"_qs);
        auto underDouble = session.query<Post>().where(col(u"price"_qs) < 15.5).all();
        QORM_VERIFY_RESULT(underDouble);
        QCOMPARE(underDouble.value().size(), 1);
        auto byName = session.query<Post>().where(col(u"title"_qs) == "dear").all();
        QORM_VERIFY_RESULT(byName);
        QCOMPARE(byName.value().size(), 1);
        auto byLatin1 = session.query<Post>().where(col(u"title"_qs) == QLatin1StringView("dear")).all();
        QORM_VERIFY_RESULT(byLatin1);
        QCOMPARE(byLatin1.value().size(), 1);
        auto byKey = session.get<Post>(int(byName.value().first()->id())); // int for a qint64 key
        QORM_VERIFY_RESULT(byKey);
        QCOMPARE(byKey.value(), byName.value().first());

        // What cannot be converted exactly is refused before any SQL, naming class and property.
        auto r = session.query<Post>().where(col(u"votes"_qs) == u"abc"_qs).all();
        QVERIFY(!r);
        QCOMPARE(r.error().kind(), Error::Kind::TypeMismatch);
        QVERIFY2(r.error().message().startsWith(u"Post.votes: cannot use"_qs), qPrintable(r.error().message()));
        QCOMPARE(r.error().propertyName(), u"votes"_qs);
        // Numbers that do not fit the column are compared as numbers (issue 9 item 4).
        auto tooBig = session.query<Post>().where(col(u"votes"_qs) == qint64(4294967297)).all();
        QORM_VERIFY_RESULT(tooBig);
        QVERIFY(tooBig.value().isEmpty());
        auto fraction = session.query<Post>().where(col(u"votes"_qs) < 1.5).all(); // both posts have the default, 1
        QORM_VERIFY_RESULT(fraction);
        QCOMPARE(fraction.value().size(), 2);
    }

    void declaredLengthIsValueTooLong()
    {
        Session session(m_db);
        auto post = std::make_shared<Post>();
        post->setTitle(QString(21, u'x')); // QORM_LENGTH(title, 20)
        QORM_VERIFY_OK(session.add(post));
        const Error e = session.commit();
        QCOMPARE(e.kind(), Error::Kind::ValueTooLong);
        QCOMPARE(e.message(), u"Post.title: value too long for VARCHAR(20) (21 characters)"_qs);
        QVERIFY(post->isDirty()); // nothing lost: fix it and commit again
        post->setTitle(QString(20, u'x'));
        QORM_VERIFY_OK(session.commit());
    }

    void serverVarcharOverflowIsValueTooLong()
    {
        if (m_db.dialect().name() == u"sqlite"_qs)
            return; // SQLite does not enforce VARCHAR(n); declared lengths are checked by qorm (above)
        const QString narrow = table("qorm_newcomer_narrow");
        QVERIFY(qormtest::execRaw(m_db, u"DROP TABLE IF EXISTS "_qs + narrow));
        QVERIFY(qormtest::execRaw(m_db, u"CREATE TABLE "_qs + narrow + u" (id INTEGER PRIMARY KEY, code VARCHAR(5) NOT NULL)"_qs));
        Session session(m_db);
        auto n = std::make_shared<Narrow>();
        n->setId(1);
        n->setCode(u"toolong"_qs);
        QORM_VERIFY_OK(session.add(n));
        const Error e = session.commit();
        QVERIFY(qormtest::execRaw(m_db, u"DROP TABLE "_qs + narrow));
        QCOMPARE(e.kind(), Error::Kind::ValueTooLong);
        // PostgreSQL names the limit but not the column; MariaDB the column but not the limit.
        QCOMPARE(e.message(), m_db.dialect().name() == u"postgresql"_qs ? u"Narrow: value too long for VARCHAR(5)"_qs
                                                                       : u"Narrow.code: value too long for the column"_qs);
    }

    void hostileDefaultsStayLiterals()
    {
        const QList<const QMetaObject *> classes = { &HostileDefaults::staticMetaObject };
        QORM_VERIFY_OK(Schema(m_db).dropTables(classes));
        QORM_VERIFY_OK(Schema(m_db).createTables(classes));
        const QString t = table("qorm_newcomer_hostile_defaults");
        // Only the declared columns exist, and the server's DEFAULTs are exactly the texts.
        QVERIFY(qormtest::execRaw(m_db, u"INSERT INTO "_qs + t + u" (id) VALUES (1)"_qs));
        QCOMPARE(raw(u"SELECT a FROM "_qs + t).toString(), u"\\"_qs);
        QCOMPARE(raw(u"SELECT b FROM "_qs + t).toString(), u", injected INT) -- "_qs);
        QCOMPARE(raw(u"SELECT path FROM "_qs + t).toString(), u"C:\\new\\table's"_qs);
        QVERIFY(!qormtest::execRaw(m_db, u"SELECT injected FROM "_qs + t));
        QORM_VERIFY_OK(Schema(m_db).dropTables(classes));
    }

    void removeTakesTheSharedHandle()
    {
        Session session(m_db);
        auto post = std::make_shared<Post>();
        post->setTitle(u"Doomed"_qs);
        QORM_VERIFY_OK(session.add(post));
        QORM_VERIFY_OK(session.commit());
        QORM_VERIFY_OK(session.remove(post)); // the same std::shared_ptr add() took
        QORM_VERIFY_OK(session.commit());
        QCOMPARE(raw(u"SELECT COUNT(*) FROM "_qs + table("qorm_newcomer_post")).toInt(), 0);
        QCOMPARE(session.remove(std::make_shared<Post>()).kind(), Error::Kind::InvalidState);
    }

    void urlParametersReachTheDriver()
    {
        QFETCH_GLOBAL(QString, url);
        const QString sep = url.contains(u'?') ? u"&"_qs : u"?"_qs;
        // Unknown parameters are refused, naming the accepted ones.
        auto unknown = Database::open(url + sep + u"nonsense=1"_qs);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind(), Error::Kind::InvalidUrl);
        QVERIFY2(unknown.error().message().contains(u"unknown parameter 'nonsense'"_qs), qPrintable(unknown.error().message()));
        QVERIFY2(unknown.error().message().contains(u"naming"_qs), qPrintable(unknown.error().message()));
        QVERIFY2(!unknown.error().message().contains(u":qorm@"_qs), qPrintable(unknown.error().message())); // no password

        // Known ones are passed on: a connect timeout on servers, a busy timeout on SQLite.
        const bool sqlite = m_db.dialect().name() == u"sqlite"_qs;
        auto tuned = Database::open(url + sep + (sqlite ? u"busy_timeout=1234"_qs : u"connect_timeout=7"_qs));
        QORM_VERIFY_RESULT(tuned);
        QVERIFY2(tuned.value().connection().value().connectOptions().contains(sqlite ? u"QSQLITE_BUSY_TIMEOUT=1234"_qs : u"7"_qs),
                 qPrintable(tuned.value().connection().value().connectOptions()));
        auto badValue = Database::open(url + sep + (sqlite ? u"busy_timeout=soon"_qs : u"connect_timeout=soon"_qs));
        QVERIFY(!badValue);
        QCOMPARE(badValue.error().kind(), Error::Kind::InvalidUrl);
        auto injected = Database::open(url + sep + (sqlite ? u"busy_timeout=1;QSQLITE_OPEN_READONLY"_qs : u"connect_timeout=1;x=y"_qs));
        QVERIFY(!injected);
        QCOMPARE(injected.error().kind(), Error::Kind::InvalidUrl);
    }
};

QTEST_GUILESS_MAIN(tst_Newcomer)
#include "tst_newcomer.moc"
