// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QVariantList>

namespace qorm {
/*! "qorm.sql": every statement (DML and DDL) with its bound values and time, failures included (debug level). */
Q_DECLARE_LOGGING_CATEGORY(lcSql)
/*! "qorm.connection": connections opened, dropped after a lost connection, and reopened (debug level). */
Q_DECLARE_LOGGING_CATEGORY(lcConnection)

namespace detail {
/*!
 * \a values as a log shows them: `[42, 'text', NULL, '']` — strings quoted (so an empty string
 * differs from NULL), long strings and byte arrays shortened.
 */
QString formatValues(const QVariantList &values);
/*! Logs \a sql with \a values and its time (\a timer started before it ran) to qorm.sql; \a error is empty on success. */
void logStatement(const QString &sql, const QVariantList &values, qint64 elapsedMicroseconds, const QString &error = {});
} // namespace detail
} // namespace qorm
