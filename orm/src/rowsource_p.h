// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include <qorm/error.h>

#include <QSqlQuery>
#include <QVariant>

namespace qorm {
class Dialect;
}

namespace qorm::detail {

/*!
 * The rows of an executed SELECT, one at a time, as the values the driver reports (what
 * QSqlQuery::value() returns; a null QVariant for NULL). Two implementations: QtSqlRows over a
 * QSqlQuery, and SqliteNativeRows over a sqlite3 statement on the same connection (the native
 * SQLite path), which produce the same QVariants so Dialect::fromDatabase() gives the same
 * results and errors on both.
 */
class RowSource
{
public:
    virtual ~RowSource() = default;
    /*! Moves to the next row; false at the end or on an error (see error()). */
    virtual bool next() = 0;
    /*! Column \a column of the current row. */
    virtual QVariant value(int column) const = 0;
    /*! The error that ended the iteration early, classified by \a dialect; invalid at a normal end. */
    virtual Error error(const QString &sql) const = 0;
    /*! Releases the statement's cursor (the statement stays cached). */
    virtual void finish() = 0;
};

/*! RowSource over a prepared, executed QSqlQuery (not owned). */
class QtSqlRows : public RowSource
{
public:
    QtSqlRows(QSqlQuery &query, const Dialect &dialect) : m_query(query), m_dialect(dialect) { }
    bool next() override { return m_query.next(); }
    QVariant value(int column) const override { return m_query.value(column); }
    Error error(const QString &sql) const override;
    void finish() override { m_query.finish(); }

private:
    QSqlQuery &m_query;
    const Dialect &m_dialect;
};

} // namespace qorm::detail
