// SPDX-License-Identifier: MIT
#pragma once

namespace qorm {

/*!
 * How a query loads a relation of the entities it returns (Query::load(), QORM_LOAD), like
 * SQLAlchemy's loader strategies and Django's select_related / prefetch_related.
 */
enum class LoadStrategy {
    /*!
     * On first use, one SELECT per entity and relation (SQLAlchemy's `lazy="select"`, the
     * default). A many-to-one whose target is in the identity map needs no statement.
     */
    Lazy,
    /*!
     * In the same SELECT, through a LEFT OUTER JOIN whose columns are read into the related
     * entities; a collection repeats its parent's row, and the parents are de-duplicated
     * (SQLAlchemy's `joinedload`, Django's `select_related`). A query with LIMIT or OFFSET loads
     * its collections with SelectIn instead, since a limit over joined rows would cut them.
     */
    Joined,
    /*!
     * One extra SELECT per relation after the query, `WHERE <key> IN (...)` over the keys the
     * query returned, in batches of at most 512 keys (SQLAlchemy's `selectinload`, Django's
     * `prefetch_related`). A many-to-many takes two: its association rows, then the targets.
     */
    SelectIn,
};

} // namespace qorm
