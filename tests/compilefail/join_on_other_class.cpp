// SPDX-License-Identifier: MIT
// Must NOT compile: the ON condition of a join into a Track query is over Album's columns only.
#include <chinook/chinook.h>
#include <qorm/alias.h>
#include <qorm/session.h>

using namespace Qt::StringLiterals;

void misuse(qorm::Session &session)
{
    const qorm::Alias<InvoiceLine> line;
    auto q = session.query<Track>().join(line, Album::title_ == u"x"_s);
}
