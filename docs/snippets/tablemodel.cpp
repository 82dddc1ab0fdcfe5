// SPDX-License-Identifier: MIT
// The examples of docs/guides/tablemodel.md, as one program: the test suite builds and runs it
// (doc_tablemodel, with QT_QPA_PLATFORM=offscreen) and it exits non-zero when something the
// guide states does not hold. The //! [name] blocks appear verbatim in the guide (checked by
// check_snippets.cmake).
#include <qorm/decimal.h>
#include <qorm/entitytablemodel.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QApplication>
#include <QTableView>

using namespace Qt::StringLiterals;

static int failures = 0;
#define CHECK(condition) check(bool(condition), #condition, __LINE__)
static void check(bool holds, const char *what, int line)
{
    if (!holds) {
        qCritical("tablemodel.cpp:%d: does not hold: %s", line, what);
        ++failures;
    }
}

static bool failed(const qorm::Error &error)
{
    if (error.isValid())
        qCritical().noquote() << error.detailedText();
    return error.isValid();
}

//! [entities]
class Album : public qorm::Entity
{
    Q_OBJECT
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, title, setTitle)
public:
    Q_INVOKABLE explicit Album(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

class Track : public qorm::Entity
{
    Q_OBJECT
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
    QORM_LENGTH(name, 40)
    QORM_COLUMN(qint64, albumId, setAlbumId)
    QORM_BELONGS_TO(Album, album, albumId)
    QORM_COLUMN(int, milliseconds, setMilliseconds)
    QORM_CHECK("{milliseconds} > 0")
    QORM_COLUMN(qorm::Decimal, unitPrice, setUnitPrice)
public:
    Q_INVOKABLE explicit Track(QObject *parent = nullptr) : qorm::Entity(parent) { }
};
//! [entities]

/*! What the database holds for track \a id, read through a session of its own. */
static std::shared_ptr<Track> stored(const qorm::Database &db, qint64 id)
{
    qorm::Session other(db);
    auto track = other.get<Track>(id);
    return track ? track.value() : nullptr;
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    auto db = qorm::Database::open("sqlite://:memory:");
    if (!db)
        return failed(db.error());
    if (failed(qorm::Schema(db.value()).createTables({ &Album::staticMetaObject, &Track::staticMetaObject })))
        return 1;
    qorm::Session session(db.value());
    {
        struct Row { const char *album; const char *name; int ms; };
        QHash<QString, std::shared_ptr<Album>> albums;
        for (const Row &row : { Row{ "Back in Black", "Hells Bells", 312000 }, Row{ "Back in Black", "Shoot to Thrill", 317000 },
                                Row{ "Let There Be Rock", "Go Down", 331000 }, Row{ "Let There Be Rock", "Dog Eat Dog", 215000 },
                                Row{ "Let There Be Rock", "Bad Boy Boogie", 267000 } }) {
            auto &album = albums[QString::fromUtf8(row.album)];
            if (!album) {
                album = std::make_shared<Album>();
                album->setTitle(QString::fromUtf8(row.album));
                if (failed(session.add(album)) || failed(session.flush()))
                    return 1;
            }
            auto track = std::make_shared<Track>();
            track->setName(QString::fromUtf8(row.name));
            track->setAlbumId(album->id());
            track->setMilliseconds(row.ms);
            track->setUnitPrice(qorm::Decimal(99, 2));
            if (failed(session.add(track)))
                return 1;
        }
        if (failed(session.commit()))
            return 1;
    }
    QStringList sql;
    QObject::connect(&session, &qorm::Session::statementExecuted, [&sql](const QString &statement) { sql.append(statement); });

    //! [model]
    qorm::EntityTableModel model(&session, Track::staticMetaObject);
    model.setColumns({ "name", "album.title", "milliseconds", "unitPrice" });
    model.setQuery(session.query<Track>().where(qorm::col("milliseconds") > 240000));
    if (!model.select())                  // the first page, then the albums of that page in one query
        return failed(model.lastError());
    QTableView view;
    view.setModel(&model);
    // Headers "Name", "Album", "Milliseconds", "Unit Price"; row 0 is "Hells Bells" |
    // "Back in Black" | 312000 | "0.99" (a Decimal is shown as its exact text).
    //! [model]
    CHECK(model.rowCount() == 4 && model.columnCount() == 4);
    CHECK(model.headerData(0, Qt::Horizontal).toString() == u"Name");
    CHECK(model.headerData(1, Qt::Horizontal).toString() == u"Album");
    CHECK(model.headerData(2, Qt::Horizontal).toString() == u"Milliseconds");
    CHECK(model.headerData(3, Qt::Horizontal).toString() == u"Unit Price");
    CHECK(model.data(model.index(0, 0)).toString() == u"Hells Bells");
    CHECK(model.data(model.index(0, 1)).toString() == u"Back in Black");
    CHECK(model.data(model.index(0, 2)).toInt() == 312000);
    CHECK(model.data(model.index(0, 3)) == QVariant(u"0.99"_s));
    CHECK(sql.size() == 2 && sql.value(1).contains(u" IN (?, ?)"_s));
    CHECK(model.flags(model.index(0, 0)).testFlag(Qt::ItemIsEditable));
    CHECK(!model.flags(model.index(0, 1)).testFlag(Qt::ItemIsEditable)); // relation paths are read-only

    //! [edit]
    model.setData(model.index(0, 0), "Hells Bells (live)");   // through Track::setName()
    model.setData(model.index(0, 2), "313000");                // text from an editor, converted to int
    // model.isDirty(); the vertical header shows "* 1" for the changed row; nothing is written yet.
    if (!model.submitAll())                                   // Session::commit(): one transaction
        return failed(model.lastError());
    //! [edit]
    {
        const qint64 id = model.entity(0)->property("id").toLongLong();
        auto row = stored(db.value(), id);
        CHECK(row && row->name() == u"Hells Bells (live)" && row->milliseconds() == 313000);
        CHECK(!model.isDirty());
        CHECK(model.headerData(0, Qt::Vertical).toString() == u"1");
        // A changed row is marked in the vertical header until it is saved or reverted.
        CHECK(model.setData(model.index(2, 2), 268000));
        CHECK(model.isDirty() && model.headerData(2, Qt::Vertical).toString() == u"* 3");
        model.revertAll();
        CHECK(!model.isDirty() && model.headerData(2, Qt::Vertical).toString() == u"3");
        // Numbers are right-aligned; QML roles are named after the paths.
        CHECK(model.data(model.index(0, 2), Qt::TextAlignmentRole).value<Qt::Alignment>() == (Qt::AlignRight | Qt::AlignVCenter));
        CHECK(model.roleNames().value(Qt::UserRole + 2) == "album.title");
        CHECK(model.data(model.index(0, 0), Qt::UserRole + 2).toString() == u"Back in Black");
        CHECK(model.setHeaderData(3, Qt::Horizontal, u"Price"_s) && model.headerData(3, Qt::Horizontal).toString() == u"Price");
    }
    {
        // A path that names nothing is left out and reported.
        qorm::EntityTableModel other(&session, Track::staticMetaObject);
        other.setColumns({ "name", "album.nope", "lenght" });
        CHECK(other.columns() == QStringList{ u"name"_s });
        CHECK(other.lastError().kind() == qorm::Error::Kind::UnknownColumn);
    }

    //! [errors]
    QObject::connect(&model, &qorm::EntityTableModel::errorOccurred, [&](const qorm::Error &error) {
        const int column = model.columns().indexOf(error.propertyName()); // the cell to mark, or -1
        qWarning().noquote() << error.toString() << "in column" << column;
    });
    bool accepted = model.setData(model.index(1, 2), "forty");  // false: TypeMismatch at once
    bool tooLong = model.setData(model.index(1, 0), QString(41, u'x')); // false: ValueTooLong, QORM_LENGTH(name, 40)
    model.setData(model.index(1, 2), -5);                      // accepted; the CHECK "{milliseconds} > 0"...
    bool saved = model.submitAll();                            // ...fails when the row is written
    // saved == false, model.lastError().kind() == CheckViolation;
    // the edit is still in the row (the database is unchanged) until it is fixed or reverted:
    model.revertAll();                                        // this model's edits (Session::revert())
    //! [errors]
    CHECK(!accepted && !tooLong);
    CHECK(!saved && model.lastError().kind() == qorm::Error::Kind::CheckViolation);
    CHECK(model.data(model.index(1, 0)).toString() == u"Shoot to Thrill" && !model.isDirty());
    {
        // setData() refuses a value that does not convert exactly, and NULL for a NOT NULL column.
        CHECK(!model.setData(model.index(1, 2), 1.5));
        CHECK(model.lastError().kind() == qorm::Error::Kind::TypeMismatch && model.lastError().propertyName() == u"milliseconds");
        CHECK(!model.setData(model.index(1, 0), QVariant()));
        CHECK(model.lastError().message() == u"Name: must not be empty (the column is NOT NULL)");
        CHECK(!model.isDirty());
    }

    //! [strategies]
    model.setEditStrategy(qorm::EntityTableModel::EditStrategy::OnFieldChange);
    model.setData(model.index(1, 2), 320000);   // committed at once
    model.setEditStrategy(qorm::EntityTableModel::EditStrategy::OnRowChange);
    model.setData(model.index(1, 2), 321000);   // committed when the view calls submit(), i.e.
    model.submit();                             // when the current row changes
    //! [strategies]
    {
        const qint64 id = model.entity(1)->property("id").toLongLong();
        auto row = stored(db.value(), id);
        CHECK(row && row->milliseconds() == 321000);
        model.setEditStrategy(qorm::EntityTableModel::EditStrategy::OnManualSubmit);
        model.setData(model.index(1, 2), 322000);
        CHECK(model.submit()); // does nothing with OnManualSubmit
        CHECK(model.isDirty());
        model.revertAll();
    }

    //! [paging]
    model.setPageSize(2);
    model.select();                                 // rows 0 and 1: "WHERE ... ORDER BY "id" LIMIT ?"
    while (model.canFetchMore({}))                  // what a view does when it scrolls to the end
        model.fetchMore({});                        // the next 2 rows: "... AND "id" > ? ... LIMIT ?"
    model.sort(2, Qt::DescendingOrder);             // ORDER BY "milliseconds" DESC, in SQL
    //! [paging]
    CHECK(model.rowCount() == 2);
    CHECK(model.data(model.index(0, 0)).toString() == u"Go Down");
    while (model.canFetchMore({}))
        model.fetchMore({});
    CHECK(model.rowCount() == 4);
    CHECK(model.data(model.index(3, 0)).toString() == u"Bad Boy Boogie");

    //! [add-rows]
    auto track = std::make_shared<Track>();
    track->setName("Whole Lotta Rosie");
    track->setAlbumId(2);
    track->setMilliseconds(323000);
    track->setUnitPrice(qorm::Decimal(99, 2));
    if (failed(session.add(track)) || failed(session.commit()))
        return 1;
    model.select();                                 // the model shows what the database holds
    //! [add-rows]
    while (model.canFetchMore({}))
        model.fetchMore({});
    CHECK(model.rowCount() == 5);
    bool shown = false;
    for (int row = 0; row < model.rowCount(); ++row)
        shown = shown || model.entity(row) == track;
    CHECK(shown); // the identity map hands the model the same object

    return failures == 0 ? 0 : 1;
}

#include "tablemodel.moc"
