// SPDX-License-Identifier: MIT
// The examples of docs/MODELS.md, as one program over a copy of the bundled Chinook database.
// The test suite builds and runs it offscreen (doc_MODELS) and it exits non-zero when a result
// the document states does not hold. The //! [name] blocks appear verbatim in the document
// (checked by check_snippets.cmake).
#include <chinook/chinook.h>
#include <qorm/entitytablemodel.h>
#include <qorm/relationdelegate.h>
#include <qorm/session.h>

#include <QApplication>
#include <QDataWidgetMapper>
#include <QFile>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using qorm::EntityTableModel;

static int failures = 0;
static void check(bool ok, const char *what)
{
    if (!ok) {
        qWarning("MODELS.md example failed: %s", what);
        ++failures;
    }
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"chinook.sqlite"_s);
    QFile::copy(QStringLiteral(QORM_CHINOOK_SQLITE), path);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    auto db = qorm::Database::open(u"sqlite:///"_s + path + u"?naming=pascal_case"_s);
    if (!db)
        return 1;
    qorm::Session session(db.value());

    //! [columns]
    // QSqlRelationalTableModel: setTable("Track"); setRelation(2, QSqlRelation("Album", "AlbumId", "Title"));
    EntityTableModel tracks(&session, Track::staticMetaObject);
    tracks.setColumns({ u"name"_s, u"album"_s, u"genre"_s, u"milliseconds"_s });
    tracks.select();                        // the first page, and the albums and genres it shows
    QTableView view;
    view.setModel(&tracks);
    view.setItemDelegate(new qorm::RelationDelegate(&view)); // combo boxes on "album" and "genre"
    //! [columns]
    check(tracks.data(tracks.index(0, 1)).toString() == u"For Those About To Rock We Salute You"_s, "relation column text");

    //! [filter]
    // QSqlTableModel: setFilter("Milliseconds > 300000") — SQL text; here the query API's expressions
    tracks.setFilter(qorm::col(u"milliseconds"_s) > 300000 && qorm::col(u"album.title"_s).matches(qorm::Expr::Match::StartsWith, u"Led"_s));
    tracks.setSearch(u"dazed"_s);            // case-insensitive, in the text columns, wildcards literal
    tracks.sort(1, Qt::AscendingOrder);      // by album title in SQL (a join), then by key
    //! [filter]
    check(tracks.rowCount() == 1, "filter and search: Dazed and Confused on Led Zeppelin I");
    tracks.setFilter(qorm::Expr());
    tracks.setSearch(QString());

    //! [edit]
    // QSqlTableModel: insertRows / setData / removeRows, then submitAll()
    EntityTableModel genres(&session, Genre::staticMetaObject);
    genres.setColumns({ u"name"_s });
    genres.select();
    genres.insertRows(genres.rowCount(), 1);                     // vertical header "*"
    genres.setData(genres.index(25, 0), u"Chiptune"_s);
    genres.submitAll();                                          // INSERT; the row keeps its place and gets its key
    genres.removeRows(25, 1);                                    // still shown, vertical header "!"
    if (!genres.submitAll())                                     // DELETE; one transaction: all or nothing
        qWarning() << genres.lastError().toString() << genres.errorIndex();
    //! [edit]
    check(genres.rowCount() == 25 && !genres.isDirty(), "insert and remove");

    //! [revert]
    // QSqlTableModel::revertRow / revertAll — but only this model's edits, not the session's
    genres.setData(genres.index(0, 0), u"Rock & Roll"_s);
    genres.revertRow(0);                                         // "Rock" again
    //! [revert]
    check(genres.data(genres.index(0, 0)).toString() == u"Rock"_s, "revertRow");

    //! [master]
    // Qt's masterdetail example wires this by hand; here the detail follows the master's current row
    EntityTableModel artists(&session, Artist::staticMetaObject);
    artists.setColumns({ u"name"_s });
    artists.select();
    QTableView artistView;
    artistView.setModel(&artists);
    EntityTableModel albums(&session, Album::staticMetaObject);
    albums.setColumns({ u"title"_s });
    albums.setMaster(artistView.selectionModel(), u"artist"_s);
    artistView.setCurrentIndex(artists.index(0, 0));             // AC/DC: its 2 albums
    //! [master]
    check(albums.rowCount() == 2, "master-detail");

    //! [undo]
    // No Qt equivalent: every edit through the model is a QUndoCommand
    QUndoStack undo;
    albums.setUndoStack(&undo);
    albums.setData(albums.index(1, 0), u"Let There Be Rock (Live)"_s);
    undo.undo();                                                 // the title is back
    //! [undo]
    check(albums.data(albums.index(1, 0)).toString() == u"Let There Be Rock"_s, "undo");

    //! [windowed]
    // QSqlQueryModel keeps every row it fetched; a windowed model keeps a few pages
    EntityTableModel lines(&session, InvoiceLine::staticMetaObject);
    lines.setPaging(EntityTableModel::Paging::Windowed);
    lines.setPageSize(200);
    lines.setCachedPages(4);                                     // at most 800 entities in memory
    lines.select();                                              // SELECT COUNT(*), then the first page
    int all = lines.rowCount();                                  // 2240: the whole count at once
    QVariant last = lines.data(lines.index(all - 1, 0));         // reads the last page only
    //! [windowed]
    check(all == 2240 && last.isValid() && lines.loadedRowCount() == 200 + 40, "windowed paging: the first and the last page");

    //! [form]
    // QDataWidgetMapper works as with QSqlTableModel; an untouched empty editor keeps NULL
    QDataWidgetMapper form;
    form.setModel(&tracks);
    QLineEdit composer;
    tracks.setColumns({ u"name"_s, u"composer"_s });
    form.addMapping(&composer, 1);
    form.setCurrentIndex(62);                                    // a track without a composer
    form.submit();                                               // "" from the editor: still NULL
    //! [form]
    check(!tracks.isDirty(), "form keeps NULL");
    return failures == 0 ? 0 : 1;
}
