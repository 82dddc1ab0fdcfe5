// SPDX-License-Identifier: MIT
// Must NOT compile: a misspelt property name.
#include <chinook/chinook.h>
#include <qorm/session.h>

using namespace Qt::StringLiterals;

void misuse(qorm::Session &session)
{
    auto q = session.query<Track>().where(Track::nmae_ == u"x"_s);
}
