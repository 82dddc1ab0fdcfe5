// SPDX-License-Identifier: MIT
// Must NOT compile: like() on a number column.
#include <chinook/chinook.h>
#include <qorm/session.h>

using namespace Qt::StringLiterals;

void misuse(qorm::Session &session)
{
    auto q = session.query<Track>().where(Track::milliseconds_.like(u"1%"_s));
}
