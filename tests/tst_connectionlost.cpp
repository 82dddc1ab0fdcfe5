// SPDX-License-Identifier: MIT
// A connection killed by the server mid-session: a clear ConnectionLost error, nothing lost, and
// the next commit reconnects and writes the pending changes. Servers only (SQLite has no server).
#include "testbackends.h"
#include "testentities.h"

#include <qorm/dialect.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>

using namespace qorm;

class tst_ConnectionLost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { qormtest::addServerRows("QORM_TEST_PSQL_URL", "QORM_TEST_MYSQL_URL"); }

    void killedConnectionLosesNothing()
    {
        QFETCH_GLOBAL(QString, url);
        QORM_SKIP_WITHOUT_SERVER(url);
        auto db = Database::open(url);
        QORM_VERIFY_RESULT(db);
        auto killer = Database::open(url); // a second, independent connection
        QORM_VERIFY_RESULT(killer);
        const QList<const QMetaObject *> classes = { &Person::staticMetaObject };
        QORM_VERIFY_OK(Schema(db.value()).dropTables(classes));
        QORM_VERIFY_OK(Schema(db.value()).createTables(classes));

        Session session(db.value());
        auto p = std::make_shared<Person>();
        p->setName(u"before"_qs);
        QORM_VERIFY_OK(session.add(p));
        QORM_VERIFY_OK(session.commit());

        // The server ends the session's connection.
        QVERIFY(qormtest::killConnection(db.value(), killer.value()));

        p->setName(u"after"_qs);
        const Error e = session.commit();
        QCOMPARE(e.kind(), Error::Kind::ConnectionLost);
        QVERIFY(!e.driverText().isEmpty());
        QCOMPARE(p->name(), u"after"_qs); // the edit is kept...
        QVERIFY(p->isDirty());             // ...and still to be written
        QVERIFY(!session.isInTransaction());

        // The next commit connects again and writes it; qorm.connection says so.
        QLoggingCategory::setFilterRules(u"qorm.connection=true"_qs);
        QTest::ignoreMessage(QtDebugMsg, QRegularExpression(u"^session reconnected to "_qs));
        QTest::ignoreMessage(QtDebugMsg, QRegularExpression(u"^connected to "_qs));
        QORM_VERIFY_OK(session.commit());
        QLoggingCategory::setFilterRules(QString());
        QCOMPARE(qormtest::rawValue(killer.value(), u"SELECT name FROM "_qs + killer.value().dialect().quoteIdentifier(QString::fromUtf8(QORM_TEST_PREFIX "person"))).toString(),
                 u"after"_qs);
        QORM_VERIFY_OK(Schema(killer.value()).dropTables(classes));
    }
};

QTEST_GUILESS_MAIN(tst_ConnectionLost)
#include "tst_connectionlost.moc"
