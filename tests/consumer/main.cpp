// SPDX-License-Identifier: MIT
// A consumer of the installed qorm package: one entity, a commit, a query and a table model.
// Exits non-zero when anything does not work.
#include <qorm/entitytablemodel.h>
#include <qorm/schema.h>
#include <qorm/session.h>
#include <qorm/version.h>

#include <QCoreApplication>
#include <QDebug>

static_assert(QORM_VERSION >= QORM_VERSION_CHECK(0, 2, 0), "qorm 0.2 or later");

class Note : public qorm::Entity
{
    Q_OBJECT
    QORM_TABLE("Note")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, text, setText)
    QORM_COLUMN(QString, status, setStatus)
    QORM_DEFAULT(status, "draft")
public:
    Q_INVOKABLE explicit Note(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

static int fail(const qorm::Error &error)
{
    qCritical().noquote() << error.detailedText();
    return 1;
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qInfo("qorm %s", QORM_VERSION_STR);
    auto db = qorm::Database::open(QStringLiteral("sqlite://:memory:"));
    if (!db)
        return fail(db.error());
    if (const qorm::Error e = qorm::Schema(db.value()).createTables({ &Note::staticMetaObject }); e.isValid())
        return fail(e);
    qorm::Session session(db.value());
    auto note = std::make_shared<Note>();
    note->setText(QStringLiteral("hello"));
    if (const qorm::Error e = session.add(note); e.isValid())
        return fail(e);
    if (const qorm::Error e = session.commit(); e.isValid())
        return fail(e);
    auto notes = session.query<Note>().where(qorm::col(QStringLiteral("text")) == "hello").all();
    if (!notes)
        return fail(notes.error());
    qorm::EntityTableModel model(&session, Note::staticMetaObject);
    model.setColumns({ QStringLiteral("text"), QStringLiteral("status") });
    if (!model.select())
        return fail(model.lastError());
    const bool ok = notes.value().size() == 1 && notes.value().first()->status() == u"draft" && model.rowCount() == 1
            && model.data(model.index(0, 1)).toString() == u"draft";
    qInfo("consumer: %s", ok ? "OK" : "FAILED");
    return ok ? 0 : 1;
}

#include "main.moc"
