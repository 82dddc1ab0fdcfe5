// SPDX-License-Identifier: MIT
// Issue 9's numbered failures, each with a regression test on every backend. The item number of
// the issue is in each test's name.
#include "testbackends.h"

#include <qorm/decimal.h>
#include <qorm/dialect.h>
#include <qorm/entitytablemodel.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryFile>
#include <QTest>
#include <QUuid>

#include <thread>

using namespace qorm;

class Num : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_rel_num")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(int, num, setNum)
    QORM_COLUMN(bool, flag, setFlag)
    QORM_COLUMN(QUuid, uid, setUid)
    QORM_COLUMN(std::optional<QDate>, day, setDay)
    QORM_COLUMN(std::optional<QString>, text, setText)
    QORM_LENGTH(text, 10)
public:
    Q_INVOKABLE explicit Num(QObject *parent = nullptr) : Entity(parent) { }
};

class Pair : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_rel_pair")
    QORM_PRIMARY_KEY("a,b")
    QORM_COLUMN(QString, a, setA)
    QORM_LENGTH(a, 20)
    QORM_COLUMN(QString, b, setB)
    QORM_LENGTH(b, 20)
    QORM_COLUMN(int, value, setValue)
public:
    Q_INVOKABLE explicit Pair(QObject *parent = nullptr) : Entity(parent) { }
};

/*! Decimals with the backend's default limits and with declared precision and scale. */
class Money : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_rel_money")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(std::optional<qorm::Decimal>, amount, setAmount)
    QORM_COLUMN(qorm::Decimal, price, setPrice)
    QORM_DECIMAL(price, 10, 2)
public:
    Q_INVOKABLE explicit Money(QObject *parent = nullptr) : Entity(parent) { }
};

/*! A table name of 70 characters: PostgreSQL would truncate it, MariaDB refuses it. */
class LongName : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_rel_a_table_name_that_is_far_too_long_for_postgresql_and_mariadb_x")
    QORM_ID(qint64, id, setId)
public:
    Q_INVOKABLE explicit LongName(QObject *parent = nullptr) : Entity(parent) { }
};

/*! Two properties that snake_case maps onto one column. */
class Collide : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_rel_collide")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(qint64, userId, setUserId)
    QORM_COLUMN(qint64, user_id, setUser_id)
public:
    Q_INVOKABLE explicit Collide(QObject *parent = nullptr) : Entity(parent) { }
};

/*! Two properties mapped to one logical column name. */
class SameColumn : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_rel_same")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, first, setFirst)
    QORM_COLUMN_NAME(first, "name")
    QORM_COLUMN(QString, second, setSecond)
    QORM_COLUMN_NAME(second, "Name")
public:
    Q_INVOKABLE explicit SameColumn(QObject *parent = nullptr) : Entity(parent) { }
};

/*! A length that is not a number. */
class TenLong : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_rel_ten")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
    Q_CLASSINFO("qorm.length.name", "ten")
public:
    Q_INVOKABLE explicit TenLong(QObject *parent = nullptr) : Entity(parent) { }
};

/*! Mapped onto a table the test creates by hand with a deferred foreign key. */
class DeferredChild : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_rel_dchild")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(qint64, parentId, setParentId)
public:
    Q_INVOKABLE explicit DeferredChild(QObject *parent = nullptr) : Entity(parent) { }
};

/*! A CHECK whose quoted column name contains another placeholder. */
class Tricky : public Entity
{
    Q_OBJECT
    QORM_TABLE("qorm_rel_tricky")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(int, a, setA)
    QORM_COLUMN_NAME(a, "{b}")
    QORM_COLUMN(int, b, setB)
    QORM_CHECK("{a} < {b}")
public:
    Q_INVOKABLE explicit Tricky(QObject *parent = nullptr) : Entity(parent) { }
};

