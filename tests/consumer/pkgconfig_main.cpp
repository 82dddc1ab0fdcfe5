// SPDX-License-Identifier: MIT
// Built by scripts/check-package.sh with only `pkg-config --cflags --libs qorm-core`.
#include <qorm/database.h>
#include <qorm/version.h>

#include <cstdio>

int main()
{
    auto db = qorm::Database::open(QStringLiteral("sqlite://:memory:"));
    std::printf("qorm %s via pkg-config: %s\n", QORM_VERSION_STR, db ? "OK" : qPrintable(db.error().toString()));
    return db ? 0 : 1;
}
