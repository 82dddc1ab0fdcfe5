// SPDX-License-Identifier: MIT
// Must NOT compile: a QDateTime column compared with text.
#include <chinook/chinook.h>
#include <qorm/session.h>

using namespace Qt::StringLiterals;

void misuse(qorm::Session &session)
{
    auto q = session.query<Invoice>().where(Invoice::invoiceDate_ > u"2021-01-01"_s);
}
