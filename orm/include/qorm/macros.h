// SPDX-License-Identifier: MIT
#pragma once

/*!
 * \file macros.h
 * \brief Helper macros that declare mapped columns and relations inside a qorm::Entity subclass.
 *
 * Each macro expands to ordinary moc input (Q_PROPERTY, Q_CLASSINFO, Q_SIGNAL), so no code
 * generator is needed: moc expands macros from included headers (verified on Qt 6.4). A class
 * may equally write plain `Q_PROPERTY(... READ ... WRITE ... NOTIFY ...)` and the classinfo
 * keys below by hand; qorm then detects changes by comparing snapshots instead of through the
 * setter (see docs/ARCHITECTURE.md, "Dirty tracking").
 *
 * Class information keys read by qorm::EntityMeta:
 * - `qorm.table` — logical table name (default: the class name without namespace).
 * - `qorm.primaryKey` — comma-separated property names of the primary key (default: `id`).
 * - `qorm.autoIncrement` — the property whose value the database generates.
 * - `qorm.column.<property>` — the logical column name of a property (default: the property name).
 *   The database's qorm::NamingStrategy turns logical names into physical ones.
 * - `qorm.tracked.<property>` — set by QORM_COLUMN: the setter reports changes to the session.
 * - `qorm.belongsTo.<relation>` — the foreign-key property of a many-to-one relation.
 * - `qorm.transient.<property>` — a property that is not a column.
 * - `qorm.version` — the optimistic-locking version counter (QORM_VERSION).
 * - `qorm.createdAt`, `qorm.updatedAt` — the QDateTime property that qorm stamps on INSERT /
 *   on every UPDATE (QORM_CREATED_AT, QORM_UPDATED_AT).
 * - `qorm.decimal.<property>` — "precision,scale" of a Decimal column (QORM_DECIMAL).
 * - `qorm.unique.<property>`, `qorm.length.<property>`, `qorm.default.<property>`,
 *   `qorm.enumAsName.<property>`, and (repeatable) `qorm.index`, `qorm.uniqueTogether`,
 *   `qorm.check` — schema details, see the macros below.
 */

#include <qorm/collection.h>
#include <qorm/column.h>
#include <qorm/qorm_core_export.h>

#include <QByteArray>
#include <QMetaObject>
#include <QString>
#include <QVariant>

#include <cstring>

