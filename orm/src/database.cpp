// SPDX-License-Identifier: MIT
#include <qorm/database.h>
#include <qorm/dialect.h>

#include "logging_p.h"
#include "mappingplans_p.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QHash>
#include <QMutex>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

#include <mutex>

namespace qorm {

static QThread *qApp_thread()
{
    return QCoreApplication::instance() ? QCoreApplication::instance()->thread() : nullptr;
}

class DatabasePrivate
{
public:
    ~DatabasePrivate();

    QString driver;
    QString displayUrl;
    QString databaseName;
    QString host;
    int port = -1;
    QString user;
    QString password;
    QString options; //!< QtSql connect options, from the dialect's defaults and the URL's parameters.
    NamingStrategy naming = NamingStrategy::AsIs;
    std::unique_ptr<Dialect> dialect;
    std::unique_ptr<detail::MappingPlans> plans; //!< Created on first use; shared by every copy and thread.
    std::once_flag plansOnce;
    int serial = 0;

    QMutex mutex;
    QHash<QThread *, QString> connections; // thread -> QSqlDatabase connection name
};

DatabasePrivate::~DatabasePrivate()
{
    // removeDatabase() closes the connection; it may be called from any thread once the
    // connection is unused (QSqlDatabase::database() may not: it belongs to its thread).
    for (const QString &name : std::as_const(connections))
        QSqlDatabase::removeDatabase(name);
}

namespace {
/*!
 * The connections opened by the current (non-main) thread. They are removed when the thread
 * finishes: from QThread::finished for a QThread (emitted before QThread::wait() returns), and
 * from this record's destructor as the thread exits for every thread, std::thread included (an
 * adopted thread never emits finished). The finished connections use `guard` as their context,
 * so they die with the record instead of leaking on adopted threads.
 */
struct ThreadConnections
{
    struct Entry
    {
        std::weak_ptr<DatabasePrivate> database;
        QThread *thread;
        QString name;
    };
    QList<Entry> entries;
    QObject guard;
    bool watching = false;

