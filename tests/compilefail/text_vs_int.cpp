// SPDX-License-Identifier: MIT
// Must NOT compile: a QString column compared with an int.
#include <chinook/chinook.h>
#include <qorm/session.h>

using namespace Qt::StringLiterals;

void misuse(qorm::Session &session)
{
    auto q = session.query<Track>().where(Track::name_ == 5);
}
