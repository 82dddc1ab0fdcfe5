// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/database.h>
#include <qorm/entity.h>
#include <qorm/entitymeta.h>
#include <qorm/query.h>
#include <qorm/sqlstatement.h>

#include <QObject>
#include <QVariantMap>
#include <memory>
#include <tuple>

namespace qorm {

namespace detail {
class SessionPrivate;
}

/*!
 * \brief The unit of work: loads entities through an identity map, tracks their changes, and
 * writes them in one transaction on commit() — like SQLAlchemy's `Session`.
 *
 * - **Identity map.** Within a session one row is one object: get() and queries return the
 *   entity already loaded for a primary key instead of a second copy (its in-memory values win,
 *   as in SQLAlchemy without `populate_existing`). Clean entities are held weakly, so memory
 *   follows what the caller keeps; new, changed and deleted entities are held strongly until
 *   they are flushed.
 * - **Unit of work.** add() and remove() only stage; flush() sends INSERT / UPDATE / DELETE
 *   inside a transaction that it begins (`BEGIN IMMEDIATE` on SQLite); commit() flushes and
 *   COMMITs. An UPDATE sets only the columns whose values changed; an entity whose values did
 *   not change emits nothing. Queries flush first (setAutoflush()). add() also adds the new
 *   entities the added one's relations hold (save-update cascade).
 * - **Errors lose nothing.** When a flush or commit fails, the transaction is rolled back, the
 *   error is returned (and kept in lastError()), and every entity is put back to what it was
 *   before the failed attempt: pending entities are pending again with their generated keys
 *   cleared, changed entities keep their unsaved values and stay dirty, so the caller can fix
 *   the value and commit again. When the connection is lost (Error::Kind::ConnectionLost), the
 *   session drops it and the next call connects again; the entities keep their unsaved changes,
 *   so committing again after the server is back writes them. rollback() instead discards unsaved changes: changed entities
 *   get their loaded values back, pending ones are expunged, deleted ones are persistent again.
 *
 * Thread affinity: a session, its entities and its connection belong to the thread that created
 * the session. Not copyable. Entities still alive when the session is destroyed become Detached.
 */
class QORM_CORE_EXPORT Session : public QObject
{
    Q_OBJECT
public:
    /*! A session over \a database, using the calling thread's connection. */
    explicit Session(const Database &database, QObject *parent = nullptr);
    ~Session() override;

    /*! The database the session was created with (another handle to it; Database is implicitly shared). */
    Database database() const;

    /*! A query over entity class T. */
    template<typename T>
    Query<T> query() { return Query<T>(QueryBase(this, &T::staticMetaObject)); }

    /*!
     * The entity of class T whose primary key is \a id (a QVariantList for composite keys), from
     * the identity map or by `SELECT ... WHERE <pk> = ?`. Errors: NotFound when no row matches,
     * Mapping, Statement, ConnectionLost.
     */
    template<typename T>
    Result<std::shared_ptr<T>> get(const QVariant &id)
    {
        auto r = get(T::staticMetaObject, id, [] () -> Entity * { return new T; });
        if (!r)
            return r.error();
        return std::static_pointer_cast<T>(r.value());
    }
    /*! Untyped get(); \a factory creates an empty entity (nullptr: QMetaObject::newInstance()). */
    Result<std::shared_ptr<Entity>> get(const QMetaObject &metaObject, const QVariant &id,
                                        QueryBase::Factory factory = nullptr);

    /*!
     * Stages \a entity for INSERT at the next flush; the generated key is written into it then.
     * Adding an entity that is already in this session does nothing; re-adding a deleted one
     * cancels the deletion. Errors: Mapping, InvalidState (the entity belongs to another session).
     */
    Error add(const std::shared_ptr<Entity> &entity);
    /*!
     * Stages \a entity for DELETE at the next flush (a pending one is simply expunged), with the
     * delete rules of the relations that refer to it, like SQLAlchemy's delete cascade and
     * Django's `on_delete`: the rows whose many-to-one declares QORM_ON_DELETE(..., Restrict)
     * are looked for first (one SELECT per rule) and any makes the call fail with
     * ForeignKeyViolation, nothing changed; then `Cascade` rows (and the children of a
     * QORM_DELETE_ORPHAN collection) are removed in turn, `SetNull` rows get a NULL key, and the
     * entity's many-to-many association rows are removed — all written by the next flush,
     * children before parents. Rules are known for the classes used so far (EntityMeta::of());
     * the schema's `ON DELETE` clauses cover the rest. Errors: InvalidState when the entity is
     * not in this session; ForeignKeyViolation (Restrict); the SELECTs' errors.
     */
    Error remove(Entity *entity);
    /*!
     * \overload
     *
     * Takes the same shared handle that add() takes.
     */
    Error remove(const std::shared_ptr<Entity> &entity) { return remove(entity.get()); }
    /*!
     * Tells the session that \a entity changed although its setters do not report it (plain
     * Q_PROPERTY classes): the next flush compares it with its snapshot. Setters declared with
     * QORM_COLUMN report changes themselves.
     */
    void markDirty(Entity *entity);