namespace qorm::detail {
/*! Whether a setter's new value equals the old one. Stricter than operator== where SQL is:
 *  a null QString/QByteArray (SQL NULL) differs from an empty one, and -0.0 differs from 0.0. */
template<typename T>
inline bool sameValue(const T &a, const T &b) { return a == b; }
inline bool sameValue(const QString &a, const QString &b) { return a.isNull() == b.isNull() && a == b; }
inline bool sameValue(const QByteArray &a, const QByteArray &b) { return a.isNull() == b.isNull() && a == b; }
inline bool sameValue(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/*!
 * The QORM_DEFAULT of \a property of class \a metaObject converted to the property's type
 * \a propertyType, or an invalid QVariant when none is declared (or the mapping is invalid).
 */
QORM_CORE_EXPORT QVariant declaredDefault(const QMetaObject &metaObject, const char *property, QMetaType propertyType);

/*!
 * The initial value of a QORM_COLUMN member: its QORM_DEFAULT, else a value-initialised T —
 * except that a QString or QByteArray starts *empty but not null*: a null one means SQL NULL,
 * and a NOT NULL text column that was never set should be stored as '' (like Django's CharField),
 * not fail. Setting a null QString explicitly still writes NULL.
 */
template<typename T>
T initialValue(const QMetaObject &metaObject, const char *property)
{
    const QVariant v = declaredDefault(metaObject, property, QMetaType::fromType<T>());
    if (v.isValid())
        return v.value<T>();
    if constexpr (std::is_same_v<T, QString>)
        return QString(QLatin1StringView(""));
    else if constexpr (std::is_same_v<T, QByteArray>)
        return QByteArray("");
    else
        return T{};
}
} // namespace qorm::detail

/*!
 * Names the entity class \a Class inside its own declaration, for the typed column handles that
 * QORM_COLUMN, QORM_ID and QORM_BELONGS_TO generate (`Track::name_`, `Track::album_`; see
 * qorm::Column). Write it first in the class, after Q_OBJECT: `QORM_ENTITY(Track)`. Without it
 * the handles belong to qorm::Entity and typed queries refuse them at compile time (string
 * names keep working).
 */
#define QORM_ENTITY(Class)                                                                         \
public:                                                                                            \
    using qormSelf = Class;                                                                        \
                                                                                                   \
private:

/*!
 * The property that names an entity to a person, e.g. QORM_DISPLAY("title") in Album: a table
 * model column showing a many-to-one relation (qorm::EntityTableModel, column "album") shows the
 * target's display property, sorts by it in SQL and edits the foreign key (like Django's
 * `__str__` in the admin).
 */
#define QORM_DISPLAY(property) Q_CLASSINFO("qorm.display", property)

/*! The entity's logical table name, e.g. QORM_TABLE("Track"). */
#define QORM_TABLE(name) Q_CLASSINFO("qorm.table", name)

/*! The primary key as a comma-separated list of property names, e.g. QORM_PRIMARY_KEY("playlistId,trackId"). */
#define QORM_PRIMARY_KEY(properties) Q_CLASSINFO("qorm.primaryKey", properties)

/*! Overrides the logical column name of \a property, e.g. QORM_COLUMN_NAME(id, "trackId"). */
#define QORM_COLUMN_NAME(property, logicalName) Q_CLASSINFO("qorm.column." #property, logicalName)

/*! A UNIQUE constraint on the column of \a property. */
#define QORM_UNIQUE(property) Q_CLASSINFO("qorm.unique." #property, "1")

/*! Limits a string column to \a n characters: VARCHAR(n) where the backend has it. */
#define QORM_LENGTH(property, n) Q_CLASSINFO("qorm.length." #property, #n)

/*!
 * The column's default value, written as text and converted to the column's type, e.g.
 * QORM_DEFAULT(quantity, "1"), QORM_DEFAULT(status, "draft"). It applies in two places:
 * - **new entities**, like Django's `default=`: a QORM_COLUMN member starts with this value when
 *   the entity is constructed, so a new entity that never sets the property is INSERTed with the
 *   default (and shows it in a view before it is saved). Classes written with plain Q_PROPERTY
 *   call Entity::applyDefaults() in their constructor for the same effect;
 * - **the schema**: the column's DEFAULT clause, rendered as an escaped SQL literal (DDL cannot
 *   bind parameters), for rows inserted by other programs.
 *
 * A default that does not convert to the column's type is an Error::Kind::Mapping.
 */
#define QORM_DEFAULT(property, value) Q_CLASSINFO("qorm.default." #property, value)

/*!
 * The precision (total digits) and scale (digits after the point) of a qorm::Decimal column, e.g.
 * QORM_DECIMAL(price, 10, 2): NUMERIC(10,2) / DECIMAL(10,2) in the schema. A value with more
 * decimal places or more integer digits than the column keeps is refused with TypeMismatch
 * before any SQL, never rounded. Without it: NUMERIC (exact, any size) on PostgreSQL,
 * DECIMAL(19,4) on MariaDB, and on SQLite at most 15 significant digits (what its NUMERIC
 * affinity keeps exactly).
 */
#define QORM_DECIMAL(property, precision, scale) Q_CLASSINFO("qorm.decimal." #property, #precision "," #scale)

/*! An index over the comma-separated \a properties, e.g. QORM_INDEX("lastName,firstName"). Repeatable. */
#define QORM_INDEX(properties) Q_CLASSINFO("qorm.index", properties)

/*! A UNIQUE constraint over several columns, e.g. QORM_UNIQUE_TOGETHER("playlistId,position"). Repeatable. */
#define QORM_UNIQUE_TOGETHER(properties) Q_CLASSINFO("qorm.uniqueTogether", properties)

/*!
 * A CHECK constraint. The expression is SQL written by the class's author (trusted, like
 * SQLAlchemy's CheckConstraint text); `{property}` is replaced by the quoted column name, so the
 * check survives naming strategies: QORM_CHECK("{age} >= 0"). Repeatable.
 */
#define QORM_CHECK(expression) Q_CLASSINFO("qorm.check", expression)

/*! Stores a Q_ENUM property by its key name (text) instead of its integer value. */
#define QORM_ENUM_AS_NAME(property) Q_CLASSINFO("qorm.enumAsName." #property, "1")

/*!
 * Declares \a property (a QDateTime or std::optional<QDateTime> column) as the creation time,
 * like Django's `auto_now_add`: when an entity is INSERTed and the property is not set (null or
 * invalid), qorm sets it to the current time in UTC (millisecond precision, as stored).
 */
#define QORM_CREATED_AT(property) Q_CLASSINFO("qorm.createdAt", #property)

/*!
 * Declares \a property (a QDateTime or std::optional<QDateTime> column) as the modification
 * time, like Django's `auto_now`: qorm sets it to the current time in UTC on INSERT (when not
 * set) and on every UPDATE that writes other changes of the entity.
 */
#define QORM_UPDATED_AT(property) Q_CLASSINFO("qorm.updatedAt", #property)

/*!
 * Declares \a property (an `int` or `qint64` column) as the entity's version counter for
 * optimistic locking, like SQLAlchemy's `version_id_col` and Hibernate's `@Version`. qorm
 * sets it to 1 on INSERT (when 0) and adds 1 on every UPDATE, whose WHERE clause also requires
 * the version the entity was loaded with: `UPDATE t SET ..., "version" = ? WHERE "id" = ? AND
 * "version" = ?` (DELETE checks it too). When another connection changed or deleted the row in
 * between, nothing is written, the transaction is rolled back and commit() returns
 * Error::Kind::StaleData; the entity keeps the user's edits. Reload it (a new Session) and apply
 * them again. Where a conflict must wait instead of fail, `SELECT ... FOR UPDATE` (pessimistic
 * locking) is the better tool; see docs/guides/sessions.md.
 */
#define QORM_VERSION(property) Q_CLASSINFO("qorm.version", #property)

/*! Marks \a property as not mapped to any column. */
#define QORM_TRANSIENT(property) Q_CLASSINFO("qorm.transient." #property, "1")

/*!
 * Declares a mapped column: the property \a name of C++ type \a Type, its getter \a name(), its
 * setter \a setter() and the NOTIFY signal named \a name followed by `Changed` (e.g.
 * `titleChanged()` for a column `title`). The setter tells the session
 * which column changed (and its previous value) before it stores the new value, so commit()
 * updates only the changed columns without comparing snapshots, and again after, for the
 * session's change stream (Session::entityChanged()). `std::optional<T>` types are
 * nullable columns; every other type is NOT NULL. The member starts with the QORM_DEFAULT of
 * the property when one is declared (looked up once per class), else with `Type{}`.
 */
#define QORM_COLUMN(Type, name, setter)                                                            \
    Q_PROPERTY(Type name READ name WRITE setter NOTIFY name##Changed)                              \
    Q_CLASSINFO("qorm.tracked." #name, "1")                                                        \
public:                                                                                            \
    Type name() const { return m_##name; }                                                         \
    void setter(const Type &value)                                                                 \
    {                                                                                              \
        if (qorm::detail::sameValue(m_##name, value))                                              \
            return;                                                                                \
        if (!qormIsTracked()) {                                                                    \
            m_##name = value;                                                                      \
            Q_EMIT name##Changed();                                                                \
            return;                                                                                \
        }                                                                                          \
        static const int qormPropertyIndex = staticMetaObject.indexOfProperty(#name);              \
        qormWillChange(qormPropertyIndex, QVariant::fromValue(m_##name));                         \
        m_##name = value;                                                                          \
        qormDidChange(qormPropertyIndex);                                                          \
        Q_EMIT name##Changed();                                                                    \
    }                                                                                              \
    Q_SIGNAL void name##Changed();                                                                 \
    /*! The typed column handle of name (see qorm::Column). */                                    \
    static constexpr qorm::Column<qormSelf, Type> name##_{ #name };                                \
                                                                                                   \
private:                                                                                           \
    static const Type &qorm_##name##_initial()                                                     \
    {                                                                                              \
        static const Type initial = qorm::detail::initialValue<Type>(staticMetaObject, #name);     \
        return initial;                                                                            \
    }                                                                                              \
    Type m_##name = qorm_##name##_initial();

/*!
 * Declares the primary-key column \a name whose value the database generates (autoincrement /
 * identity). The generated value is written back into the entity when it is inserted.
 */
#define QORM_ID(Type, name, setter)                                                                \
    Q_CLASSINFO("qorm.primaryKey", #name)                                                          \
    Q_CLASSINFO("qorm.autoIncrement", #name)                                                       \
    QORM_COLUMN(Type, name, setter)

/*!
 * Declares a many-to-one relation \a name to entity class \a Target through this entity's
 * foreign-key property \a fkProperty (declare that column with QORM_COLUMN), optionally with a
 * \a setter: `QORM_BELONGS_TO(Artist, artist, artistId, setArtist)`.
 *
 * - The getter `name()` returns the related entity: the one set in memory, else the one the
 *   foreign key names, loaded lazily through the entity's session on first use (one SELECT by
 *   primary key, none when the identity map has it). nullptr when the foreign key is NULL, when
 *   the entity is in no session and nothing was set, or when the load fails (the session's
 *   lastError() says why; Session::related() returns the error itself).
 * - The setter `setter(std::shared_ptr<Target>)` sets the relation in memory: the foreign key
 *   takes the target's key at once, or at the flush that INSERTs a new target first; the entity
 *   moves from the old target's inverse collection (QORM_HAS_MANY naming this relation) to the new
 *   one's, when those are loaded (SQLAlchemy's `back_populates`); nullptr sets the key NULL. A new
 *   target of an entity in a session is added to it (save-update cascade).
 * - `static constexpr qorm::Relation<Class, Target> name_` is the typed handle for query paths,
 *   joins and eager loading.
 * - The relation shows as a read-only `Target *` property for QML.
 *
 * Target must be complete where the class is used (include its header).
 */
#define QORM_BELONGS_TO(...) QORM_PICK_4(__VA_ARGS__, QORM_BELONGS_TO_4, QORM_BELONGS_TO_3, QORM_TOO_FEW_ARGUMENTS)(__VA_ARGS__)

/*! Internal: the macro of 3 or 4 arguments (QORM_BELONGS_TO, QORM_HAS_ONE). */
#define QORM_PICK_4(_1, _2, _3, _4, NAME, ...) NAME

/*! Internal: QORM_BELONGS_TO without a setter. */
#define QORM_BELONGS_TO_3(Target, name, fkProperty)                                                \
    Q_PROPERTY(Target *name READ qorm_##name##_pointer STORED false)                              \
    Q_CLASSINFO("qorm.belongsTo." #name, #fkProperty)                                              \
public:                                                                                            \
    std::shared_ptr<Target> name() const { return qorm::detail::relatedAs<Target>(this, #name); } \
    /*! The typed handle of relation name (see qorm::Relation). */                                \
    static constexpr qorm::Relation<qormSelf, Target> name##_{ #name };                            \
                                                                                                   \
private:                                                                                           \
    Target *qorm_##name##_pointer() const { return name().get(); }

/*! Internal: QORM_BELONGS_TO with a setter. */
#define QORM_BELONGS_TO_4(Target, name, fkProperty, setter)                                        \
    QORM_BELONGS_TO_3(Target, name, fkProperty)                                                    \
public:                                                                                            \
    void setter(const std::shared_ptr<Target> &target) { qorm::detail::setRelatedAs<Target>(this, #name, target); } \
                                                                                                   \
private:

/*!
 * Declares a one-to-many relation \a name: the collection of \a Target entities whose
 * many-to-one relation \a inverse (a QORM_BELONGS_TO in Target) points to this entity, like
 * SQLAlchemy's `relationship(back_populates=...)` on the "one" side or Django's reverse
 * foreign key: `QORM_HAS_MANY(Album, albums, artist)` in Artist.
 *
 * - `name()` returns a qorm::Collection<Target>, a handle on the entity's collection: iterating
 *   it loads it on first use (one SELECT ... WHERE fk = ?, ordered by QORM_ORDER_BY), and
 *   `append()` / `remove()` / `clear()` change it in memory, setting each child's relation and
 *   foreign key; the next flush writes the foreign keys (and, with QORM_DELETE_ORPHAN, deletes
 *   removed children).
 * - `static constexpr qorm::Relation<Class, Target> name_` for paths, joins and eager loading.
 * - A read-only `QList<Target *>` property for QML (the loaded collection).
 *
 * The header may forward-declare Target: include Target's header at the end of this header and
 * add `Q_MOC_INCLUDE("target.h")` when the two classes refer to each other. The inverse must
 * exist (checked when the class is first used: a Mapping error naming the relation).
 */
#define QORM_HAS_MANY(Target, name, inverse)                                                       \
    Q_PROPERTY(QList<Target *> name READ qorm_##name##_list STORED false)                         \
    Q_CLASSINFO("qorm.hasMany." #name, #inverse)                                                   \
public:                                                                                            \
    qorm::Collection<Target> name() const { return qorm::Collection<Target>(this, #name); }      \
    /*! The typed handle of relation name (see qorm::Relation). */                                \
    static constexpr qorm::Relation<qormSelf, Target> name##_{ #name };                            \
                                                                                                   \
private:                                                                                           \
    QList<Target *> qorm_##name##_list() const { return qorm::detail::loadedPointers<Target>(this, #name); }

/*!
 * Declares a many-to-many relation \a name to \a Target through the association entity class
 * \a Through, whose many-to-one relations \a sourceRelation (to this class) and \a targetRelation
 * (to Target) give its two foreign keys, like SQLAlchemy's `relationship(secondary=...)` or
 * Django's `ManyToManyField(through=...)`: `QORM_MANY_TO_MANY(Track, tracks, PlaylistTrack,
 * playlist, track)` in Playlist.
 *
 * `name()` returns a qorm::Collection<Target> as for QORM_HAS_MANY; `append()` and `remove()`
 * INSERT and DELETE association rows at the next flush (after the INSERTs of new entities,
 * before the DELETEs). The association rows are written directly, not as Through entities: an
 * association class with more columns than its two keys needs defaults for them. When Target
 * declares the same relation the other way round, the two collections are each other's inverse
 * and stay in step in memory. Through must be complete in this header (include it), which means
 * the two sides cannot both include each other; see QORM_HAS_MANY for forward declarations.
 */
#define QORM_MANY_TO_MANY(Target, name, Through, sourceRelation, targetRelation)                  \
    Q_PROPERTY(QList<Target *> name READ qorm_##name##_list STORED false)                         \
    Q_CLASSINFO("qorm.manyToMany." #name, #sourceRelation "," #targetRelation)                     \
public:                                                                                            \
    qorm::Collection<Target> name() const { return qorm::Collection<Target>(this, #name); }      \
    /*! The typed handle of relation name (see qorm::Relation). */                                \
    static constexpr qorm::Relation<qormSelf, Target> name##_{ #name };                            \
    /*! Internal: names the association class for qorm (its return type). */                      \
    Q_INVOKABLE Through *qorm_##name##_through() const { return nullptr; }                         \
                                                                                                   \
private:                                                                                           \
    QList<Target *> qorm_##name##_list() const { return qorm::detail::loadedPointers<Target>(this, #name); }

/*!
 * Declares a one-to-one relation \a name: the one \a Target entity whose many-to-one relation
 * \a inverse points to this entity (SQLAlchemy's `relationship(uselist=False)`), optionally with
 * a \a setter: `QORM_HAS_ONE(Passport, passport, person, setPassport)`. The getter loads it
 * lazily (nullptr when there is none; a MultipleResults error in lastError() when several rows
 * refer to this entity — declare the foreign key QORM_UNIQUE); the setter sets the target's
 * relation to this entity (and the previous target's to NULL). Same header rules as QORM_HAS_MANY.
 */
#define QORM_HAS_ONE(...) QORM_PICK_4(__VA_ARGS__, QORM_HAS_ONE_4, QORM_HAS_ONE_3, QORM_TOO_FEW_ARGUMENTS)(__VA_ARGS__)

/*! Internal: QORM_HAS_ONE without a setter. */
#define QORM_HAS_ONE_3(Target, name, inverse)                                                      \
    Q_PROPERTY(Target *name READ qorm_##name##_pointer STORED false)                              \
    Q_CLASSINFO("qorm.hasOne." #name, #inverse)                                                    \
public:                                                                                            \
    std::shared_ptr<Target> name() const { return qorm::detail::relatedAs<Target>(this, #name); } \
    /*! The typed handle of relation name (see qorm::Relation). */                                \
    static constexpr qorm::Relation<qormSelf, Target> name##_{ #name };                            \
                                                                                                   \
private:                                                                                           \
    Target *qorm_##name##_pointer() const { return name().get(); }

/*! Internal: QORM_HAS_ONE with a setter. */
#define QORM_HAS_ONE_4(Target, name, inverse, setter)                                              \
    QORM_HAS_ONE_3(Target, name, inverse)                                                          \
public:                                                                                            \
    void setter(const std::shared_ptr<Target> &target) { qorm::detail::setRelatedAs<Target>(this, #name, target); } \
                                                                                                   \
private:

/*!
 * The order of collection \a relation (QORM_HAS_MANY, QORM_MANY_TO_MANY) when it loads: the
 * target's properties, each optionally followed by ASC or DESC, e.g.
 * QORM_ORDER_BY(tracks, "trackNumber, name DESC") (SQLAlchemy's `relationship(order_by=...)`).
 * Without it a collection is in key order.
 */
#define QORM_ORDER_BY(relation, properties) Q_CLASSINFO("qorm.orderBy." #relation, properties)

/*!
 * What deleting the target of many-to-one \a relation does to this entity: `Cascade` (delete it
 * too), `SetNull` (its foreign key becomes NULL; the key must be nullable), `Restrict` (the
 * delete fails while it exists) or `NoAction` (the default), like Django's
 * `ForeignKey(on_delete=...)`. The session applies it to loaded and unloaded rows before it
 * deletes the target, and the schema writes the same `ON DELETE` clause, e.g.
 * QORM_ON_DELETE(artist, Cascade).
 */
#define QORM_ON_DELETE(relation, action) Q_CLASSINFO("qorm.onDelete." #relation, #action)

/*!
 * An entity removed from one-to-many (or one-to-one) \a relation is deleted at the next flush
 * instead of having its foreign key set NULL (SQLAlchemy's `delete-orphan` cascade), e.g.
 * QORM_DELETE_ORPHAN(lines).
 */
#define QORM_DELETE_ORPHAN(relation) Q_CLASSINFO("qorm.deleteOrphan." #relation, "1")

/*!
 * How queries of this class load \a relation unless Query::load() says otherwise:
 * `Lazy` (the default), `Joined` or `SelectIn` (see qorm::LoadStrategy), like SQLAlchemy's
 * `relationship(lazy="selectin")`. Applies to the entities a query returns (not to the
 * entities an eager load brings), e.g. QORM_LOAD(artist, Joined).
 */
#define QORM_LOAD(relation, strategy) Q_CLASSINFO("qorm.load." #relation, #strategy)
