// SPDX-License-Identifier: MIT
// Must NOT compile: a condition over Album in a Track query.
#include <chinook/chinook.h>
#include <qorm/session.h>

using namespace Qt::StringLiterals;

void misuse(qorm::Session &session)
{
    auto q = session.query<Track>().where(Album::title_ == u"x"_s);
}
