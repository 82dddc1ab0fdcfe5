// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the qorm API. It may change without notice.
//

#include "changestream_p.h"
#include "connection_p.h"
#include "entitystate_p.h"
#include "grammar_p.h"
#include "identitymap_p.h"
#include "mapper_p.h"
#include "relations_p.h"
#include "transactionstack_p.h"

#include <qorm/session.h>

#include <QHash>
#include <QSet>
#include <QThread>

namespace qorm::detail {

/*!
 * The session's parts, one file each, and the glue between them (Session is the façade):
 * - Connection (connection.cpp): the thread's connection and the bounded statement cache;
 * - IdentityMap (identitymap_p.h) of EntityState records (entitystate.cpp), which own their
 *   transitions between the UnitOfWork's pending / dirty / deleted lists;
 * - the Loader (loader.cpp): rows of an executed SELECT into entities, through the identity map;
 * - the FlushPlan (flushplan.cpp): collect then emit INSERT / UPDATE / DELETE per table in
 *   dependency order, journaling each change;
 * - the TransactionStack (transactionstack_p.h): frames with journal marks, undone in reverse on
 *   rollback.
 */
class SelectCompiler;

class SessionPrivate
{
public:
    SessionPrivate(Session *q, const Database &db);
    ~SessionPrivate();

    Session *const q;
    Database database;
    Connection connection;
    IdentityMap identity;
    UnitOfWork uow;
    TransactionStack transactions;
    ChangeStream changes;
    QHash<const QMetaObject *, const Mapper *> mappers; //!< The Database's shared plans, looked up once per class.
    QHash<std::pair<const Mapper *, QList<int>>, QString> updateTexts; //!< UPDATE text by changed-column set.
    bool restoring = false; //!< Setters called by the session itself are not changes.
    bool autoflush = true;  //!< Session::setAutoflush().
    QHash<int, QString> streamSql; //!< The SQL of each open stream cursor (for its errors).
    bool eagerLoading = false; //!< Inside the select-in pass of a query: QORM_LOAD defaults do not apply again.
    /*! Entities whose relations have work for the flush (association rows, links to new targets). */
    QSet<EntityState *> relationWork;
    /*!
     * What remove() changed besides its entity (cascaded deletes, SetNull keys), per removed
     * entity, so that Session::revert() of that entity puts them back too. Until the next flush
     * writes the deletes or rollback() discards them.
     */
    struct Removal
    {
        QList<std::weak_ptr<Entity>> marked;
        QList<Relations::NulledKey> nulled;
    };
    QHash<EntityState *, Removal> removals;
    /*! Foreign keys the running flush wrote (record, column, previous property value): put back if it fails. */
    QList<std::pair<EntityState *, std::pair<int, QVariant>>> flushedForeignKeys;
    /*! The live entities of relationWork. */
    QList<Entity *> relationOwners() const;
    /*! True when the next flush has something to write (the unit of work's lists or association rows). */
    bool hasWork() const;
    /*! Flushes before \a query runs when autoflush is on for both the session and the query. */
    Error autoflushFor(const QueryBase &query);
    /*!
     * Runs the statement \a compile makes of \a query (after an autoflush) and returns the first
     * row's first column, or std::nullopt when there is no row (COUNT and EXISTS).
     */
    Result<std::optional<QVariant>> firstValue(const QueryBase &query, Result<SqlStatement> (SelectCompiler::*compile)(const QueryBase &));
    /*! Flushes before raw SQL runs when autoflush is on. */
    Error rawAutoflush();
    /*! Raw \a sql with its values (positional, or \a named when \a isNamed), converted for binding. */
    Result<SqlStatement> rawStatement(const QString &sql, const QVariantList &values, const QVariantMap &named, bool isNamed);
    /*! Session::rawRows(). */
    Result<QList<QVariantMap>> rawRows(const QString &sql, const QVariantList &values, const QVariantMap &named, bool isNamed);
    Error lastError;

