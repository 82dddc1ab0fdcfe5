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
#include <QSqlRecord>
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
    /*! The number of result columns. */
    virtual int columnCount() const = 0;
    /*! The name of result column \a column, as the database reports it. */
    virtual QString columnName(int column) const = 0;
};

/*! The rows of \a inner with its columns reordered: column c here is inner's column map[c]. */
class ReorderedRows : public RowSource
{
public:
    ReorderedRows(RowSource &inner, QList<int> map) : m_inner(inner), m_map(std::move(map)) { }
    bool next() override { return m_inner.next(); }
    QVariant value(int column) const override { return m_inner.value(m_map.at(column)); }
    Error error(const QString &sql) const override { return m_inner.error(sql); }
    void finish() override { m_inner.finish(); }
    int columnCount() const override { return int(m_map.size()); }
    QString columnName(int column) const override { return m_inner.columnName(m_map.at(column)); }

private:
    RowSource &m_inner;
    QList<int> m_map;
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
    int columnCount() const override { return m_query.record().count(); }
    QString columnName(int column) const override { return m_query.record().fieldName(column); }

private:
    QSqlQuery &m_query;
    const Dialect &m_dialect;
};

/*!
 * RowSource over a QSqlQuery it owns (a cursor that is not in the statement cache). bufferRest()
 * reads the remaining rows into memory and frees the connection: libpq runs one query at a time,
 * so an open PostgreSQL cursor is buffered before the connection runs anything else.
 */
class OwnedQtSqlRows : public RowSource
{
public:
    OwnedQtSqlRows(QSqlQuery query, const Dialect &dialect) : m_query(std::move(query)), m_rows(m_query, dialect) { }
    bool next() override
    {
        if (!m_buffered)
            return m_rows.next();
        if (m_row + 1 >= m_buffer.size())
            return false;
        ++m_row;
        return true;
    }
    QVariant value(int column) const override { return m_buffered ? m_buffer.at(m_row).value(column) : m_rows.value(column); }
    Error error(const QString &sql) const override { return m_buffered ? m_bufferError : m_rows.error(sql); }
    void finish() override { m_rows.finish(); }
    int columnCount() const override { return m_rows.columnCount(); }
    QString columnName(int column) const override { return m_rows.columnName(column); }
    /*!
     * Reads the rows after the current one into memory and finishes the query; next() then
     * walks them. The current row was consumed already (a stream reads a row, then yields).
     */
    void bufferRest(const QString &sql)
    {
        if (m_buffered)
            return;
        const int columns = m_query.record().count();
        while (m_query.next()) {
            QVariantList row;
            row.reserve(columns);
            for (int c = 0; c < columns; ++c)
                row.append(m_query.value(c));
            m_buffer.append(row);
        }
        m_bufferError = m_rows.error(sql);
        m_query.finish();
        m_buffered = true;
        m_row = -1;
    }

private:
    QSqlQuery m_query;
    QtSqlRows m_rows;
    bool m_buffered = false;
    QList<QVariantList> m_buffer;
    qsizetype m_row = -1;
    Error m_bufferError;
};

} // namespace qorm::detail