class tst_Regressions : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_db;
    const QList<const QMetaObject *> m_classes = { &Num::staticMetaObject, &Pair::staticMetaObject, &Money::staticMetaObject };

    /*! Commits a Money with \a amount and \a price; the error, and the value read back by a second session. */
    Error storeMoney(const std::optional<Decimal> &amount, const Decimal &price, std::optional<Decimal> *readBack = nullptr)
    {
        Session session(m_db);
        auto m = std::make_shared<Money>();
        m->setAmount(amount);
        m->setPrice(price);
        if (Error e = session.add(m); e.isValid())
            return e;
        if (Error e = session.commit(); e.isValid())
            return e;
        if (readBack) {
            Session reader(m_db);
            *readBack = reader.get<Money>(m->id()).value()->amount();
        }
        return {};
    }

    QString backend() const { return m_db.dialect().name(); }
    QString table(const char *name) const { return m_db.dialect().quoteIdentifier(QString::fromLatin1(name)); }

    void addNumbers(Session &session)
    {
        for (int n : { 1, 2, 3 }) {
            auto e = std::make_shared<Num>();
            e->setNum(n);
            e->setFlag(n == 2);
            e->setUid(QUuid::createUuid());
            QVERIFY(!session.add(e).isValid());
        }
        QORM_VERIFY_OK(session.commit());
    }

    static QList<int> nums(const Result<QList<std::shared_ptr<Num>>> &rows)
    {
        QList<int> out;
        if (rows)
            for (const auto &r : rows.value())
                out.append(r->num());
        std::sort(out.begin(), out.end());
        return out;
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

    void item2_misuseIsATypedError()
    {
        {
            Session invalid{ Database() };
            auto rows = invalid.query<Num>().all();
            QVERIFY(!rows);
            QCOMPARE(rows.error().kind(), Error::Kind::InvalidState);
            QCOMPARE(invalid.add(std::make_shared<Num>()).kind(), Error::Kind::InvalidState);
            QCOMPARE(invalid.commit().kind(), Error::Kind::InvalidState);
        }
        Session session(m_db);
        const Expr empty;
        for (const Expr &bad : { col(u"num"_qs) == empty, col(u"num"_qs) < empty, empty.like(u"x"_qs), empty.in({ 1 }),
                                 empty == col(u"num"_qs), empty.isNull() }) {
            auto rows = session.query<Num>().where(bad).all();
            QVERIFY(!rows);
            QCOMPARE(rows.error().kind(), Error::Kind::InvalidState);
        }
        QVERIFY((!empty).isEmpty()); // NOT of nothing is nothing: no condition
        // A query and a model that outlive their session.
        auto owned = std::make_unique<Session>(m_db);
        auto query = owned->query<Num>();
        EntityTableModel model(owned.get(), Num::staticMetaObject);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        addNumbers(*owned);
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 3);
        QSignalSpy errors(&model, &EntityTableModel::errorOccurred);
        owned.reset();
        auto rows = query.all();
        QVERIFY(!rows);
        QCOMPARE(rows.error().kind(), Error::Kind::InvalidState);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(model.lastError().kind(), Error::Kind::InvalidState);
        QVERIFY(!model.select());
        QVERIFY(!model.submitAll());
    }

    void item3_wrongThreadIsAlwaysAnError()
    {
        Session session(m_db);
        addNumbers(session);
        auto entity = session.query<Num>().first().value();
        int refused = 0;
        const int attempts = 100;
        std::thread worker([&] { // std::thread: its join() is visible to ThreadSanitizer
            for (int i = 0; i < attempts; ++i) {
                auto rows = session.query<Num>().all();
                const Error added = session.add(std::make_shared<Num>());
                const Error committed = session.commit();
                if (!rows && rows.error().kind() == Error::Kind::InvalidState && added.kind() == Error::Kind::InvalidState
                    && committed.kind() == Error::Kind::InvalidState)
                    ++refused;
            }
        });
        // Meanwhile the owner thread keeps using the session.
        for (int i = 0; i < 20; ++i) {
            entity->setNum(100 + i);
            QORM_VERIFY_OK(session.commit());
        }
        worker.join();
        QCOMPARE(refused, attempts);
        QCOMPARE(session.query<Num>().count().value(), qint64(3)); // nothing added from the worker
    }

    void item4_comparisonsFollowSqlAndConversionsAreExact()
    {
        Session session(m_db);
        addNumbers(session);
        QCOMPARE(nums(session.query<Num>().where(col(u"num"_qs) == qint64(4294967297)).all()), QList<int>{});
        QCOMPARE(nums(session.query<Num>().where(col(u"num"_qs) > 1.5).all()), (QList<int>{ 2, 3 }));
        QCOMPARE(nums(session.query<Num>().where(col(u"num"_qs) < 2.5).all()), (QList<int>{ 1, 2 }));
        QCOMPARE(nums(session.query<Num>().where(col(u"num"_qs) == 2.0).all()), (QList<int>{ 2 }));
        QCOMPARE(nums(session.query<Num>().where(col(u"num"_qs).in({ 1.5, 3, qint64(1) << 40 })).all()), (QList<int>{ 3 }));
        QCOMPARE(nums(session.query<Num>().where(col(u"flag"_qs) == true).all()), (QList<int>{ 2 }));
        for (const Expr &bad : { col(u"flag"_qs) == "no", col(u"uid"_qs) == "zzz", col(u"num"_qs) == "7x" }) {
            auto rows = session.query<Num>().where(bad).all();
            QVERIFY(!rows);
            QCOMPARE(rows.error().kind(), Error::Kind::TypeMismatch);
        }

        EntityTableModel model(&session, Num::staticMetaObject);
        model.setColumns({ u"num"_qs, u"flag"_qs, u"uid"_qs, u"text"_qs });
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.select());
        const QModelIndex num = model.index(0, 0);
        const int before = model.data(num).toInt();
        for (const QVariant &bad : { QVariant(qint64(5000000000)), QVariant(3.7), QVariant(), QVariant(u"abc"_qs) })
            QVERIFY2(!model.setData(num, bad), qPrintable(bad.toString()));
        QCOMPARE(model.data(num).toInt(), before);
        QVERIFY(!model.setData(model.index(0, 1), u"abc"_qs));        // not a bool
        QVERIFY(!model.setData(model.index(0, 2), u"not-a-uuid"_qs)); // not a UUID
        QCOMPARE(model.lastError().kind(), Error::Kind::TypeMismatch);
        QVERIFY(model.setData(num, u" 42 "_qs)); // text from an editor that parses completely
        QVERIFY(model.setData(model.index(0, 1), u"true"_qs));
        QVERIFY(model.setData(model.index(0, 3), QVariant())); // NULL into an optional column
        QVERIFY(model.submitAll());
    }

    void item5_compositeKeysWithSeparatorsStayApart()
    {
        Session session(m_db);
        const QString sep(QChar(0x1f));
        for (auto [a, b, v] : { std::tuple{ u"x"_qs + sep + u"y"_qs, u"z"_qs, 1 }, { u"x"_qs, u"y"_qs + sep + u"z"_qs, 2 } }) {
            auto p = std::make_shared<Pair>();
            p->setA(a);
            p->setB(b);
            p->setValue(v);
            QORM_VERIFY_OK(session.add(p));
        }
        QORM_VERIFY_OK(session.commit());
        Session reader(m_db);
        auto rows = reader.query<Pair>().orderBy(u"value"_qs).all();
        QORM_VERIFY_RESULT(rows);
        QCOMPARE(rows.value().size(), 2);
        QVERIFY(rows.value()[0] != rows.value()[1]);
        QCOMPARE(rows.value()[0]->value(), 1);
        QCOMPARE(rows.value()[1]->value(), 2);
        QCOMPARE(rows.value()[1]->b(), u"y"_qs + sep + u"z"_qs);
    }

    void item6_datesBeforeYearOneAreRefused()
    {
        Session session(m_db);
        auto e = std::make_shared<Num>();
        e->setDay(QDate(-44, 3, 15));
        QORM_VERIFY_OK(session.add(e));
        const Error err = session.commit();
        QCOMPARE(err.kind(), Error::Kind::TypeMismatch);
        QVERIFY2(err.message().startsWith(u"Num.day: year -44 cannot be stored"_qs), qPrintable(err.message()));
        QCOMPARE(session.query<Num>().autoflush(false).count().value(), qint64(0)); // the refused entity is still pending
        e->setDay(QDate(1, 1, 1));
        QORM_VERIFY_OK(session.commit());
        Session reader(m_db);
        QCOMPARE(reader.get<Num>(e->id()).value()->day(), std::optional<QDate>(QDate(1, 1, 1)));
    }

    void item7_decimalsAreExactOrRefused()
    {
        // Declared QORM_DECIMAL(price, 10, 2): the same on every backend.
        QORM_VERIFY_OK(storeMoney(std::nullopt, Decimal::fromString(u"12345678.91"_qs)));
        QORM_VERIFY_OK(storeMoney(std::nullopt, Decimal::fromString(u"1.50000"_qs))); // trailing zeros cost nothing
        for (const char *bad : { "123456789.1", "1.234", "-0.001" }) {
            const Error e = storeMoney(std::nullopt, Decimal::fromString(QString::fromLatin1(bad)));
            QCOMPARE(e.kind(), Error::Kind::TypeMismatch);
            QVERIFY2(e.message().startsWith(u"Money.price: "_qs) && e.sql().isEmpty(), qPrintable(e.message()));
        }
        // Undeclared: each backend's own limits, never a silent rounding.
        std::optional<Decimal> back;
        const Decimal fifteen = Decimal::fromString(u"123456789012.345"_qs);
        const Decimal eighteen = Decimal::fromString(u"-12345678901234.5678"_qs);
        const Decimal tiny(1, 18), fivePlaces(12345, 5), extreme(std::numeric_limits<qint64>::min(), 2);
        if (backend() == u"sqlite"_qs) {
            QORM_VERIFY_OK(storeMoney(fifteen, Decimal(0, 0), &back));
            QCOMPARE(back, std::optional<Decimal>(fifteen));
            for (const Decimal &d : { eighteen, extreme }) {
                const Error e = storeMoney(d, Decimal(0, 0));
                QCOMPARE(e.kind(), Error::Kind::TypeMismatch);
                QVERIFY2(e.message().contains(u"significant digits"_qs), qPrintable(e.message()));
            }
            QORM_VERIFY_OK(storeMoney(tiny, Decimal(0, 0), &back)); // 1 significant digit
            QCOMPARE(back, std::optional<Decimal>(tiny));
        } else if (backend() == u"mysql"_qs) { // DECIMAL(19,4)
            for (const Decimal &d : { tiny, fivePlaces, extreme }) {
                const Error e = storeMoney(d, Decimal(0, 0));
                QCOMPARE(e.kind(), Error::Kind::TypeMismatch);
                QVERIFY2(e.message().contains(u"DECIMAL(19,4)"_qs), qPrintable(e.message()));
            }
            QORM_VERIFY_OK(storeMoney(eighteen, Decimal(0, 0), &back));
            QCOMPARE(back, std::optional<Decimal>(eighteen));
        } else { // PostgreSQL NUMERIC: anything a Decimal holds
            for (const Decimal &d : { tiny, fivePlaces, eighteen, extreme }) {
                QORM_VERIFY_OK(storeMoney(d, Decimal(0, 0), &back));
                QCOMPARE(back, std::optional<Decimal>(d));
            }
            Session session(m_db);
            QORM_VERIFY_RESULT(session.query<Money>().all()); // every stored value reads back
        }
    }

    void item8_namesOverTheBackendsLimitAreRefused()
    {
        Session session(m_db);
        auto rows = session.query<LongName>().all();
        const Error created = Schema(m_db).createTables({ &LongName::staticMetaObject });
        if (backend() == u"sqlite"_qs) {
            QORM_VERIFY_OK(created); // SQLite has no limit
            QORM_VERIFY_OK(Schema(m_db).dropTables({ &LongName::staticMetaObject }));
            return;
        }
        QVERIFY(!rows);
        QCOMPARE(rows.error().kind(), Error::Kind::Mapping);
        QVERIFY2(rows.error().message().contains(backend() == u"postgresql"_qs ? u"truncates names to 63 bytes"_qs : u"allow 64"_qs),
                 qPrintable(rows.error().message()));
        QCOMPARE(created.kind(), Error::Kind::Mapping);
    }

    void item11_statementCacheIsBounded()
    {
        Session session(m_db);
        addNumbers(session);
        // 1000 distinct SQL texts (IN lists of every length 1..1000).
        QVariantList values;
        for (int i = 1; i <= 1000; ++i) {
            values.append(i);
            auto rows = session.query<Num>().where(col(u"num"_qs).in(values)).all();
            QORM_VERIFY_RESULT(rows);
            QCOMPARE(rows.value().size(), qMin(i, 3));
        }
        if (backend() == u"postgresql"_qs) {
            const int prepared = qormtest::rawValue(m_db, u"SELECT COUNT(*) FROM pg_prepared_statements"_qs).toInt();
            QVERIFY2(prepared <= 70, qPrintable(QString::number(prepared))); // 64 cached + a few of the test's own
        } else if (backend() == u"mysql"_qs) {
            QSqlQuery q(m_db.connection().value());
            QVERIFY(q.exec(u"SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'"_qs) && q.next());
            QVERIFY2(q.value(1).toInt() <= 70, qPrintable(q.value(1).toString()));
        }
    }

    void item12_killedIdleConnectionFailsOnceThenReconnects()
    {
        if (backend() == u"sqlite"_qs)
            return; // no server connection to kill
        QFETCH_GLOBAL(QString, url);
        auto killer = Database::open(url);
        QORM_VERIFY_RESULT(killer);
        Session session(m_db);
        addNumbers(session);
        QVERIFY(qormtest::killConnection(m_db, killer.value()));
        int failures = 0;
        for (int i = 0; i < 10; ++i) {
            auto rows = session.query<Num>().where(col(u"num"_qs) > i).all(); // a new text each time
            if (rows)
                break;
            QCOMPARE(rows.error().kind(), Error::Kind::ConnectionLost);
            ++failures;
        }
        QCOMPARE(failures, 1);
    }

    void item14_smallerOnes()
    {
        QFETCH_GLOBAL(QString, url);
        // Two properties on one column, and a naming-strategy collision, are mapping errors.
        auto same = EntityMeta::of(SameColumn::staticMetaObject);
        QVERIFY(!same);
        QCOMPARE(same.error().kind(), Error::Kind::Mapping);
        auto snake = Database::open(url + (url.contains(u'?') ? u"&"_qs : u"?"_qs) + u"naming=snake_case"_qs);
        QORM_VERIFY_RESULT(snake);
        Session snakeSession(snake.value());
        auto collide = snakeSession.query<Collide>().all();
        QVERIFY(!collide);
        QCOMPARE(collide.error().kind(), Error::Kind::Mapping);
        QVERIFY2(collide.error().message().contains(u"both map to column 'user_id'"_qs), qPrintable(collide.error().message()));

        auto ten = EntityMeta::of(TenLong::staticMetaObject);
        QVERIFY(!ten);
        QCOMPARE(ten.error().kind(), Error::Kind::Mapping);
        QVERIFY2(ten.error().message().contains(u"'ten'"_qs), qPrintable(ten.error().message()));

        // A CHECK placeholder inside a quoted column name is not substituted twice.
        auto tricky = Schema(m_db).createStatements({ &Tricky::staticMetaObject });
        QORM_VERIFY_RESULT(tricky);
        const QString a = m_db.dialect().quoteIdentifier(u"{b}"_qs), b = m_db.dialect().quoteIdentifier(u"b"_qs);
        QVERIFY2(tricky.value().first().contains(u"CHECK ("_qs + a + u" < "_qs + b + u')'), qPrintable(tricky.value().first()));

        // setColumns() with an unknown property says so through the signal too.
        Session session(m_db);
        EntityTableModel model(&session, Num::staticMetaObject);
        QSignalSpy errors(&model, &EntityTableModel::errorOccurred);
        model.setColumns({ u"num"_qs, u"nope"_qs });
        QCOMPARE(errors.size(), 1);
        QCOMPARE(model.lastError().kind(), Error::Kind::UnknownColumn);

        // QORM_LENGTH holds for rows written by other programs too (SQLite: a CHECK).
        QVERIFY(!qormtest::execRaw(m_db, u"INSERT INTO "_qs + table("qorm_rel_num") + u" (num, flag, uid, text) VALUES (1, FALSE, '00000000-0000-0000-0000-000000000000', '12345678901')"_qs));

        // Text with NUL: PostgreSQL cannot store it, the others keep it.
        auto nul = std::make_shared<Num>();
        nul->setText(u"a"_qs + QChar(0) + u"b"_qs);
        QORM_VERIFY_OK(session.add(nul));
        const Error e = session.commit();
        if (backend() == u"postgresql"_qs) {
            QCOMPARE(e.kind(), Error::Kind::TypeMismatch);
            QVERIFY2(e.message().startsWith(u"Num.text: PostgreSQL text cannot contain NUL"_qs), qPrintable(e.message()));
        } else {
            QORM_VERIFY_OK(e);
            Session reader(m_db);
            QCOMPARE(reader.get<Num>(nul->id()).value()->text(), std::optional<QString>(u"a"_qs + QChar(0) + u"b"_qs));
        }
    }

    void item14_deferredForeignKeyKeepsItsKindAtCommit()
    {
        if (backend() == u"mysql"_qs)
            return; // MariaDB has no deferred constraints
        const QString parent = table("qorm_rel_dparent"), child = table("qorm_rel_dchild");
        QVERIFY(qormtest::execRaw(m_db, u"DROP TABLE IF EXISTS "_qs + child));
        QVERIFY(qormtest::execRaw(m_db, u"DROP TABLE IF EXISTS "_qs + parent));
        QVERIFY(qormtest::execRaw(m_db, u"CREATE TABLE "_qs + parent + u" (id INTEGER PRIMARY KEY)"_qs));
        QVERIFY(qormtest::execRaw(m_db, u"CREATE TABLE "_qs + child + u" (id INTEGER PRIMARY KEY, "_qs + m_db.dialect().quoteIdentifier(u"parentId"_qs)
                                                + u" INTEGER REFERENCES "_qs + parent + u" (id) DEFERRABLE INITIALLY DEFERRED)"_qs));
        Session session(m_db);
        auto orphan = std::make_shared<DeferredChild>();
        orphan->setId(1);
        orphan->setParentId(42);
        QORM_VERIFY_OK(session.add(orphan));
        QORM_VERIFY_OK(session.flush()); // the INSERT passes: the check waits for COMMIT
        const Error e = session.commit();
        QVERIFY(qormtest::execRaw(m_db, u"DROP TABLE "_qs + child));
        QVERIFY(qormtest::execRaw(m_db, u"DROP TABLE "_qs + parent));
        QCOMPARE(e.kind(), Error::Kind::ForeignKeyViolation); // not "Transaction"
        QVERIFY(e.sql().startsWith(u"COMMIT"_qs));
        QCOMPARE(orphan->entityState(), Entity::State::Pending); // nothing lost
    }

    void item14_sqliteGarbageFileAndWrongPort()
    {
        if (backend() == u"sqlite"_qs) {
            QTemporaryFile garbage(m_dir.filePath(u"garbage-XXXXXX.db"_qs));
            QVERIFY(garbage.open());
            garbage.write(QByteArray(4096, 'g'));
            garbage.close();
            auto db = Database::open(u"sqlite:///"_qs + garbage.fileName());
            QVERIFY(!db);
            QCOMPARE(db.error().kind(), Error::Kind::Connection);
            QVERIFY2(db.error().message().contains(u"file is not a database"_qs), qPrintable(db.error().message()));
            return;
        }
        if (backend() != u"mysql"_qs)
            return;
        // A MariaDB URL pointed at the PostgreSQL port: fails within the connect timeout.
        const QString pgUrl = qEnvironmentVariable("QORM_TEST_PSQL_URL");
        if (pgUrl.isEmpty())
            return;
        QFETCH_GLOBAL(QString, url);
        QUrl wrong(url);
        wrong.setPort(QUrl(pgUrl).port());
        QElapsedTimer timer;
        timer.start();
        auto db = Database::open(wrong.toString() + u"?connect_timeout=3"_qs);
        QVERIFY(!db);
        QCOMPARE(db.error().kind(), Error::Kind::Connection);
        QVERIFY2(timer.elapsed() < 15000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(tst_Regressions)
#include "tst_regressions.moc"
