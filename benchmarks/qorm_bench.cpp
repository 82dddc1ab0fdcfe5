// SPDX-License-Identifier: MIT
// qorm_bench: one (workload, implementation) per process, so that peak RSS means something.
//
//   qorm_bench --workload W2 --impl qorm --fixture people-100k.db [--rows N] [--reps 5] [--workdir DIR]
//   qorm_bench --prepare FILE --rows N      creates a fixture (sqlite3 C API, fixed-seed rows)
//   qorm_bench --check-ddl                  checks that qorm's CREATE TABLE is the one the others use
//   qorm_bench --list                       lists workload/implementation pairs
//
// Prints one line "RESULT workload=.. impl=.. median_ms=.. rss_kb=.. digest=.." (see run.sh).

#include "benchcommon.h"

#include <qorm/schema.h>

#include <QCoreApplication>
#include <QMap>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>

using namespace bench;

namespace {

int usage()
{
    std::fprintf(stderr,
                 "usage: qorm_bench --workload W1..W7 --impl NAME [--rows N] [--reps R] [--fixture FILE] [--workdir DIR]\n"
                 "       qorm_bench --prepare FILE --rows N | --check-ddl | --list\n");
    return 64;
}

int checkDdl()
{
    auto db = qorm::Database::open(QStringLiteral("sqlite://:memory:"));
    require(bool(db), QStringLiteral("open"));
    auto ddl = qorm::Schema(db.value()).createStatements({ &BenchPerson::staticMetaObject });
    require(bool(ddl) && ddl.value().size() == 1, QStringLiteral("createStatements"));
    QTextStream out(stdout);
    out << "qorm:  " << ddl.value().first() << "\nbench: " << createTableSql() << Qt::endl;
    return ddl.value().first() == createTableSql() ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QMap<QString, WorkloadFn> registry;
    const auto add = [&](const QString &workload, const QString &impl, WorkloadFn fn) {
        registry.insert(workload + u'/' + impl, std::move(fn));
    };
    registerQorm(add);
    registerRaw(add);
    registerSqlite3(add);
    registerTableModel(add);

    Options o;
    QString prepare;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        const auto next = [&]() -> QString {
            if (i + 1 >= args.size()) {
                usage();
                std::exit(64);
            }
            return args[++i];
        };
        if (a == u"--workload")
            o.workload = next().toUpper();
        else if (a == u"--impl")
            o.impl = next();
        else if (a == u"--rows")
            o.rows = next().toLongLong();
        else if (a == u"--reps")
            o.reps = next().toInt();
        else if (a == u"--fixture")
            o.fixture = next();
        else if (a == u"--workdir")
            o.workDir = next();
        else if (a == u"--prepare")
            prepare = next();
        else if (a == u"--check-ddl")
            return checkDdl();
        else if (a == u"--list") {
            for (auto it = registry.cbegin(); it != registry.cend(); ++it)
                std::printf("%s\n", qPrintable(it.key()));
            return 0;
        } else
            return usage();
    }
    if (o.rows <= 0 || o.reps <= 0)
        return usage();
    if (!prepare.isEmpty()) {
        prepareFixture(prepare, o.rows);
        return 0;
    }
    const auto fn = registry.value(o.workload + u'/' + o.impl);
    if (!fn)
        return usage();
    QTemporaryDir scratch;
    if (o.workDir.isEmpty()) {
        require(scratch.isValid(), QStringLiteral("no temporary directory"));
        o.workDir = scratch.path();
    }
    Stopwatch watch;
    const Outcome outcome = fn(o, watch);
    printResult(o, watch, outcome);
    return 0;
}
