// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/qorm_core_export.h>

#include <QString>

namespace qorm {

/*!
 * \brief How logical names (class names, property names, QORM_COLUMN_NAME values) become table
 * and column names in a database.
 *
 * The same entity classes can then map Chinook's `AlbumId` columns on SQLite (PascalCase) and its
 * `album_id` columns on PostgreSQL (SnakeCase), as Django's and SQLAlchemy's naming conventions do.
 */
enum class NamingStrategy {
    AsIs,       //!< Use the logical name unchanged: `albumId` stays `albumId`.
    SnakeCase,  //!< `albumId` becomes `album_id`, `InvoiceLine` becomes `invoice_line`.
    PascalCase, //!< `albumId` becomes `AlbumId`, `track` becomes `Track`.
};

/*! Applies \a strategy to \a logicalName. */
QORM_CORE_EXPORT QString applyNamingStrategy(NamingStrategy strategy, const QString &logicalName);
/*! Parses "as_is", "snake_case" or "pascal_case" (case-insensitive); \a ok is set to false otherwise. */
QORM_CORE_EXPORT NamingStrategy namingStrategyFromString(const QString &text, bool *ok = nullptr);

} // namespace qorm
