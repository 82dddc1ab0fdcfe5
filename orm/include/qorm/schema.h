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

    /*! Whether createTables() and dropTables() first check which tables exist. */
    enum class Existence {
        CheckFirst, //!< Create only missing tables, drop only existing ones: running a script twice works (SQLAlchemy's `checkfirst=True`).
        Strict,     //!< Plain CREATE TABLE / DROP TABLE: an existing (or missing) table is an error.
    };

    /*!
     * The CREATE TABLE (and CREATE INDEX) statements for \a entityClasses, in creation order,
     * as plain DDL for a script (no existence checks). Errors: Mapping.
     */
    Result<QStringList> createStatements(const QList<const QMetaObject *> &entityClasses) const;
    /*!
     * Creates the tables of \a entityClasses, parents first, each with its indexes. With
     * Existence::CheckFirst (the default) the tables that already exist (QSqlDatabase::tables())
     * are left as they are, columns included, so the call is idempotent; with Existence::Strict
     * an existing table stops it with the database's error. Each statement is logged to
     * `qorm.sql` with its time. Errors: Mapping, Statement (e.g. "table ... already exists" in
     * strict mode), Connection.
     */
    Error createTables(const QList<const QMetaObject *> &entityClasses, Existence existence = Existence::CheckFirst) const;
    /*!
     * Drops the tables of \a entityClasses, children first: `DROP TABLE IF EXISTS` with
     * Existence::CheckFirst (the default), plain `DROP TABLE` (a missing table is an error) with
     * Existence::Strict. Errors: Mapping, Statement, Connection.
     */
    Error dropTables(const QList<const QMetaObject *> &entityClasses, Existence existence = Existence::CheckFirst) const;

private:
    Result<QList<const QMetaObject *>> dependencyOrder(const QList<const QMetaObject *> &entityClasses) const;
    Error run(const QString &sql) const;
    Database m_database;
    const Dialect *m_dialect;
    NamingStrategy m_naming;
};

} // namespace qorm
