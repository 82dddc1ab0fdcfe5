// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/loadstrategy.h>
#include <qorm/result.h>
#include <qorm/typeregistry.h>

#include <QList>
#include <QMetaProperty>
#include <QString>
#include <memory>
#include <utility>
#include <vector>

namespace qorm {

namespace detail {
class EntityMetaBuilder;
}

/*! \brief One mapped column of an entity: a Q_PROPERTY and how it is stored. */
struct QORM_CORE_EXPORT ColumnMeta
{
    QString property;           //!< The Q_PROPERTY name, e.g. "albumId".
    QString logicalName;        //!< The column's logical name before the naming strategy, e.g. "albumId".
    QMetaProperty metaProperty; //!< The property, for reading and writing.
    int propertyIndex = -1;     //!< Absolute index in the class's QMetaObject.
    /*!
     * How the property's C++ type maps to SQL (SqlType, nullability, value conversions). Never
     * null in a ColumnMeta obtained from EntityMeta. Owned by the TypeRegistry (or, for a
     * QORM_ENUM_AS_NAME column, by the EntityMeta) and valid for the life of the process, even
     * if the type is registered again later.
     */
    const TypeMapping *type = nullptr;
    /*!
     * Part of the primary key (`qorm.primaryKey`, default: the property `id`); see
     * EntityMeta::primaryKey() for the key's column order.
     */
    bool primaryKey = false;
    bool autoIncrement = false; //!< The database generates the value on INSERT.
    bool tracked = false;       //!< The setter reports changes (declared with QORM_COLUMN).
    bool writable = true;       //!< The property has a WRITE accessor.
    bool unique = false;        //!< QORM_UNIQUE.
    bool indexed = false;       //!< Part of a QORM_INDEX or QORM_UNIQUE_TOGETHER.
    int length = 0;             //!< QORM_LENGTH; 0 = unlimited.
    int precision = 0;          //!< QORM_DECIMAL total digits; 0 = the backend's default.
    int scale = 0;              //!< QORM_DECIMAL digits after the point (valid when precision > 0).
    QVariant defaultValue;      //!< QORM_DEFAULT, in the column's value type; invalid = none.
    /*!
     * True when the column accepts SQL NULL, i.e. the property is a `std::optional<T>`
     * (TypeMapping::nullable); such a column is created without NOT NULL. False when #type is
     * not set.
     */
    bool nullable() const { return type && type->nullable; }
};

/*!
 * \brief A relation between two entity classes, declared with QORM_BELONGS_TO (many-to-one),
 * QORM_HAS_MANY (one-to-many), QORM_HAS_ONE (one-to-one) or QORM_MANY_TO_MANY.
 *
 * The foreign key lives on the many-to-one side; the one-to-many and one-to-one sides name that
 * many-to-one relation as their inverse (SQLAlchemy's `back_populates`), and a many-to-many goes
 * through an association entity with a many-to-one relation to each side. The cross-class facts
 * (inverse, association columns) are checked and filled in when the class is first used
 * (EntityMeta::of()), with a Mapping error naming the class and the relation.
 */
struct QORM_CORE_EXPORT RelationMeta
{
    /*! The relation's kind. */
    enum class Kind {
        ManyToOne,  //!< QORM_BELONGS_TO: this class holds the foreign key (Track.album).
        OneToMany,  //!< QORM_HAS_MANY: a collection of the target's rows that refer to this one (Album.tracks).
        OneToOne,   //!< QORM_HAS_ONE: the one target row that refers to this one.
        ManyToMany, //!< QORM_MANY_TO_MANY: a collection through an association entity (Playlist.tracks).
    };
    /*! What deleting a target row does to the rows that refer to it (QORM_ON_DELETE on a many-to-one). */
    enum class OnDelete {
        NoAction, //!< Nothing (the database refuses the delete while rows refer to it); no ON DELETE clause.
        Cascade,  //!< The referring rows are deleted too (`ON DELETE CASCADE`).
        SetNull,  //!< Their foreign key becomes NULL (`ON DELETE SET NULL`; needs a nullable key).
        Restrict, //!< The delete fails while rows refer to it (`ON DELETE RESTRICT`), checked before any SQL.
    };

    Kind kind = Kind::ManyToOne;          //!< What the relation is.
    QString name;                         //!< Relation name, e.g. "album".
    const QMetaObject *target = nullptr;  //!< The related entity class.
    int foreignKeyColumn = -1;            //!< ManyToOne: index into EntityMeta::columns() of the foreign key; else -1.
    int propertyIndex = -1;               //!< The relation's property (`Target *` or `QList<Target *>`).
    /*!
     * The relation on the target that is the other side of this one, or empty: declared for
     * OneToMany and OneToOne (the target's many-to-one), found for ManyToOne and ManyToMany.
     */
    QString inverse;
    int inverseIndex = -1;                //!< Index of #inverse in the target's relations(), or -1.
    const QMetaObject *through = nullptr; //!< ManyToMany: the association entity class.
    QString throughSource;                //!< ManyToMany: the association's many-to-one relation to this class.
    QString throughTarget;                //!< ManyToMany: the association's many-to-one relation to the target.
    /*! A collection's order (QORM_ORDER_BY): target properties, each ascending or descending. */
    QList<std::pair<QString, Qt::SortOrder>> orderBy;
    OnDelete onDelete = OnDelete::NoAction; //!< ManyToOne: QORM_ON_DELETE.
    bool deleteOrphan = false;            //!< OneToMany / OneToOne: QORM_DELETE_ORPHAN.
    LoadStrategy load = LoadStrategy::Lazy; //!< QORM_LOAD: how queries load it unless they say otherwise.