    // --- guards and errors ----------------------------------------------------------------
    /*!
     * InvalidState when the session cannot be used from here: called from a thread other than
     * the session's (QtSql connections and the session's lists are single-threaded; qorm refuses
     * instead of racing) or built on an invalid Database. An invalid Error otherwise.
     */
    Error usable() const;
    /*! \a e (from usable()) recorded by fail() on the owner thread, returned as it is to any other thread. */
    Error refuse(const Error &e);
    /*! Records \a e as lastError() and emits errorOccurred(); returns it. */
    Error fail(const Error &e);
    /*! True when the calling thread owns the session. */
    bool isOwnerThread() const { return QThread::currentThread() == q->thread(); }
    Result<const Mapper *> mapperFor(const QMetaObject &mo);
    /*! The statement grammar of the session's dialect. Only after usable() said yes. */
    const Grammar &grammar();
    /*! The UPDATE text of \a changedColumns (sorted) of \a mapper, built once per column set. */
    QString updateSql(const Mapper &mapper, const QList<int> &changedColumns);
    /*! mapperFor() as a MapperSource, for the statement compilers. */
    MapperSource mapperSource() { return [this](const QMetaObject &mo) { return mapperFor(mo); }; }

    // --- tracking ---------------------------------------------------------------------------
    EntityState *track(const std::shared_ptr<Entity> &entity, const Mapper *mapper, Entity::State state);
    /*! Forgets \a state everywhere and deletes it; the entity becomes untracked. */
    void untrack(EntityState *state);
    void entityDestroyed(Entity *e);
    /*! The identity key of \a state's current key values. */
    IdentityKey identityKeyOf(const EntityState *state) const;
    /*! \a state's key values as last synchronised (value types), in key order. */
    QVariantList keyValues(const EntityState *state) const;
    /*! Appends \a keys (from keyValues()) as bindable values for the key's WHERE. */
    void appendKeyBindings(const EntityState *state, const QVariantList &keys, QVariantList &values) const;
    void willChange(Entity *e, int propertyIndex, const QVariant &oldValue);
    /*!
     * Foreign key \a key of relation \a relation in the value type of its target's single-column
     * key, as the identity map keys the target; a null QVariant when it does not convert.
     */
    QVariant targetKey(const RelationMeta &relation, const QVariant &key) const;
    /*! A tracked setter of \a state's entity stored property \a propertyIndex (the change stream). */
    void didChange(EntityState *state, int propertyIndex)
    {
        if (changes.isListening())
            if (const int c = state->mapper->meta->columnForPropertyIndex(propertyIndex); c >= 0)
                changes.record(state, c);
    }
    /*! Writes \a value into column \a c of \a e without recording a change. */
    void writeProperty(Entity *e, const ColumnMeta &c, const QVariant &value);

    // --- versions and timestamps (used by the flush) -------------------------------------
    /*! The QORM_VERSION value \a state was loaded (or last flushed) with. */
    qint64 loadedVersion(const EntityState *state) const;
    /*! Writes \a version into \a state's version property without recording a change. */
    void setVersion(EntityState *state, qint64 version);
    /*! The StaleData error of an UPDATE or DELETE that matched no row of \a version. */
    Error staleData(const Mapper &m, const QVariantList &keys, qint64 version, const QString &sql) const;
    /*! When stampTimes() runs: before an INSERT or before an UPDATE of other changes. */
    enum class Stamp { Insert, Update };
    /*!
     * Sets the QORM_CREATED_AT / QORM_UPDATED_AT properties of \a state to the current UTC time:
     * on Insert each one that is not set yet, on Update the updated-at one.
     */
    void stampTimes(EntityState *state, Stamp stamp);

    // --- transactions -----------------------------------------------------------------------
    /*! BEGIN unless a transaction is open. */
    Error beginTransaction();
    /*! ROLLBACK of the open transaction (if any) and undo of everything it flushed. */
    void abortTransaction();
    /*! Undoes the journal back to \a mark, newest first, restoring records and identity keys. */
    void undoTo(qsizetype mark);
};

} // namespace qorm::detail
