// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include <qorm/result.h>

#include <QList>
#include <QMetaObject>

namespace qorm::detail {

/*!
 * \a classes ordered so that every class comes after the classes its many-to-one relations
 * point to (among \a classes): the order to CREATE tables and to INSERT rows; reversed, to DROP
 * and DELETE. A depth-first topological sort, stable for unrelated classes (they keep their
 * order in \a classes). A cycle (or a self-reference) cannot be ordered by table; its classes
 * stay in visiting order. The one sort used by Schema and by the session's flush plan.
 * Errors: Mapping for a class whose mapping is invalid.
 */
Result<QList<const QMetaObject *>> dependencyOrder(const QList<const QMetaObject *> &classes);

} // namespace qorm::detail
