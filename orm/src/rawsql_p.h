// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include <qorm/result.h>
#include <qorm/sqlstatement.h>

#include <QVariantMap>

namespace qorm::detail {

/*!
 * The statement of raw SQL \a sql with positional values \a values (`?` placeholders), checked:
 * the number of placeholders outside quotes and comments must match. Errors: InvalidState.
 */
Result<SqlStatement> positionalStatement(const QString &sql, const QVariantList &values);
/*!
 * The statement of raw SQL \a sql with named values \a named: each `:name` outside quotes,
 * comments and PostgreSQL `::` casts becomes `?` bound to named[name] (a name may repeat).
 * Errors: InvalidState for a name without a value, a value no placeholder uses, or a `?` mixed
 * with names.
 */
Result<SqlStatement> namedStatement(const QString &sql, const QVariantMap &named);

} // namespace qorm::detail
