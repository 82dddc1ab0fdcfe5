// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/error.h>
#include <qorm/query.h>

#include <QPointer>

#include <iterator>
#include <memory>

namespace qorm {

/*!
 * \brief The entities of a query read one row at a time from an open cursor, in constant memory
 * (like SQLAlchemy's `yield_per` / Django's `iterator()`): `for (auto &track : query.stream())`.
 *
 * The SELECT runs when the loop begins, on a statement of its own (other queries may run while
 * the stream is read). Each row becomes an entity through the session's identity map; an entity
 * the loop does not keep is freed when the loop moves on. How much the database client buffers
 * is the driver's: SQLite steps row by row; QPSQL reads a forward-only query in single-row mode,
 * and because libpq runs one query at a time per connection, a statement the session runs
 * during the loop first reads the rest of the stream's rows into memory; QMYSQL stores the whole
 * result in client memory (MariaDB's rows, not qorm's entities).
 *
 * The loop ends at the last row or at the first error, which error() then reports (check it
 * after the loop, as QSqlQuery::lastError()). Single pass; runs on the session's thread; a
 * stream outliving its session ends with an InvalidState error. Move-only.
 */
class QORM_CORE_EXPORT EntityStream
{
public:
    /*! A stream over \a query's entities (not run yet). */
    explicit EntityStream(const QueryBase &query);
    ~EntityStream();
    /*! Takes over \a other's cursor; \a other is left closed. */
    EntityStream(EntityStream &&other) noexcept;
    /*! Closes this stream's cursor and takes over \a other's. */
    EntityStream &operator=(EntityStream &&other) noexcept;
    EntityStream(const EntityStream &) = delete;
    EntityStream &operator=(const EntityStream &) = delete;

    /*! The next entity (running the query on the first call), or nullptr at the end or on an error. */
    std::shared_ptr<Entity> next();
    /*! The error that ended the stream early; invalid after a normal end. */
    Error error() const { return m_error; }

private:
    void close();

    QueryBase m_query;
    int m_cursor = 0;     //!< The session's cursor id; 0 before the first row.
    bool m_done = false;
    Error m_error;
};

/*!
 * \brief Typed EntityStream over T, iterable with a range-for; see EntityStream. Obtained from
 * Query<T>::stream().
 */
template<typename T>
class Stream
{
public:
    /*! A stream over \a query, a query over T. */
    explicit Stream(const QueryBase &query) : m_stream(query) { }

    /*! End marker of the iteration. */
    struct Sentinel
    {
    };
    /*! Input iterator: each increment reads the next row. */
    class Iterator
    {
    public:
        using iterator_category = std::input_iterator_tag; //!< Single pass.
        using value_type = std::shared_ptr<T>;             //!< An entity.
        using difference_type = std::ptrdiff_t;            //!< As the standard requires.
        using pointer = const std::shared_ptr<T> *;        //!< As the standard requires.
        using reference = const std::shared_ptr<T> &;      //!< As the standard requires.

        /*! The iterator at the first row of \a stream (the query runs now). */
        explicit Iterator(Stream *stream) : m_stream(stream) { ++*this; }
        /*! The current entity. */
        const std::shared_ptr<T> &operator*() const { return m_current; }
        /*! Reads the next row. */
        Iterator &operator++()
        {
            m_current = std::static_pointer_cast<T>(m_stream->m_stream.next());
            return *this;
        }
        /*! True past the last row (or after an error). */
        friend bool operator==(const Iterator &it, Sentinel) { return !it.m_current; }

    private:
        Stream *m_stream;
        std::shared_ptr<T> m_current;
    };

    /*! Runs the query and reads the first row. */
    Iterator begin() { return Iterator(this); }
    /*! The end marker. */
    Sentinel end() const { return {}; }
    /*! The error that ended the loop early; invalid after a normal end. */
    Error error() const { return m_stream.error(); }

private:
    EntityStream m_stream;
};

template<typename T>
Stream<T> Query<T>::stream() const
{
    return Stream<T>(*this);
}

} // namespace qorm