    /*! Writes pending changes (INSERT, UPDATE, DELETE) in the session's transaction, beginning it if needed. */
    Error flush();
    /*!
     * Whether queries flush pending changes first, so that they see them (on by default, like
     * SQLAlchemy's autoflush): before a query's SELECT, COUNT or EXISTS runs the session calls
     * flush() when it has changes. get() and relation loading (related(), loadRelated()) read by
     * key and do not flush. A flush that fails
     * fails the query with the flush's error (the transaction is rolled back, as commit() would).
     * QueryBase::autoflush(false) turns it off for one query; EntityTableModel's paging does, so
     * that fetching more rows never writes a half-edited row.
     */
    void setAutoflush(bool on);
    /*! See setAutoflush(). */
    bool autoflush() const;
    /*! flush() then COMMIT. On any error the transaction is rolled back and nothing is lost (see above). */
    Error commit();
    /*! ROLLBACK and discard unsaved changes (see above). Emits rolledBack(). */
    void rollback();
    /*!
     * Discards the unflushed changes of one entity and leaves the rest of the session alone —
     * what a table model's revertRow() needs, where rollback() would discard every edit of the
     * application (like Django's `refresh_from_db()` for the values, without a SELECT):
     * - a pending entity leaves the session and is Transient again, its values kept (as
     *   SQLAlchemy's `Session.expunge()`);
     * - a changed entity gets back the values last read from or written to the database and is
     *   clean; its relations load again on next use (collection edits not yet flushed are dropped);
     * - a removed entity is Persistent again, and so is what its remove() changed with it:
     *   cascaded deletes are cancelled and SetNull foreign keys get their values back.
     *
     * Changes already flushed in the open transaction stay (only rollback() undoes them). Emits
     * entityChanged() for the restored values; runs no SQL. Errors: InvalidState when the
     * entity is not in this session, or when its DELETE was already flushed.
     */
    Error revert(Entity *entity);
    /*! True when a flush would write something. */
    bool hasPendingChanges() const;
    /*! True between the first flush (which sends BEGIN) and commit()/rollback(). */
    bool isInTransaction() const;

    /*! The related entity of many-to-one \a relation of \a entity (lazy load; nullptr for a NULL key). */
    Result<std::shared_ptr<Entity>> related(const Entity *entity, const QString &relation);
    /*!
     * Sets \a property of \a entity to \a value the way an editor should (a table model's
     * setData(), a form): converted exactly to the column's type (TypeRegistry::convertExact();
     * NULL refused for a NOT NULL column), checked against what this database stores
     * (QORM_LENGTH -> ValueTooLong, digits of a Decimal column, values the backend refuses) and
     * only then written through the column's codec and the property's setter, so the change is
     * tracked and reported by entityChanged(). Returns whether the value changed. On an error
     * nothing changes. Errors: UnknownColumn, TypeMismatch, ValueTooLong (naming
     * "Class.property"), Mapping, InvalidState (another thread, an invalid database).
     * Like Django's `field.clean()` followed by the assignment.
     */
    Result<bool> setValue(Entity *entity, const QString &property, const QVariant &value);
    /*!
     * \a property of \a entity in its column's value type, read through the column codec: an
     * optional unwrapped, NULL as a null QVariant, a Decimal as qorm::Decimal. A null QVariant
     * for an unknown property or class.
     */
    QVariant value(const Entity *entity, const QString &property) const;
    /*!
     * The related entity of many-to-one \a relation of \a entity when it is already in memory
     * (loaded by related(), loadRelated() or any query of this session), else nullptr. Never
     * runs a statement: for a view's `data()`, which must not block on the database (load
     * what is missing with loadRelated()). Also nullptr for a NULL foreign key, an unknown
     * relation, an entity of another session or a call from another thread.
     */
    std::shared_ptr<Entity> loadedRelated(const Entity *entity, const QString &relation) const;
    /*!
     * Loads, with one `SELECT ... WHERE <pk> IN (...)`, the targets of \a relation for all of
     * \a entities that are not yet loaded (SQLAlchemy's "selectin" eager loading).
     */
    Error loadRelated(const QList<std::shared_ptr<Entity>> &entities, const QString &relation);

