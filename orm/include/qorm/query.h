// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/expr.h>
#include <qorm/result.h>

#include <QList>
#include <QMetaObject>
#include <memory>

namespace qorm {

class Entity;
class Session;

/*! \brief One ORDER BY term: a property and a direction. */
struct OrderTerm
{
    QString property;
    Qt::SortOrder order = Qt::AscendingOrder;
};

/*!
 * \brief An untyped query over one entity class: filter, order, limit/offset; run by a Session.
 *
 * The builder calls return modified copies, so a query can be kept and refined. The SQL is
 * `SELECT <mapped columns> FROM <table> [WHERE ...] [ORDER BY ...] [LIMIT ? OFFSET ?]`, every
 * value bound. A query refers to its Session by pointer: it must not outlive it, and it runs on
 * the session's thread. Query<T> is the typed wrapper users normally hold.
 */
class QORM_CORE_EXPORT QueryBase
{
public:
    QueryBase() = default;
    QueryBase(Session *session, const QMetaObject *metaObject);

    /*! The query restricted further by \a condition (ANDed with earlier conditions). */
    QueryBase where(const Expr &condition) const;
    /*! The query ordered additionally by \a property. */
    QueryBase orderBy(const QString &property, Qt::SortOrder order = Qt::AscendingOrder) const;
    /*! The query without any ORDER BY terms. */
    QueryBase unordered() const;
    /*! At most \a count rows; a negative count means no limit. */
    QueryBase limit(qint64 count) const;
    /*! Skips the first \a count rows. */
    QueryBase offset(qint64 count) const;

    Session *session() const { return m_session; }
    const QMetaObject *entityMetaObject() const { return m_metaObject; }
    const Expr &condition() const { return m_where; }
    const QList<OrderTerm> &ordering() const { return m_order; }
    qint64 limitCount() const { return m_limit; }
    qint64 offsetCount() const { return m_offset; }

    /*! Runs the query: the matching entities, through the session's identity map. */
    Result<QList<std::shared_ptr<Entity>>> allEntities() const;
    /*! `SELECT COUNT(*)` over the query's condition (order, limit and offset ignored). */
    Result<qint64> count() const;

    /*! Internal: a factory creating an empty T, set by Query<T> (faster than QMetaObject::newInstance). */
    using Factory = Entity *(*)();
    Factory factory() const { return m_factory; }

protected:
    Session *m_session = nullptr;
    const QMetaObject *m_metaObject = nullptr;
    Factory m_factory = nullptr;
    Expr m_where;
    QList<OrderTerm> m_order;
    qint64 m_limit = -1;
    qint64 m_offset = 0;
};

/*!
 * \brief A typed query over entity class T (like SQLAlchemy's `session.query(T)`); obtain it from
 * Session::query<T>().
 */
template<typename T>
class Query : public QueryBase
{
public:
    Query() = default;
    explicit Query(const QueryBase &base) : QueryBase(base) { m_factory = [] () -> Entity * { return new T; }; }

    Query where(const Expr &condition) const { return Query(QueryBase::where(condition)); }
    Query orderBy(const QString &property, Qt::SortOrder order = Qt::AscendingOrder) const { return Query(QueryBase::orderBy(property, order)); }
    Query limit(qint64 count) const { return Query(QueryBase::limit(count)); }
    Query offset(qint64 count) const { return Query(QueryBase::offset(count)); }

    /*! Runs the query and returns every matching entity. */
    Result<QList<std::shared_ptr<T>>> all() const
    {
        auto rows = allEntities();
        if (!rows)
            return rows.error();
        QList<std::shared_ptr<T>> typed;
        typed.reserve(rows.value().size());
        for (auto &e : rows.value())
            typed.append(std::static_pointer_cast<T>(std::move(e)));
        return typed;
    }
    /*! The first matching entity (with LIMIT 1), or nullptr when none matches. */
    Result<std::shared_ptr<T>> first() const
    {
        auto rows = limit(1).allEntities();
        if (!rows)
            return rows.error();
        return rows.value().isEmpty() ? std::shared_ptr<T>() : std::static_pointer_cast<T>(rows.value().first());
    }
};

} // namespace qorm
