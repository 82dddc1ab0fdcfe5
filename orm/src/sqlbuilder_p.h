// SPDX-License-Identifier: MIT
#pragma once

#include "mapper_p.h"

#include <qorm/query.h>

namespace qorm::detail {

/*! SELECT of \a query's entity columns with its condition, order, limit and offset. */
Result<SqlStatement> buildSelect(const Mapper &mapper, const QueryBase &query);
/*! SELECT COUNT(*) with \a query's condition. */
Result<SqlStatement> buildCount(const Mapper &mapper, const QueryBase &query);
/*!
 * UPDATE <table> SET <changed columns> WHERE <primary key>; with a QORM_VERSION column also
 * `, <version> = ?` after the changed columns and `AND <version> = ?` after the key.
 */
SqlStatement buildUpdate(const Mapper &mapper, const QList<int> &changedColumns);

} // namespace qorm::detail
