// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/namingstrategy.h>
#include <qorm/result.h>

#include <QSqlDatabase>
#include <QString>
#include <memory>

namespace qorm {

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
 * - `postgresql://user:pass@host:port/dbname`, `mysql://user:pass@host:port/dbname` (QPSQL and
 *   QMYSQL; user and password may be percent-encoded).
 * - Query parameter `naming=as_is|snake_case|pascal_case` chooses the NamingStrategy (default
 *   as_is).
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
    ~Database();
    Database(const Database &);
    Database &operator=(const Database &);

    /*!
     * Parses \a url, finds the QtSql driver and dialect, and opens the calling thread's
     * connection to check that the database is reachable. Errors: InvalidUrl, DriverMissing,
     * Connection (with the driver's text).
     */
    static Result<Database> open(const QString &url);

    bool isValid() const { return d != nullptr; }
    /*! The URL it was opened with, password replaced by "***". */
    QString displayUrl() const;
    /*! The dialect; valid for the life of any copy of this Database. */
    const Dialect &dialect() const;
    NamingStrategy namingStrategy() const;

    /*!
     * The calling thread's open connection, created on first use in that thread. Errors:
     * Connection when (re)opening fails.
     */
    Result<QSqlDatabase> connection() const;

private:
    std::shared_ptr<DatabasePrivate> d;
};

} // namespace qorm