    void removeAll()
    {
        for (const Entry &e : std::as_const(entries)) {
            if (auto d = e.database.lock()) {
                QMutexLocker locker(&d->mutex);
                d->connections.remove(e.thread);
            }
            QSqlDatabase::removeDatabase(e.name);
        }
        entries.clear();
    }
    ~ThreadConnections() { removeAll(); }
};

ThreadConnections &threadConnections()
{
    thread_local ThreadConnections connections;
    return connections;
}
} // namespace

Database::Database() = default;
Database::~Database() = default;
Database::Database(const Database &) = default;
Database &Database::operator=(const Database &) = default;

/*!
 * \a text (a URL, or a message quoting one) with everything between the first "://" (else the
 * first ':') and the last '@' replaced by "***": user information never reaches a message, even
 * from text that is not a well-formed URL. Written by hand after fuzz_url found passwords that
 * a pattern for well-formed URLs let through (a '/' in the scheme, a second "://", control
 * characters or a parameter name quoting the password).
 */
static QString maskedUrl(const QString &text)
{
    const qsizetype at = text.lastIndexOf(u'@');
    if (at < 0)
        return text;
    qsizetype begin = text.indexOf(QStringLiteral("://"));
    begin = begin >= 0 && begin < at ? begin + 3 : text.indexOf(u':');
    if (begin < 0 || begin >= at)
        return text;
    QString masked = text;
    return masked.replace(begin, at - begin, QStringLiteral("***"));
}

static Error invalidUrl(const QString &url, const QString &why)
{
    // The reason may quote parts of the URL too (an unknown parameter's name): mask the whole text.
    return Error(Error::Kind::InvalidUrl, maskedUrl(QStringLiteral("invalid database URL '%1': %2").arg(url, why)));
}

/*! Parses \a url into a new DatabasePrivate (driver, dialect, options); connects nothing. */
static Result<std::shared_ptr<DatabasePrivate>> parseUrl(const QString &url)
{
    static QAtomicInt serials;
    auto d = std::make_shared<DatabasePrivate>();
    d->serial = serials.fetchAndAddRelaxed(1) + 1;

    const qsizetype schemeEnd = url.indexOf(QStringLiteral("://"));
    if (schemeEnd <= 0)
        return invalidUrl(url, QStringLiteral("expected scheme://..."));
    const QString scheme = url.left(schemeEnd).toLower();
    QString rest = url.mid(schemeEnd + 3);
    QString query;
    if (const qsizetype q = rest.indexOf(u'?'); q >= 0) {
        query = rest.mid(q + 1);
        rest.truncate(q);
    }
    QList<std::pair<QString, QString>> parameters = QUrlQuery(query).queryItems(QUrl::FullyDecoded);
    for (qsizetype i = 0; i < parameters.size(); ++i) {
        if (parameters[i].first != u"naming")
            continue;
        bool ok = false;
        d->naming = namingStrategyFromString(parameters[i].second, &ok);
        if (!ok)
            return invalidUrl(url, QStringLiteral("naming must be as_is, snake_case or pascal_case"));
        parameters.remove(i--);
    }

    if (scheme == QStringLiteral("sqlite")) {
        d->driver = QStringLiteral("QSQLITE");
        if (rest == QStringLiteral(":memory:") || rest == QStringLiteral("/:memory:")) {
            d->databaseName = QStringLiteral(":memory:");
        } else if (rest.startsWith(u'/') && rest.size() > 1) {
            d->databaseName = QUrl::fromPercentEncoding(rest.mid(1).toUtf8()); // "///rel" -> "rel", "////abs" -> "/abs"
        } else {
            return invalidUrl(url, QStringLiteral("use sqlite:///relative.db, sqlite:////absolute.db or sqlite://:memory:"));
        }
        d->displayUrl = url.left(url.indexOf(u'?'));
    } else if (scheme == QStringLiteral("postgresql") || scheme == QStringLiteral("postgres") || scheme == QStringLiteral("mysql") || scheme == QStringLiteral("mariadb")) {
        d->driver = scheme.startsWith(QStringLiteral("postgres")) ? QStringLiteral("QPSQL") : QStringLiteral("QMYSQL");
        const QUrl u(scheme + QStringLiteral("://") + rest);
        if (!u.isValid() || u.host().isEmpty())
            // QUrl's message quotes the whole URL ("; source was ..."), password included: cut it.
            return invalidUrl(url, u.errorString().isEmpty() ? QStringLiteral("missing host")
                                                             : u.errorString().section(QStringLiteral("; source was"), 0, 0));
        d->host = u.host();
        d->port = u.port(-1);
        d->user = u.userName();
        d->password = u.password();
        d->databaseName = u.path().mid(1);
        if (d->databaseName.isEmpty())
            return invalidUrl(url, QStringLiteral("missing database name"));
        QUrl shown = u;
        if (!shown.password().isEmpty())
            shown.setPassword(QStringLiteral("***"));
        d->displayUrl = shown.toString();
    } else {
        return invalidUrl(url, QStringLiteral("unknown scheme '%1' (sqlite, postgresql, mysql)").arg(scheme));
    }

    if (!QSqlDatabase::isDriverAvailable(d->driver))
        return Error(Error::Kind::DriverMissing,
                     QStringLiteral("the QtSql driver %1 is not installed (available: %2)")
                             .arg(d->driver, QSqlDatabase::drivers().join(QStringLiteral(", "))));
    d->dialect = Dialect::forDriver(d->driver);
    if (!d->dialect)
        return Error(Error::Kind::DriverMissing, QStringLiteral("qorm has no dialect for driver %1 yet").arg(d->driver));
    auto options = d->dialect->connectOptions(parameters);
    if (!options)
        return invalidUrl(url, options.error().message());
    d->options = options.value();

    return d;
}

Error Database::validateUrl(const QString &url)
{
    auto parsed = parseUrl(url);
    return parsed ? Error() : parsed.error();
}

Result<Database> Database::open(const QString &url)
{
    auto parsed = parseUrl(url);
    if (!parsed)
        return parsed.error();
    Database db;
    db.d = std::move(parsed.value());
    auto conn = db.connection();
    if (!conn)
        return conn.error();
    return db;
}

QString Database::displayUrl() const
{
    return d ? d->displayUrl : QString();
}

const Dialect &Database::dialect() const
{
    Q_ASSERT_X(d, "qorm::Database::dialect", "invalid database");
    return *d->dialect;
}

detail::MappingPlans &detail::MappingPlans::of(const Database &database)
{
    Q_ASSERT_X(database.d, "qorm::detail::MappingPlans::of", "invalid database");
    std::call_once(database.d->plansOnce, [&] {
        database.d->plans = std::make_unique<MappingPlans>(*database.d->dialect, database.d->naming);
    });
    return *database.d->plans;
}

NamingStrategy Database::namingStrategy() const
{
    return d ? d->naming : NamingStrategy::AsIs;
}

Result<QSqlDatabase> Database::connection() const
{
    if (!d)
        return Error(Error::Kind::Connection, QStringLiteral("invalid qorm::Database"));
    QThread *thread = QThread::currentThread();
    QString name;
    {
        QMutexLocker locker(&d->mutex);
        name = d->connections.value(thread);
        if (name.isEmpty()) {
            name = QStringLiteral("qorm/%1/%2").arg(d->serial).arg(quintptr(thread), 0, 16);
            d->connections.insert(thread, name);
            QSqlDatabase db = QSqlDatabase::addDatabase(d->driver, name);
            db.setDatabaseName(d->databaseName);
            if (!d->host.isEmpty())
                db.setHostName(d->host);
            if (d->port > 0)
                db.setPort(d->port);
            if (!d->user.isEmpty())
                db.setUserName(d->user);
            if (!d->password.isEmpty())
                db.setPassword(d->password);
            db.setConnectOptions(d->options);
            // A thread's connection goes away with the thread: QThreads and std::threads alike
            // (an adopted thread never emits QThread::finished), through a thread_local whose
            // destructor runs as the thread exits.
            if (thread != qApp_thread()) {
                ThreadConnections &mine = threadConnections();
                mine.entries.append({ d, thread, name });
                if (!mine.watching) {
                    mine.watching = true;
                    QObject::connect(thread, &QThread::finished, &mine.guard, [&mine] { mine.removeAll(); }, Qt::DirectConnection);
                }
            }
        }
    }
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (!db.isOpen()) {
        if (!db.open()) {
            Error e = d->dialect->classifyError(db.lastError(), {});
            Error c(Error::Kind::Connection, QStringLiteral("cannot connect to %1: %2").arg(d->displayUrl, e.message()), {},
                    e.driverText());
            c.setNativeCode(e.nativeCode());
            c.setBackendName(e.backendName());
            qCDebug(lcConnection).noquote() << "connection failed:" << c.toString();
            return c;
        }
        qCDebug(lcConnection).noquote() << "connected to" << d->displayUrl << "in thread" << thread;
        if (const QString problem = d->dialect->configureConnection(db); !problem.isEmpty())
            qCWarning(lcConnection).noquote() << d->displayUrl << problem;
        for (const QString &sql : d->dialect->connectionSetupSql()) {
            QSqlQuery q(db);
            if (!q.exec(sql)) {
                Error e = d->dialect->classifyError(q.lastError(), sql);
                db.close();
                // A lock timeout while setting up (SQLite: another connection is committing) is
                // worth a retry like any other lock timeout; anything else means "cannot connect".
                const Error::Kind kind = e.kind() == Error::Kind::Deadlock ? Error::Kind::Deadlock : Error::Kind::Connection;
                Error c(kind, QStringLiteral("cannot use %1: %2").arg(d->displayUrl, e.message()), sql, e.driverText());
                c.setNativeCode(e.nativeCode());
                c.setBackendName(e.backendName());
                return c;
            }
        }
    }
    return db;
}

} // namespace qorm