    /*!
     * \name Raw SQL
     * A SELECT written by hand, run in the session's transaction (after an autoflush, as a
     * query), with its values bound: positional `?` with a QVariantList, or named `:name` with a
     * QVariantMap (qorm rewrites each `:name` outside quotes and comments to `?`; PostgreSQL's
     * `::` casts stay; keep placeholders out of SQL comments, where QtSql's drivers count them
     * too). Values convert as column values do (a QDateTime is stored text on
     * SQLite, a Decimal exact text). Like SQLAlchemy's `session.execute(text(...))` and
     * Django's `Manager.raw()`. Errors: InvalidState (placeholders and values do not match, a
     * name without a value), the database's errors (Statement, ConnectionLost...), and
     * TypeMismatch for a value that cannot be read as asked.
     */
    //!@{
    /*! Every row as a QVariantMap keyed by the column names the database reports; driver values, NULL as a null QVariant. */
    Result<QList<QVariantMap>> rawRows(const QString &sql, const QVariantList &values = {});
    /*!
     * \overload
     * The same with named values (`:name`).
     */
    Result<QList<QVariantMap>> rawRows(const QString &sql, const QVariantMap &namedValues);
    /*!
     * The rows as entities of class T, through the identity map (a row already loaded is the
     * same object): the SELECT must return every mapped column of T, by its physical name, in
     * any order and among other columns (Django's `raw()`). Errors as above, and UnknownColumn
     * naming a missing column.
     */
    template<typename T>
    Result<QList<std::shared_ptr<T>>> rawEntities(const QString &sql, const QVariantList &values = {})
    {
        return typedEntities<T>(rawEntities(T::staticMetaObject, sql, values, {}, false, [] () -> Entity * { return new T; }));
    }
    /*!
     * \overload
     * The same with named values (`:name`).
     */
    template<typename T>
    Result<QList<std::shared_ptr<T>>> rawEntities(const QString &sql, const QVariantMap &namedValues)
    {
        return typedEntities<T>(rawEntities(T::staticMetaObject, sql, {}, namedValues, true, [] () -> Entity * { return new T; }));
    }
    /*!
     * The rows as tuples of \a Ts (column i read as Ts[i]: a std::optional for a column that may
     * be NULL; NULL into another type is a TypeMismatch).
     */
    template<typename... Ts>
    Result<QList<std::tuple<Ts...>>> rawTuples(const QString &sql, const QVariantList &values = {})
    {
        return typedTuples<Ts...>(rawValues(sql, values, {}, false, { detail::rowType<Ts>()... }));
    }
    /*!
     * \overload
     * The same with named values (`:name`).
     */
    template<typename... Ts>
    Result<QList<std::tuple<Ts...>>> rawTuples(const QString &sql, const QVariantMap &namedValues)
    {
        return typedTuples<Ts...>(rawValues(sql, {}, namedValues, true, { detail::rowType<Ts>()... }));
    }
    /*! Internal: rawEntities() for class \a metaObject. */
    Result<QList<std::shared_ptr<Entity>>> rawEntities(const QMetaObject &metaObject, const QString &sql, const QVariantList &values,
                                                       const QVariantMap &named, bool isNamed, QueryBase::Factory factory);
    /*! Internal: the rows of raw \a sql, value i read as \a types[i]. */
    Result<QList<QVariantList>> rawValues(const QString &sql, const QVariantList &values, const QVariantMap &named, bool isNamed,
                                          const QList<QMetaType> &types);
    //!@}

