// SPDX-License-Identifier: MIT
// qorm-demo: browse and edit the Chinook sample database.
//   qorm-demo                       the bundled SQLite file (a writable copy in the user's data dir)
//   qorm-demo URL                   e.g. postgresql://user:pass@127.0.0.1:5432/chinook (Chinook's naming
//                                   is assumed unless the URL has ?naming=...)
//   qorm-demo --screenshot F.png    save a picture of the window once it has loaded, then quit
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTimer>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("qorm-demo"));
    QApplication::setOrganizationName(QStringLiteral("qorm"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Browse and edit the Chinook database with qorm."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("Database URL (default: the bundled Chinook SQLite file)."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save a PNG of the window and quit."),
                                        QStringLiteral("file"));
    parser.addOption(screenshot);
    parser.process(app);

    QString url = parser.positionalArguments().value(0);
    if (url.isEmpty()) {
        QString error;
        url = defaultChinookUrl(&error);
        if (url.isEmpty()) {
            qCritical("%s", qPrintable(error));
            return 1;
        }
    }
    auto db = qorm::Database::open(withChinookNaming(url));
    if (!db) {
        qCritical("%s", qPrintable(db.error().toString()));
        if (!parser.isSet(screenshot))
            QMessageBox::critical(nullptr, QStringLiteral("qorm demo"), db.error().toString());
        return 1;
    }
    MainWindow window(db.value());
    window.show();
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        QTimer::singleShot(300, &window, [&window, file] {
            if (!window.grab().save(file))
                qCritical("cannot write %s", qPrintable(file));
            QApplication::quit();
        });
    }
    return QApplication::exec();
}
