// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace qorm {
/*! "qorm.sql": every statement with its bound values and time (debug level). */
Q_DECLARE_LOGGING_CATEGORY(lcSql)
} // namespace qorm
