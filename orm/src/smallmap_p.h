// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include <QList>

#include <utility>

namespace qorm::detail {

/*!
 * A tiny map kept as a list of pairs: most entities track zero to a few changed columns, and a
 * QHash costs a couple of kilobytes even for one entry. Empty means no allocation; copies share.
 */
template<typename K, typename V>
class SmallMap
{
public:
    using Entry = std::pair<K, V>;
    bool isEmpty() const { return m_entries.isEmpty(); }
    bool contains(const K &key) const { return find(key) >= 0; }
    V value(const K &key) const
    {
        const qsizetype i = find(key);
        return i < 0 ? V() : m_entries.at(i).second;
    }
    void insert(const K &key, V value)
    {
        const qsizetype i = find(key);
        if (i < 0)
            m_entries.append({ key, std::move(value) });
        else
            m_entries[i].second = std::move(value);
    }
    void remove(const K &key)
    {
        if (const qsizetype i = find(key); i >= 0)
            m_entries.remove(i);
    }
    template<typename Pred>
    void removeIf(Pred pred) { m_entries.removeIf([&](const Entry &e) { return pred(e.first); }); }
    void clear() { m_entries.clear(); }
    auto begin() const { return m_entries.cbegin(); }
    auto end() const { return m_entries.cend(); }

private:
    qsizetype find(const K &key) const
    {
        for (qsizetype i = 0; i < m_entries.size(); ++i)
            if (m_entries.at(i).first == key)
                return i;
        return -1;
    }
    QList<Entry> m_entries;
};

} // namespace qorm::detail
