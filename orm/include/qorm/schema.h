// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/database.h>
#include <qorm/namingstrategy.h>
#include <qorm/error.h>

#include <QList>
#include <QMetaObject>
#include <QStringList>

namespace qorm {

class Dialect;

/*!
 * \brief Creates and drops the tables of entity classes (like SQLAlchemy's
 * `MetaData.create_all` / `drop_all`).
 *
 * Tables are created parents first and dropped children first, ordered by the entities'
 * many-to-one relations (a self-reference, such as Employee.reportsTo, needs no ordering). Each
 * table gets its columns with the dialect's types, NOT NULL for non-optional properties, the
 * primary key (single or composite, generated where declared with QORM_ID) and a FOREIGN KEY for
 * each relation. DDL runs on the calling thread's connection of the database; a failure stops
 * at the failing statement and reports it (DDL is not transactional on MariaDB).
 */
class QORM_CORE_EXPORT Schema
{
public:
    /*! A schema that runs its DDL on \a database. */
    explicit Schema(const Database &database);
    /*!
     * A schema that only generates SQL for \a dialect and \a naming (no connection; like
     * TinyORM's "pretend" mode): createStatements() works, createTables()/dropTables() report
     * Error::Kind::Connection. \a dialect must outlive the schema.
     */
    Schema(const Dialect &dialect, NamingStrategy naming);

    /*! The CREATE TABLE (and CREATE INDEX) statements for \a entityClasses, in creation order. Errors: Mapping. */
    Result<QStringList> createStatements(const QList<const QMetaObject *> &entityClasses) const;
    /*! `CREATE TABLE` for each class (parents first). Errors: Mapping, Statement, Connection. */
    Error createTables(const QList<const QMetaObject *> &entityClasses) const;
    /*! `DROP TABLE IF EXISTS` for each class (children first). Errors: Mapping, Statement, Connection. */
    Error dropTables(const QList<const QMetaObject *> &entityClasses) const;

private:
    Result<QList<const QMetaObject *>> dependencyOrder(const QList<const QMetaObject *> &entityClasses) const;
    Error run(const QString &sql) const;
    Database m_database;
    const Dialect *m_dialect;
    NamingStrategy m_naming;
};

} // namespace qorm
