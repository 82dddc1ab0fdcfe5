// SPDX-License-Identifier: MIT
// Must NOT compile: joining Album's relation to Artist into a Track query (reach it from Track:
// Track::album_ / Album::artist_).
#include <chinook/chinook.h>
#include <qorm/session.h>

void misuse(qorm::Session &session)
{
    auto q = session.query<Track>().join(Album::artist_);
}
