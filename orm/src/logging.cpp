// SPDX-License-Identifier: MIT
#include "logging_p.h"

namespace qorm {
Q_LOGGING_CATEGORY(lcSql, "qorm.sql", QtWarningMsg)
} // namespace qorm
