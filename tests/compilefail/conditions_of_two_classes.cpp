// SPDX-License-Identifier: MIT
// Must NOT compile: conditions over two classes combined.
#include <chinook/chinook.h>
#include <qorm/session.h>

using namespace Qt::StringLiterals;

void misuse(qorm::Session &session)
{
    auto q = session.query<Track>().where((Track::name_ == u"x"_s) && (Album::title_ == u"y"_s));
}
