// SPDX-License-Identifier: MIT
// Fuzz target: database URL parsing and driver parameters (Database::validateUrl(), which parses
// without connecting). Never crashes; a refused URL is InvalidUrl or DriverMissing; and no error
// message repeats a password given in the URL.
#include <qorm/database.h>

#include <QCoreApplication>
#include <QString>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_url";
    static char *argv[] = { name, nullptr };
    static QCoreApplication app(argc, argv); // QtSql's driver list needs an application
    const QString url = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const qorm::Error e = qorm::Database::validateUrl(url);
    if (!e.isValid())
        return 0;
    if (e.kind() != qorm::Error::Kind::InvalidUrl && e.kind() != qorm::Error::Kind::DriverMissing)
        std::abort();
    // "scheme://user:SECRET@host": SECRET must not be in the message.
    const qsizetype at = url.indexOf(u'@');
    const qsizetype colon = url.lastIndexOf(u':', at);
    const qsizetype scheme = url.indexOf(QStringLiteral("://"));
    if (at > 0 && scheme > 0 && colon > scheme + 3 && at - colon > 8) {
        const QString secret = url.mid(colon + 1, at - colon - 1);
        if (!secret.contains(u'/') && !secret.contains(u'?') && !secret.contains(u'#') && !secret.contains(u'@')
            && url.count(secret) == 1 && e.message().contains(secret)) {
            // The secret may also be part of the fixed text ("y_timeout" in "busy_timeout"): a
            // leak is a message quoting it more often than the same URL's message with the
            // secret replaced by characters no template contains.
            QString other = url;
            other.replace(colon + 1, secret.size(), QString(secret.size(), QChar(0x2603)));
            if (e.message().count(secret) > qorm::Database::validateUrl(other).message().count(secret))
                std::abort();
        }
    }
    return 0;
}
