// SPDX-License-Identifier: MIT
// What QT_LOGGING_RULES="qorm.*=true" shows, on every backend: each statement with its bound
// values (NULL written differently from an empty string) and its time, failed prepares and
// executions marked FAILED with the error, DDL with its time, and new connections.
#include "testbackends.h"
#include "testentities.h"

#include <qorm/dialect.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QLoggingCategory>
#include <QMutex>
#include <QTest>

using namespace qorm;

namespace {
QMutex g_mutex;
QStringList g_lines;
QtMessageHandler g_previous = nullptr;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && QByteArray(context.category).startsWith("qorm.")) {
        QMutexLocker locker(&g_mutex);
        g_lines.append(QString::fromLatin1(context.category) + u' ' + message);
        return;
    }
    g_previous(type, context, message);
}

QStringList linesMatching(const QString &needle)
{
    QMutexLocker locker(&g_mutex);
    QStringList found;
    for (const QString &line : std::as_const(g_lines))
        if (line.contains(needle))
            found.append(line);
    return found;
}
} // namespace

class tst_Logging : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase_data() { qormtest::addBackendRows(m_dir); }

    void initTestCase()
    {
        QLoggingCategory::setFilterRules(u"qorm.*=true"_qs);
        g_previous = qInstallMessageHandler(capture);
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previous);
        QLoggingCategory::setFilterRules(QString());
    }

    void init()
    {
        QMutexLocker locker(&g_mutex);
        g_lines.clear();
    }

    void statementsDdlAndFailures()
    {
        QFETCH_GLOBAL(QString, url);
        auto db = Database::open(url);
        QORM_VERIFY_RESULT(db);
        QVERIFY(!linesMatching(u"qorm.connection connected to"_qs).isEmpty());

        const QList<const QMetaObject *> classes = { &Person::staticMetaObject };
        QORM_VERIFY_OK(Schema(db.value()).dropTables(classes));
        QORM_VERIFY_OK(Schema(db.value()).createTables(classes));
        const QStringList ddl = linesMatching(u"qorm.sql CREATE TABLE"_qs);
        QCOMPARE(ddl.size(), 1);
        QVERIFY2(ddl.first().endsWith(u" us"_qs), qPrintable(ddl.first()));

        Session session(db.value());
        auto p = std::make_shared<Person>();
        p->setName(QString(u""_qs)); // empty, not NULL
        p->setEmail(std::nullopt);   // NULL
        p->setAge(7);
        QORM_VERIFY_OK(session.add(p));
        QORM_VERIFY_OK(session.commit());
        const QStringList inserts = linesMatching(u"qorm.sql INSERT INTO"_qs);
        QCOMPARE(inserts.size(), 1);
        // [name, email, age, score, balance, created]
        QVERIFY2(inserts.first().contains(u"['', NULL, 7, 0, NULL, NULL]"_qs), qPrintable(inserts.first()));
        QVERIFY(inserts.first().endsWith(u" us"_qs));

        // A statement the database refuses (a table that does not exist) is logged as FAILED.
        QORM_VERIFY_OK(Schema(db.value()).dropTables(classes));
        auto gone = session.query<Person>().all();
        QVERIFY(!gone);
        const QStringList failed = linesMatching(u"qorm.sql FAILED SELECT"_qs);
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.first().contains(u"prepare failed: "_qs + gone.error().driverText().section(u'\n', 0, 0)), qPrintable(failed.first()));
        QVERIFY2(failed.first().endsWith(gone.error().nativeCode() + u')'), qPrintable(failed.first()));

        // SQLite runs statements through the native path when this build has it (and the suite's
        // second pass with QORM_SQLITE_NATIVE=0 turns it off): the connection log says which.
        const bool nativeExpected = QORM_TEST_NATIVE_SQLITE && db.value().dialect().name() == u"sqlite"_qs
                && qEnvironmentVariable("QORM_SQLITE_NATIVE") != u"0"_qs;
        QCOMPARE(!linesMatching(u"qorm.connection SQLite statements run natively"_qs).isEmpty(), nativeExpected);
    }
};

QTEST_GUILESS_MAIN(tst_Logging)
#include "tst_logging.moc"
