// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/expr.h>

#include <QString>

namespace qorm {

/*! \brief One ORDER BY term: a property (or an expression), a direction and where NULLs go. */
struct OrderTerm
{
    /*!
     * The property (not the column) to order by; resolved when the query runs, and an unknown
     * name is an Error::Kind::UnknownColumn then.
     */
    QString property;
    /*! Instead of a property: an expression to order by (empty when property is set). */
    Expr expression;
    Qt::SortOrder order = Qt::AscendingOrder; //!< `ASC` (the default) or `DESC`.
    /*! Where NULLs go. */
    enum class Nulls {
        Default, //!< The database's own rule (PostgreSQL: last ascending; SQLite, MariaDB: first ascending).
        First,   //!< NULLS FIRST (emulated on MariaDB as `(x IS NULL) DESC, x`).
        Last,    //!< NULLS LAST (emulated on MariaDB as `(x IS NULL) ASC, x`).
    };
    Nulls nulls = Nulls::Default; //!< See Nulls.
};

} // namespace qorm
