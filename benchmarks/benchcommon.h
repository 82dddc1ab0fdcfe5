// SPDX-License-Identifier: MIT
#pragma once

// Shared by every implementation: the input generator, the stored date-time text format, the
// table's DDL, the repetition loop and the result line that run.sh parses.

#include "benchperson.h"

#include <QAbstractItemModel>
#include <QElapsedTimer>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define QORM_BENCH_TOGGLE_COLLECT CALLGRIND_TOGGLE_COLLECT
#else
#define QORM_BENCH_TOGGLE_COLLECT do { } while (false)
#endif
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace bench {

/*! Command line of one benchmark process. */
struct Options
{
    QString workload;       //!< W1 ... W7
    QString impl;           //!< qorm, raw, sqlite3, tablemodel, qorm-all, raw-all, tablemodel-all
    qint64 rows = 100000;   //!< Rows inserted (W1), updated (W4) or in the table (W5..W7).
    int reps = 5;           //!< Timed repetitions; the median is reported.
    QString fixture;        //!< Prepared SQLite file for W2..W7 (never written: copied first when needed).
    QString workDir;        //!< Scratch directory for per-process database files.
};

/*! The name of the benchmark table and its columns, in the order every implementation uses. */
inline constexpr const char *kTable = "bench_person";
/*! The table as qorm's Schema creates it on SQLite (checked by `qorm_bench --check-ddl`). */
QString createTableSql();
/*! The same columns in the same order, for hand-written SELECTs. */
QString selectColumnsSql();

/*! Row \a i (0-based) of the fixed-seed input: the same for every implementation and every run. */
PersonRow makePerson(qint64 i);
/*! Rows 0..n-1. */
std::vector<PersonRow> makePeople(qint64 n);

/*! QDateTime -> the text qorm stores on SQLite ("yyyy-MM-dd HH:mm:ss.zzz", UTC). */
QString dateTimeToDb(const QDateTime &dt);
/*! That text -> a UTC QDateTime (ISO 8601 with 'T' and 'Z'). */
QDateTime dateTimeFromDb(QString text);

/*! A fingerprint of loaded rows, so that run.sh can check that implementations read the same data. */
struct Digest
{
    qint64 count = 0;
    qint64 ageSum = 0;
    double scoreSum = 0;
    qint64 createdSum = 0;  //!< Sum of seconds since the epoch.
    quint64 textHash = 0;   //!< Order-sensitive hash of names and emails.
    void add(qint64 id, const QString &name, const QString &email, int age, double score, const QDateTime &created);
    QString toString() const;
};

/*! Times one repetition: setup before start() and after stop() is not counted. */
/*!
 * Times the measured region of each repetition. Under callgrind (`--collect-atstart=no`, as
 * run.sh runs it) the same region is the only one whose instructions are counted: start() and
 * stop() toggle collection (a few instructions when not under valgrind).
 */
class Stopwatch
{
public:
    void start()
    {
        QORM_BENCH_TOGGLE_COLLECT;
        m_timer.start();
    }
    void stop()
    {
        m_samples.push_back(double(m_timer.nsecsElapsed()) / 1e6);
        QORM_BENCH_TOGGLE_COLLECT;
    }
    const std::vector<double> &samples() const { return m_samples; }

private:
    QElapsedTimer m_timer;
    std::vector<double> m_samples;
};

/*! What a workload function reports besides its samples. */
struct Outcome
{
    Digest digest;          //!< Of the last repetition's rows (or an empty digest).
    QString note;           //!< Free text, printed on the RESULT line.
};

using WorkloadFn = std::function<Outcome(const Options &, Stopwatch &)>;

/*! Prints `RESULT key=value ...` (median/min/max in ms, peak RSS in KiB) on stdout. */
void printResult(const Options &options, const Stopwatch &watch, const Outcome &outcome);

/*! Aborts the process with \a message when \a condition is false (benchmarks must not measure failures). */
void require(bool condition, const QString &message);

/*! Creates \a path with \a rows generated rows through the sqlite3 C API (used by run.sh). */
void prepareFixture(const QString &path, qint64 rows);
/*! Copies the fixture to a fresh file in the work directory and returns its path. */
QString copyFixture(const Options &options, const QString &tag);

/*! Keeps the compiler from dropping reads whose results are otherwise unused. */
void sink(quint64 value);

/*! Registration of the implementations' workloads, one file per implementation. */
void registerQorm(const std::function<void(const QString &, const QString &, WorkloadFn)> &add);
void registerRaw(const std::function<void(const QString &, const QString &, WorkloadFn)> &add);
void registerSqlite3(const std::function<void(const QString &, const QString &, WorkloadFn)> &add);
void registerTableModel(const std::function<void(const QString &, const QString &, WorkloadFn)> &add);

/*! Reads every cell of rows [0, rows) through data(); returns how many were valid. */
quint64 readCells(const QAbstractItemModel &model, int rows);

} // namespace bench
