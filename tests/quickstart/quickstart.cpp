// quickstart.cpp — define an entity, open a database, query, change, commit, show in a view.
#include <qorm/entitytablemodel.h>
#include <qorm/schema.h>
#include <qorm/session.h>

#include <QApplication>
#include <QTableView>

// 1. An entity is a QObject; its properties are its columns.
class Book : public qorm::Entity
{
    Q_OBJECT
    QORM_TABLE("Book")
    QORM_ID(qint64, id, setId)                            // generated primary key
    QORM_COLUMN(QString, title, setTitle)                 // NOT NULL
    QORM_COLUMN(std::optional<QString>, author, setAuthor) // nullable
    QORM_COLUMN(int, year, setYear)
public:
    Q_INVOKABLE explicit Book(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

// Every qorm call that can fail returns a qorm::Error (or a qorm::Result holding one).
static bool failed(const qorm::Error &error)
{
    if (error.isValid())
        qCritical().noquote() << error.toString(); // one readable line; detailedText() adds the SQL
    return error.isValid();
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);

    // 2. Open a database by URL and create the table (skipped when it exists already).
    auto db = qorm::Database::open(QStringLiteral("sqlite://:memory:"));
    if (!db)
        return failed(db.error());
    if (failed(qorm::Schema(db.value()).createTables({ &Book::staticMetaObject })))
        return 1;

    // 3. Add entities; commit() INSERTs them in one transaction and writes back the ids.
    qorm::Session session(db.value());
    for (auto [title, year] : { std::pair{ "Dune", 1965 }, { "Neuromancer", 1984 }, { "Hyperion", 1989 } }) {
        auto book = std::make_shared<Book>();
        book->setTitle(QString::fromUtf8(title));
        book->setYear(year);
        if (failed(session.add(book)))
            return 1;
    }
    if (failed(session.commit()))
        return 1;

    // 4. Query with bound values, change an entity, commit: UPDATE "Book" SET "author" = ? WHERE "id" = ?
    auto eighties = session.query<Book>().where(qorm::col(QStringLiteral("year")) >= 1980).orderBy(QStringLiteral("title")).all();
    if (!eighties)
        return failed(eighties.error());
    if (eighties.value().size() != 2)
        return 1;
    eighties.value().first()->setAuthor(QStringLiteral("Dan Simmons"));
    if (failed(session.commit()))
        return 1;

    // 5. Show the books in a view; edits made there are saved by model.submitAll().
    qorm::EntityTableModel model(&session, Book::staticMetaObject);
    model.setColumns({ QStringLiteral("title"), QStringLiteral("author"), QStringLiteral("year") });
    if (!model.select())
        return failed(model.lastError());
    QTableView view;
    view.setModel(&model);
    view.show();
    return model.rowCount() == 3 && model.data(model.index(2, 1)).toString() == u"Dan Simmons" ? 0 : 1;
}

#include "quickstart.moc"
