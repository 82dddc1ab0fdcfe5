// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include <QtGlobal>

namespace qorm::detail {

/*!
 * Prepared statements a session keeps per connection, in each of its caches (QtSql's and the
 * native SQLite path's). Each holds a server-side statement and client buffers.
 */
inline constexpr qsizetype maxCachedStatements = 64;

/*!
 * The entry of \a cache (a map whose values have a `lastUse` counter) used least recently. A
 * linear scan, run only when a new statement text arrives with the cache full; the hot path (a
 * cached text) only bumps the counter. \a cache must not be empty.
 */
template<typename Map>
typename Map::iterator leastRecentlyUsed(Map &cache)
{
    auto victim = cache.begin();
    for (auto it = cache.begin(); it != cache.end(); ++it)
        if (it->second.lastUse < victim->second.lastUse)
            victim = it;
    return victim;
}

} // namespace qorm::detail