    /*! True for OneToMany and ManyToMany: the relation holds a collection. */
    bool isCollection() const { return kind == Kind::OneToMany || kind == Kind::ManyToMany; }
};

/*!
 * \brief The mapping of one entity class, read once from its QMetaObject and class information.
 *
 * Obtain it with EntityMeta::of(); the result is cached for the life of the process and is
 * immutable, so it may be read from any thread. Mistakes in the mapping (an unknown primary-key
 * property, a property type without SQL mapping, a relation whose foreign key is not a column)
 * are reported as Error::Kind::Mapping naming the class and the property.
 */
class QORM_CORE_EXPORT EntityMeta
{
public:
    /*! The mapping of \a metaObject's class, built on first use and cached. Thread-safe. */
    static Result<const EntityMeta *> of(const QMetaObject &metaObject);

    /*! The entity class's QMetaObject that this mapping was built from (never null). */
    const QMetaObject *metaObject() const { return m_metaObject; }
    /*! The class name as moc knows it, e.g. "Track". */
    QString className() const { return m_className; }
    /*! The logical table name (QORM_TABLE, else the class name). */
    QString tableName() const { return m_tableName; }
    /*!
     * The mapped columns, in property declaration order (base classes first). Excludes the
     * properties of qorm::Entity and QObject, QORM_TRANSIENT properties and the `Target *`
     * properties of relations; never empty (a class without columns is a Mapping error). Every
     * "column index" in this API is an index into this list.
     */
    const QList<ColumnMeta> &columns() const { return m_columns; }
    /*! Indexes into columns() of the primary-key columns, in key order. */
    const QList<int> &primaryKey() const { return m_primaryKey; }
    /*! The autoincrement column's index, or -1. */
    int autoIncrementColumn() const { return m_autoIncrement; }
    /*! The relations (QORM_BELONGS_TO, QORM_HAS_MANY, QORM_HAS_ONE, QORM_MANY_TO_MANY), in property declaration order. */
    const QList<RelationMeta> &relations() const { return m_relations; }
    /*! The index of the column mapped from \a property, or -1. */
    int columnIndex(QStringView property) const;
    /*! The index of the column mapped from absolute property index \a propertyIndex, or -1. */
    int columnForPropertyIndex(int propertyIndex) const
    {
        return propertyIndex >= 0 && propertyIndex < m_columnOfProperty.size() ? m_columnOfProperty.at(propertyIndex) : -1;
    }
    /*!
     * The Error::Kind::UnknownColumn error for \a property, naming the class and listing the
     * mapped properties: "Track.nmae: no such mapped property (Track maps: id, name, ...)".
     */
    Error unknownPropertyError(const QString &property) const;
    /*! The relation named \a name, or nullptr. */
    const RelationMeta *relation(QStringView name) const;
    /*! The index into relations() of the relation named \a name, or -1. */
    int relationIndex(QStringView name) const;
    /*! QORM_INDEX column lists (indexes into columns()). */
    const QList<QList<int>> &indexes() const { return m_indexes; }
    /*! QORM_UNIQUE_TOGETHER column lists. */
    const QList<QList<int>> &uniqueTogether() const { return m_uniqueTogether; }
    /*! QORM_CHECK expressions, with `{property}` placeholders. */
    const QStringList &checks() const { return m_checks; }
    /*! True when every column is declared with QORM_COLUMN (no snapshots needed). */
    bool isFullyTracked() const { return m_fullyTracked; }
    /*! The QORM_VERSION (optimistic locking) column's index, or -1. */
    int versionColumn() const { return m_version; }
    /*! The QORM_CREATED_AT column's index, or -1. */
    int createdAtColumn() const { return m_createdAt; }
    /*!
     * The column that names an entity to a person (QORM_DISPLAY), e.g. an album's title: what a
     * table model shows for a many-to-one column and sorts it by; -1 when none is declared.
     */
    int displayColumn() const { return m_display; }
    /*! The QORM_UPDATED_AT column's index, or -1. */
    int updatedAtColumn() const { return m_updatedAt; }

private:
    friend class detail::EntityMetaBuilder;
    EntityMeta() = default;
    static Result<EntityMeta *> build(const QMetaObject &metaObject);
    /*! Checks the relations against their targets and fills in what only the targets know. */
    Error link();

    const QMetaObject *m_metaObject = nullptr;
    QString m_className;
    QString m_tableName;
    QList<ColumnMeta> m_columns;
    QList<int> m_primaryKey;
    QList<int> m_columnOfProperty;
    int m_autoIncrement = -1;
    int m_version = -1;
    int m_createdAt = -1;
    int m_updatedAt = -1;
    int m_display = -1;
    QList<RelationMeta> m_relations;
    QList<QList<int>> m_indexes;
    QList<QList<int>> m_uniqueTogether;
    QStringList m_checks;
    std::vector<std::unique_ptr<TypeMapping>> m_ownedTypes; // per-column mappings (enum by name)
    bool m_fullyTracked = true;
};

} // namespace qorm
