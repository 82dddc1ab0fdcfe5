// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/namingstrategy.h>
#include <qorm/result.h>

#include <QSqlDatabase>
#include <QString>
#include <memory>

namespace qorm {

namespace detail {
class MappingPlans;
}

class Dialect;
class DatabasePrivate;

/*!
 * \brief A database that qorm talks to, opened from a URL; hands each thread its own connection.
 *
 * Dialects: sqlite (QSQLITE), postgresql (QPSQL), mysql/mariadb (QMYSQL).
 *
 * URLs (SQLAlchemy's forms):
 * - `sqlite:///relative/path.db` (three slashes, then a path relative to the working directory),
 *   `sqlite:////absolute/path.db` (four), `sqlite://:memory:` (a private in-memory database per
 *   connection, so per thread).
 * - `postgresql://user:pass@host:port/dbname` (also `postgres://`) and
 *   `mysql://user:pass@host:port/dbname` (also `mariadb://`) for QPSQL and QMYSQL; user and
 *   password may be percent-encoded.
 * - Query parameter `naming=as_is|snake_case|pascal_case` chooses the NamingStrategy, i.e. how
 *   the logical table and column names of the entity classes become physical names (default
 *   as_is).
 * - Other query parameters are driver options, checked against the dialect's
 *   Dialect::urlParameters(): `busy_timeout` and `mode=ro` on SQLite; `connect_timeout`,
 *   `sslmode`, `sslrootcert`, `application_name` ... on PostgreSQL (libpq's names);
 *   `connect_timeout`, `read_timeout`, `ssl_ca` ... on MariaDB/MySQL. An unknown parameter is
 *   an Error::Kind::InvalidUrl that lists the accepted ones, never silently ignored. The servers
 *   default to a 10 s connect timeout.
 *
 * Passwords never appear in error messages or logs: displayUrl() and every InvalidUrl or
 * Connection message show "***" instead.
 *
 * QtSql allows a QSqlDatabase connection to be used only by the thread that created it, so
 * connection() opens one connection per calling thread, under a name unique to this Database
 * ("qorm/<serial>/<thread>"), so that two Database objects never share or collide. A worker
 * thread's connection is removed when that QThread finishes; the others when the last copy of
 * the Database is destroyed (Database is an implicitly shared handle; copy it freely between
 * threads).
 */
class QORM_CORE_EXPORT Database
{
public:
    /*! An invalid database; isValid() is false. */
    Database();
    /*! Releases this handle; the connections close when the last copy is gone. */
    ~Database();
    /*! Another handle to the same database (implicitly shared). */
    Database(const Database &);
    /*! Makes this a handle to the same database as the other one. */
    Database &operator=(const Database &);

    /*!
     * Parses \a url, finds the QtSql driver and dialect, and opens the calling thread's
     * connection to check that the database is reachable. Errors: InvalidUrl (bad syntax, unknown
     * scheme or parameter), DriverMissing (the QtSql plugin is not installed), Connection
     * ("cannot connect to postgresql://qorm:***@127.0.0.1:5432/db: password authentication
     * failed for user "qorm"", likewise for a refused connection, an unknown database or an
     * SQLite file that cannot be opened).
     */
    static Result<Database> open(const QString &url);

    /*!
     * Checks \a url as open() does — syntax, scheme, parameters and their values, whether the
     * QtSql driver is installed — without connecting (for a settings dialog, or before storing
     * a URL). Errors: InvalidUrl, DriverMissing; an invalid Error when open() would try to
     * connect. Thread-safe.
     */
    static Error validateUrl(const QString &url);

    /*! True when the database was opened successfully (false for a default-constructed one). */
    bool isValid() const { return d != nullptr; }
    /*! The URL it was opened with, password replaced by "***" and driver parameters left out. */
    QString displayUrl() const;
    /*! The dialect; valid for the life of any copy of this Database. Must not be called on an invalid Database. */
    const Dialect &dialect() const;
    /*! The naming strategy chosen by the URL's `naming` parameter (NamingStrategy::AsIs by default). */
    NamingStrategy namingStrategy() const;

    /*!
     * The calling thread's open connection, created on first use in that thread. Errors:
     * Connection when (re)opening fails.
     */
    Result<QSqlDatabase> connection() const;

private:
    friend class detail::MappingPlans;
    std::shared_ptr<DatabasePrivate> d;
};

} // namespace qorm
