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
    QString sql;
    QVariantList values;
};

} // namespace qorm
