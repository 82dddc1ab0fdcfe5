// SPDX-License-Identifier: MIT
#pragma once

#include "codec_p.h"
#include "grammar_p.h"

#include <qorm/database.h>
#include <qorm/dialect.h>
#include <qorm/entitymeta.h>
#include <qorm/expr.h>
#include <qorm/sqlstatement.h>

#include <QHash>

namespace qorm::detail {

/*!
 * An entity's mapping plan for one database: physical (quoted) table and column names under
 * the database's naming strategy, one ColumnCodec per column, and the SQL texts that do not
 * depend on values, computed once by the Grammar. Immutable after construction, so one Mapper per
 * (class, Database) is shared by every session and thread (MappingPlans); SQLAlchemy calls this
 * the mapper's compiled cache, qorm's EntityMeta is SQLAlchemy's Mapper.
 */
struct Mapper
{
    /*!
     * \a meta resolved for \a grammar's dialect under \a naming; the statement texts that do not
     * depend on values come from \a grammar (which must outlive the mapper).
     */
    Mapper(const EntityMeta *meta, const Grammar &grammar, NamingStrategy naming);

    const EntityMeta *meta;
    const Dialect *dialect;
    const Grammar *grammar;
    QString table;                //!< Quoted physical table name.
    QStringList columns;          //!< Quoted physical column names, in EntityMeta::columns() order.
    QList<ColumnCodec> codecs;    //!< One per column, in EntityMeta::columns() order.
    QString insertAllSql;         //!< INSERT of every column but the autoincrement one (+ RETURNING).
    QString insertWithKeySql;     //!< INSERT of every column.
    QString deleteSql;            //!< DELETE FROM <table> WHERE <primary key> [AND <version> = ?]
    QString problem;              //!< Why this mapping cannot be used on this database, or empty.

    /*! Error::Kind::Mapping for problem (a name too long for the backend, two properties on one column), or no error. */
    Error mappingError() const;

    /*! Converts \a value for binding to column \a column (TypeRegistry::convertExact()); TypeMismatch naming the property. */
    Result<QVariant> bindValue(int column, const QVariant &value) const;
    /*!
     * Why value-type \a value cannot be stored in column \a column, as an error naming the
     * property: ValueTooLong (QORM_LENGTH), TypeMismatch (more digits than the Decimal column
     * keeps, NaN where the backend has none...); no error when it can.
     */
    Error checkValue(int column, const QVariant &value) const;
    /*! An error of \a kind about column \a column: "Class.property: \a what", with its subject set. */
    Error columnError(int column, Error::Kind kind, const QString &what) const;
    /*!
     * \a e (a driver error from a statement on this mapper's table) with the entity class and,
     * where the database's text names a column, the property in its message and subject, and a
     * readable phrase for constraint violations: "Book.title: must not be NULL (NOT NULL)".
     */
    Error explain(Error e) const;
    /*! Reads column \a column of \a entity as a bindable database value; sets \a error if the
     *  value cannot be stored (longer than QORM_LENGTH, NaN on MariaDB...). */
    QVariant databaseValue(const QObject *entity, int column, Error *error) const;
    /*! The physical (unquoted) name of column \a column. */
    QStringList physicalColumns;
    QString physicalTable;
    /*! Converts \a raw from the driver to the column's property type; \a ok false when it cannot. */
    QVariant propertyValue(int column, const QVariant &raw, bool *ok) const;
    /*! Converts \a raw from the driver to the column's value type (a null QVariant for NULL). */
    QVariant valueTypeValue(int column, const QVariant &raw, bool *ok) const;
};

/*! The identity-map key of primary-key \a values (value types, in key order); unambiguous for composite keys. */
QString identityKey(const QVariantList &values);
/*! Primary-key \a values as messages show them: `42` or `(1, 'a')`. */
QString keyText(const QVariantList &values);


} // namespace qorm::detail
