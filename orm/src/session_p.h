// SPDX-License-Identifier: MIT
#pragma once

#include "mapper_p.h"

#include <qorm/session.h>

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>

#include <unordered_map>

namespace qorm::detail {

/*! The session's record of one entity it tracks. Owned by the session. */
class SessionPrivate;

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

struct TrackedEntity
{
    SessionPrivate *session = nullptr;
    Entity *entity = nullptr;          //!< Valid while tracked (the entity's destructor untracks it).
    std::weak_ptr<Entity> weak;        //!< The handle the session gives out.
    std::shared_ptr<Entity> strong;    //!< Held while the entity has unflushed changes.
    const Mapper *mapper = nullptr;
    Entity::State state = Entity::State::Transient;
    QString key;                       //!< Identity-map key; empty while pending.
    /*! Column -> property value as last synchronised with the database: changed tracked columns
     *  only, plus every untracked column (a snapshot). */
    SmallMap<int, QVariant> original;
    bool inPending = false;
    bool inDirty = false;
    bool inDeleted = false;
    SmallMap<QString, std::shared_ptr<Entity>> related; //!< Loaded many-to-one targets by relation name.
};

/*! What a flush changed for one entity, to undo it if the transaction rolls back. */
struct JournalEntry
{
    enum class Action { Insert, Update, Delete };
    Action action;
    TrackedEntity *tracked;
    std::shared_ptr<Entity> keepAlive;
    SmallMap<int, QVariant> previousOriginal;
    QVariant previousAutoValue; //!< Insert: the autoincrement property before the key was written; Update: the version before it (QORM_VERSION).
};

class SessionPrivate
{
public:
    explicit SessionPrivate(Session *q, const Database &db) : q(q), database(db) { }

    Session *q;
    Database database;
    QSqlDatabase connection;
    QHash<const QMetaObject *, Mapper *> mappers;
    QHash<const QMetaObject *, QHash<QString, TrackedEntity *>> identity;
    QList<TrackedEntity *> pending;
    QList<TrackedEntity *> dirty;
    QList<TrackedEntity *> deleted;
    QSet<TrackedEntity *> snapshotted; //!< Persistent entities with untracked columns.
    /*! A prepared statement and when it was last used (statementUses at the time). */
    struct CachedStatement
    {
        QSqlQuery query;
        quint64 lastUse = 0;
    };
    /*!
     * Prepared-statement cache by SQL text, bounded: at most maxCachedStatements per session (each
     * one holds a server-side prepared statement and client buffers); the least recently used
     * is finished and dropped when a new text arrives. Every IN-list length is its own text.
     */
    std::unordered_map<QString, CachedStatement> statements; // QSqlQuery must not be copied: no QHash

    static constexpr qsizetype maxCachedStatements = 64;
    quint64 statementUses = 0;
    /*! Drops the least recently used cached statement. */
    void evictLeastRecentStatement();
    QHash<std::pair<const Mapper *, QList<int>>, QString> updateSql; //!< UPDATE text by changed-column set.
    QList<JournalEntry> journal;
    bool inTransaction = false;
    bool restoring = false; //!< Setters called by the session itself are not changes.
    bool lostConnection = false; //!< The connection was dropped after a lost connection; the next call reconnects.
    Error lastError;

    /*! The QORM_VERSION value \a t was loaded (or last flushed) with. */
    qint64 loadedVersion(const TrackedEntity *t) const;
    /*! Writes \a version into \a t's version property without recording a change. */
    void setVersion(TrackedEntity *t, qint64 version);
    /*! The StaleData error of an UPDATE or DELETE that matched no row of \a version. */
    Error staleData(const Mapper &m, const QVariantList &keys, qint64 version, const QString &sql) const;
    /*! When stampTimes() runs: before an INSERT or before an UPDATE of other changes. */
    enum class Stamp { Insert, Update };
    /*!
     * Sets the QORM_CREATED_AT / QORM_UPDATED_AT properties of \a t to the current UTC time:
     * on Insert each one that is not set yet, on Update the updated-at one.
     */
    void stampTimes(TrackedEntity *t, Stamp stamp);
    Error fail(const Error &e);
    /*!
     * InvalidState when the session cannot be used from here: called from a thread other than
     * the session's (QtSql connections and the session's lists are single-threaded; qorm refuses
     * instead of racing) or built on an invalid Database. An invalid Error otherwise.
     */
    Error usable() const;
    /*! \a e (from usable()) recorded by fail() on the owner thread, returned as it is to any other thread. */
    Error refuse(const Error &e);
    /*! True when the calling thread owns the session. */
    bool isOwnerThread() const { return QThread::currentThread() == q->thread(); }
    Result<const Mapper *> mapperFor(const QMetaObject &mo);
    Result<QSqlDatabase> conn();
    /*! Prepares (cached), binds and executes \a st; the query is positioned before the first row. */
    Result<QSqlQuery *> exec(const SqlStatement &st);
    Error execDirect(const QString &sql);
    void dropConnection();
    /*! dropConnection() when \a e says the connection is gone (or the driver closed it). */
    void dropConnectionIfLost(const Error &e);

    TrackedEntity *track(const std::shared_ptr<Entity> &entity, const Mapper *mapper, Entity::State state);
    void untrack(TrackedEntity *t);
    void entityDestroyed(Entity *e);
    std::shared_ptr<Entity> lookup(const QMetaObject *mo, const QString &key) const;
    QVariantList keyValues(const TrackedEntity *t) const;
    /*! Appends \a keys (from keyValues()) as bindable values for `pkWhere`. */
    void appendKeyBindings(const TrackedEntity *t, const QVariantList &keys, QVariantList &values) const;
    void snapshotUntracked(TrackedEntity *t);
    void willChange(Entity *e, int propertyIndex, const QVariant &oldValue);
    QList<int> changedColumns(const TrackedEntity *t) const;
    void writeProperty(Entity *e, const ColumnMeta &c, const QVariant &value);

    Result<QList<std::shared_ptr<Entity>>> load(const Mapper &mapper, const SqlStatement &st, QueryBase::Factory f);
    Error flushInserts();
    Error flushUpdates();
    Error flushDeletes();
    void undoJournal();
    void abortTransaction();
};

} // namespace qorm::detail
