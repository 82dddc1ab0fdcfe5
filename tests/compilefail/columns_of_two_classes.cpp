// SPDX-License-Identifier: MIT
// Must NOT compile: a Track column compared with an Album column.
#include <chinook/chinook.h>
#include <qorm/session.h>

using namespace Qt::StringLiterals;

void misuse(qorm::Session &session)
{
    auto q = session.query<Track>().where(Track::name_ == Album::title_);
}
