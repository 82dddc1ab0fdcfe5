// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QVariantList>

namespace qorm {

/*!
 * \brief SQL text with `?` placeholders and the values bound to them, in order.
 *
 * What qorm's statement builder produces and what Session::statementExecuted() reports. Values
 * are never part of the text.
 */
struct SqlStatement
{
    QString sql;         //!< The statement text, with one `?` per bound value; identifiers already quoted.
    QVariantList values; //!< The bound values in placeholder order, as the driver receives them (Dialect::toDatabase()).
};

} // namespace qorm
