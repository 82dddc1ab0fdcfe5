// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include "mapper_p.h"
#include "rowsource_p.h"

#include <qorm/query.h>

#include <QSqlQuery>

#include <memory>

namespace qorm::detail {

class SessionPrivate;

/*!
 * Turns the rows of an executed SELECT into entities through the session's identity map (like
 * SQLAlchemy's `loading.py`: `instances()` walks the result, `_instance()` makes one object).
 * Separate from executing the statement, so joined eager loading can read several entities from
 * one row (each at its column offset) and an asynchronous loader can hand rows over.
 *
 * An entity already in the identity map is returned as it is (its unflushed changes win over
 * the row, as in SQLAlchemy without populate_existing); otherwise one is constructed (the
 * query's factory, else QMetaObject::newInstance()), filled without recording changes, tracked
 * as Persistent and mapped.
 */
class Loader
{
public:
    Loader(SessionPrivate &session, const Mapper &mapper, QueryBase::Factory factory, const QString &sql);

    /*!
     * Every row of \a rows (before the first), the mapper's columns starting at column
     * \a offset. Finishes \a rows. Errors: TypeMismatch (a stored value that cannot be read as
     * the property's type), Mapping (no way to construct the class), the driver's error while
     * fetching.
     */
    Result<QList<std::shared_ptr<Entity>>> loadAll(RowSource &rows, int offset = 0);
    /*! The entity of the current row of \a row (columns from \a offset), from the identity map or new. */
    Result<std::shared_ptr<Entity>> loadRow(const RowSource &row, int offset = 0);

private:
    Error unreadable(int column, const QVariant &raw, bool key) const;

    SessionPrivate &m_session;
    const Mapper &m_mapper;
    QueryBase::Factory m_factory;
    const QString &m_sql;
    QVariantList m_keyParts; // reused for every row
};

} // namespace qorm::detail
