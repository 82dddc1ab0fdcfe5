// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include "smallmap_p.h"

#include <QList>
#include <QVariant>

#include <memory>
#include <utility>

namespace qorm {
class Entity;
}

namespace qorm::detail {

class EntityState;

/*! What a flush changed for one entity, to undo it if the transaction rolls back. */
struct JournalEntry
{
    enum class Action {
        Insert,
        Update,
        Delete,
        BulkUpdate, //!< A bulk UPDATE rewrote loaded values (previousValues holds the old property values).
        BulkDelete, //!< A bulk DELETE removed a loaded entity's row.
        Association, //!< A many-to-many association row was inserted or deleted (item, relation, inserted).
    };
    Action action;
    EntityState *state;                  //!< Null once the entity left the session.
    std::shared_ptr<Entity> keepAlive;   //!< Keeps the entity alive until COMMIT or ROLLBACK.
    SmallMap<int, QVariant> previousOriginal;
    /*! Insert: the autoincrement property before the key was written; Update: the version before it (QORM_VERSION). */
    QVariant previousAutoValue;
    /*! BulkUpdate: column -> property value before the statement. */
    SmallMap<int, QVariant> previousValues;
    /*! Association: the collection's relation index (in the owner's class), its item, and whether the row was inserted. */
    int relation = -1;
    std::shared_ptr<Entity> item{};
    bool inserted = false;
};

/*!
 * The open database transaction as a stack of frames over one journal of flushed changes. A
 * frame remembers the journal's length when it began (its mark), so rolling back a frame undoes
 * exactly the changes flushed inside it — the shape savepoints need (SQLAlchemy's nested
 * SessionTransaction shares its parent's bookkeeping the same way). Today the session opens one
 * frame per transaction.
 */
class TransactionStack
{
public:
    bool isActive() const { return !m_marks.isEmpty(); }
    qsizetype depth() const { return m_marks.size(); }
    /*! Opens a frame at the journal's current end. */
    void begin() { m_marks.append(m_journal.size()); }
    /*! Closes every frame: the transaction ended (committed or rolled back). */
    void end() { m_marks.clear(); }
    /*! The mark of the innermost frame (0 without one). */
    qsizetype mark() const { return m_marks.isEmpty() ? 0 : m_marks.last(); }

    void record(JournalEntry entry) { m_journal.append(std::move(entry)); }
    /*! Makes room for \a more entries (a flush knows how many rows it writes: no reallocation while it runs). */
    void reserve(qsizetype more) { m_journal.reserve(m_journal.size() + more); }
    const QList<JournalEntry> &journal() const { return m_journal; }
    /*! Removes and returns the entries recorded since \a mark, oldest first. */
    QList<JournalEntry> takeSince(qsizetype mark)
    {
        if (mark == 0)
            return std::exchange(m_journal, {}); // the whole journal (COMMIT, ROLLBACK): moved, not copied
        QList<JournalEntry> taken = m_journal.mid(mark);
        m_journal.resize(mark);
        return taken;
    }
    /*! The entity of \a state left the session: its entries no longer refer to it. */
    void forget(const EntityState *state)
    {
        for (JournalEntry &e : m_journal)
            if (e.state == state)
                e.state = nullptr;
    }

private:
    QList<qsizetype> m_marks;
    QList<JournalEntry> m_journal;
};

} // namespace qorm::detail
