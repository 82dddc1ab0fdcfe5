// SPDX-License-Identifier: MIT
#include <qorm/database.h>
#include <qorm/dialect.h>

#include <QAtomicInt>
#include <QCoreApplication>
#include <QHash>
#include <QMutex>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

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
    NamingStrategy naming = NamingStrategy::AsIs;
    std::unique_ptr<Dialect> dialect;
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

Database::Database() = default;
Database::~Database() = default;
Database::Database(const Database &) = default;
Database &Database::operator=(const Database &) = default;

static Error invalidUrl(const QString &url, const QString &why)
{
    return Error(Error::Kind::InvalidUrl, QStringLiteral("invalid database URL '%1': %2").arg(url, why));
}

Result<Database> Database::open(const QString &url)
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
    const QUrlQuery params(query);
    if (params.hasQueryItem(QStringLiteral("naming"))) {
        bool ok = false;
        d->naming = namingStrategyFromString(params.queryItemValue(QStringLiteral("naming")), &ok);
        if (!ok)
            return invalidUrl(url, QStringLiteral("naming must be as_is, snake_case or pascal_case"));
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
        d->displayUrl = url;
    } else if (scheme == QStringLiteral("postgresql") || scheme == QStringLiteral("postgres") || scheme == QStringLiteral("mysql") || scheme == QStringLiteral("mariadb")) {
        d->driver = scheme.startsWith(QStringLiteral("postgres")) ? QStringLiteral("QPSQL") : QStringLiteral("QMYSQL");
        const QUrl u(scheme + QStringLiteral("://") + rest);
        if (!u.isValid() || u.host().isEmpty())
            return invalidUrl(url, u.errorString().isEmpty() ? QStringLiteral("missing host") : u.errorString());
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

    Database db;
    db.d = std::move(d);
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
            db.setConnectOptions(d->dialect->connectOptions());
            // A thread's connection goes away with the thread (finished is emitted in the thread).
            if (thread != qApp_thread()) {
                std::weak_ptr<DatabasePrivate> weak = d;
                QObject::connect(thread, &QThread::finished, thread, [weak, thread, name] {
                    if (auto self = weak.lock()) {
                        QMutexLocker locker(&self->mutex);
                        self->connections.remove(thread);
                    }
                    QSqlDatabase::removeDatabase(name);
                }, Qt::DirectConnection);
            }
        }
    }
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (!db.isOpen()) {
        if (!db.open()) {
            Error e(Error::Kind::Connection,
                    QStringLiteral("cannot open %1: %2").arg(d->displayUrl, db.lastError().text()), {},
                    db.lastError().databaseText());
            e.setNativeCode(db.lastError().nativeErrorCode());
            return e;
        }
        for (const QString &sql : d->dialect->connectionSetupSql()) {
            QSqlQuery q(db);
            if (!q.exec(sql)) {
                Error e = d->dialect->classifyError(q.lastError(), sql);
                db.close();
                return Error(Error::Kind::Connection, QStringLiteral("connection setup failed: %1").arg(e.message()), sql,
                             e.driverText());
            }
        }
    }
    return db;
}

} // namespace qorm
