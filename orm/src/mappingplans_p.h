// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include "grammar_p.h"
#include "mapper_p.h"

#include <qorm/namingstrategy.h>

#include <QHash>
#include <QMutex>

#include <memory>

namespace qorm {
class Database;
}

namespace qorm::detail {

/*!
 * The mapping plans of one Database: per entity class, the Mapper (names, codecs, statement
 * texts) for the database's dialect and naming strategy, built once and shared by every
 * session and thread using any copy of the Database; plus the dialect's Grammar. Mappers are
 * immutable once built and live as long as the Database. mapper() is thread-safe.
 */
class MappingPlans
{
public:
    MappingPlans(const Dialect &dialect, NamingStrategy naming);
    ~MappingPlans();

    /*! The plans of \a database (which must be valid). */
    static MappingPlans &of(const Database &database);

    const Grammar &grammar() const { return *m_grammar; }
    /*! The Mapper of \a metaObject's class. Errors: Mapping (an invalid mapping, or names the dialect cannot hold). */
    Result<const Mapper *> mapper(const QMetaObject &metaObject);

private:
    QMutex m_mutex;
    std::unique_ptr<Grammar> m_grammar;
    NamingStrategy m_naming;
    QHash<const QMetaObject *, const Mapper *> m_mappers; // owned
};

} // namespace qorm::detail