    /*! Internal: runs \a query. */
    Result<QList<std::shared_ptr<Entity>>> execute(const QueryBase &query);
    /*! Internal: runs COUNT(*) for \a query. */
    Result<qint64> executeCount(const QueryBase &query);
    /*! Internal: runs SELECT 1 ... LIMIT 1 for \a query. */
    Result<bool> executeExists(const QueryBase &query);
    /*! Internal: bulk UPDATE (\a assignments) or DELETE (\a remove) of \a query's rows. */
    Result<qint64> executeBulk(const QueryBase &query, const QList<std::pair<QString, Expr>> &assignments, bool remove);
    /*! Internal: opens a cursor over \a query's entities (EntityStream); its id. */
    Result<int> openStream(const QueryBase &query);
    /*! Internal: the next entity of stream cursor \a cursor over \a query, nullptr at the end. */
    Result<std::shared_ptr<Entity>> streamNext(const QueryBase &query, int cursor);
    /*! Internal: closes stream cursor \a cursor. */
    void closeStream(int cursor);
    /*! Internal: runs \a query's selection, reading value i as \a types[i]. */
    Result<QList<QVariantList>> executeRows(const QueryBase &query, const QList<QMetaType> &types);
    /*! Internal: compiles \a query's SELECT without running it. */
    Result<SqlStatement> compile(const QueryBase &query);

    /*! The last error reported by any call, or an invalid Error. */
    Error lastError() const;

Q_SIGNALS:
    /*!
     * Emitted after each statement the session sends, with its SQL text, bound values and
     * elapsed wall time in microseconds. Also logged to QLoggingCategory "qorm.sql" (debug).
     */
    void statementExecuted(const QString &sql, const QVariantList &values, qint64 elapsedMicroseconds);
    /*! Emitted after a successful COMMIT. */
    void committed();
    /*! Emitted after rollback() restored the entities. */
    void rolledBack();
    /*! Emitted when any call fails, with the same error the call returns. */
    void errorOccurred(const qorm::Error &error);

    /*!
     * The change stream: the tracked \a properties of \a entity were changed, *after* the new
     * values were stored, so a listener reads the new values. Emitted once per entity and batch,
     * with every property changed in the batch, in declaration order: notifications are coalesced until control
     * returns to the event loop, or until the next flush(), commit() or rollback(), which deliver
     * what is pending first (so entityChanged() comes before committed() and rolledBack()).
     * Covers edits through QORM_COLUMN setters (from any code: a model, a form, the
     * application) and the values the session writes itself: generated keys, QORM_VERSION and
     * timestamp columns, and the values rollback() restores. Properties of classes written with
     * plain Q_PROPERTY are not reported (they have no setter hook). An entity destroyed before
     * delivery is skipped. Like SQLAlchemy's attribute events, as one Qt signal per entity.
     *
     * Nothing is recorded while no receiver is connected, so the stream costs nothing then.
     */
    void entityChanged(qorm::Entity *entity, const QStringList &properties);
    /*! \a entity was added with add() (pending: INSERTed by the next flush). */
    void entityAdded(qorm::Entity *entity);
    /*! \a entity was removed with remove() (DELETEd by the next flush, or a pending entity discarded). */
    void entityRemoved(qorm::Entity *entity);
    /*!
     * After a successful commit(): the rows of \a inserted entities now exist and the rows of
     * \a deleted entities are gone (the deleted entities are detached). Emitted before committed().
     */
    void entitiesCommitted(const QList<qorm::Entity *> &inserted, const QList<qorm::Entity *> &deleted);

protected:
    /*! Tracks whether anyone listens to entityChanged() (the change stream records nothing otherwise). */
    void connectNotify(const QMetaMethod &signal) override;
    /*! See connectNotify(). */
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    template<typename T>
    static Result<QList<std::shared_ptr<T>>> typedEntities(Result<QList<std::shared_ptr<Entity>>> rows)
    {
        if (!rows)
            return rows.error();
        QList<std::shared_ptr<T>> typed;
        typed.reserve(rows.value().size());
        for (auto &e : rows.value())
            typed.append(std::static_pointer_cast<T>(std::move(e)));
        return typed;
    }
    template<typename... Ts>
    static Result<QList<std::tuple<Ts...>>> typedTuples(Result<QList<QVariantList>> rows)
    {
        if (!rows)
            return rows.error();
        QList<std::tuple<Ts...>> out;
        out.reserve(rows.value().size());
        for (const QVariantList &row : rows.value()) {
            bool ok = true;
            out.append(detail::toRow<Ts...>(row, &ok));
            if (!ok)
                return Error(Error::Kind::TypeMismatch, QStringLiteral("rawTuples(): a value is NULL but its tuple type is not a std::optional"));
        }
        return out;
    }

    friend class Entity;
    friend class detail::SessionPrivate;
    std::unique_ptr<detail::SessionPrivate> d;
};

} // namespace qorm
