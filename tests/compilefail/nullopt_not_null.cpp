// SPDX-License-Identifier: MIT
// Must NOT compile: std::nullopt compared with a NOT NULL column.
#include <chinook/chinook.h>
#include <qorm/session.h>

using namespace Qt::StringLiterals;

void misuse(qorm::Session &session)
{
    auto q = session.query<Track>().where(Track::name_ == std::nullopt);
}
