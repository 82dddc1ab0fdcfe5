// SPDX-License-Identifier: MIT
#include "benchcommon.h"

#include <QDir>
#include <QFile>
#include <QTextStream>

#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>

namespace bench {

QString createTableSql()
{
    return QStringLiteral(R"(CREATE TABLE "bench_person" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, )"
                          R"("name" TEXT NOT NULL, "email" TEXT NOT NULL, "age" INTEGER NOT NULL, )"
                          R"("score" REAL NOT NULL, "created" TEXT NOT NULL))");
}

QString selectColumnsSql()
{
    return QStringLiteral(R"("id", "name", "email", "age", "score", "created")");
}

namespace {

quint64 splitmix64(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

constexpr quint64 kSeed = 20240601;

constexpr std::array<const char *, 24> kSyllables = { "ka", "lo", "mi", "ra", "ven", "tor", "sa", "li",
                                                      "dan", "el", "ro", "na", "be", "ths", "qui", "mar",
                                                      "jo", "an", "ste", "fa", "gu", "wen", "dy", "ox" };

QString word(quint64 &state, int syllables)
{
    QString w;
    for (int s = 0; s < syllables; ++s) {
        state = splitmix64(state);
        w += QLatin1StringView(kSyllables[state % kSyllables.size()]);
    }
    w[0] = w[0].toUpper();
    return w;
}

} // namespace

PersonRow makePerson(qint64 i)
{
    quint64 state = splitmix64(kSeed ^ splitmix64(quint64(i)));
    PersonRow p;
    const QString first = word(state, 2 + int(state % 2));
    const QString last = word(state, 2 + int((state >> 8) % 3));
    p.name = first + u' ' + last;
    p.email = first.toLower() + u'.' + last.toLower() + u'.' + QString::number(i) + QStringLiteral("@example.com");
    state = splitmix64(state);
    p.age = 18 + int(state % 62); // 18..79: age > 30 holds for 49/62 = 79 %
    state = splitmix64(state);
    p.score = double(state % 1000000) / 10000.0; // 0 .. 99.9999
    state = splitmix64(state);
    // 2000-01-01 .. 2025-01-01 UTC, millisecond precision.
    constexpr qint64 from = Q_INT64_C(946684800000);
    constexpr qint64 span = Q_INT64_C(788918400000);
    p.created = QDateTime::fromMSecsSinceEpoch(from + qint64(state % quint64(span)), Qt::UTC);
    return p;
}

std::vector<PersonRow> makePeople(qint64 n)
{
    std::vector<PersonRow> people;
    people.reserve(size_t(n));
    for (qint64 i = 0; i < n; ++i)
        people.push_back(makePerson(i));
    return people;
}

QString dateTimeToDb(const QDateTime &dt)
{
    // Exactly what qorm::SqliteDialect::toDatabase does for a QDateTime.
    return dt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QDateTime dateTimeFromDb(QString text)
{
    if (text.size() > 10 && text[10] == u' ')
        text[10] = u'T';
    text += u'Z';
    return QDateTime::fromString(text, Qt::ISODateWithMs);
}

void Digest::add(qint64, const QString &name, const QString &email, int age, double score, const QDateTime &created)
{
    ++count;
    ageSum += age;
    scoreSum += score;
    createdSum += created.toSecsSinceEpoch();
    for (const QString *s : { &name, &email })
        textHash = splitmix64(textHash ^ qHash(*s));
}

QString Digest::toString() const
{
    return QStringLiteral("%1/%2/%3/%4/%5")
            .arg(count)
            .arg(ageSum)
            .arg(qRound64(scoreSum * 100))
            .arg(createdSum)
            .arg(textHash, 16, 16, QLatin1Char('0'));
}

void printResult(const Options &options, const Stopwatch &watch, const Outcome &outcome)
{
    std::vector<double> s = watch.samples();
    require(!s.empty(), QStringLiteral("no samples"));
    std::sort(s.begin(), s.end());
    const double median = s.size() % 2 ? s[s.size() / 2] : (s[s.size() / 2 - 1] + s[s.size() / 2]) / 2;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    QStringList all;
    for (double v : watch.samples())
        all.append(QString::number(v, 'f', 2));
    QTextStream out(stdout);
    out << "RESULT workload=" << options.workload << " impl=" << options.impl << " rows=" << options.rows
        << " reps=" << s.size() << " median_ms=" << QString::number(median, 'f', 3)
        << " min_ms=" << QString::number(s.front(), 'f', 3) << " max_ms=" << QString::number(s.back(), 'f', 3)
        << " rss_kb=" << usage.ru_maxrss << " digest=" << outcome.digest.toString()
        << " samples=" << all.join(u',');
    if (!outcome.note.isEmpty())
        out << " note=" << QString(outcome.note).replace(u' ', u'_');
    out << Qt::endl;
}

void require(bool condition, const QString &message)
{
    if (condition)
        return;
    std::fprintf(stderr, "qorm_bench: FAILED: %s\n", qPrintable(message));
    std::fflush(stderr);
    std::_Exit(2);
}

void prepareFixture(const QString &path, qint64 rows)
{
    const QString tmp = path + QStringLiteral(".tmp");
    QFile::remove(tmp);
    sqlite3 *db = nullptr;
    require(sqlite3_open(tmp.toUtf8().constData(), &db) == SQLITE_OK, QStringLiteral("cannot create %1").arg(tmp));
    auto execOrDie = [&](const QString &sql) {
        char *err = nullptr;
        require(sqlite3_exec(db, sql.toUtf8().constData(), nullptr, nullptr, &err) == SQLITE_OK,
                QStringLiteral("%1: %2").arg(sql, QString::fromUtf8(err ? err : "")));
    };
    execOrDie(QStringLiteral("PRAGMA journal_mode = OFF"));
    execOrDie(QStringLiteral("PRAGMA synchronous = OFF"));
    execOrDie(createTableSql());
    execOrDie(QStringLiteral("BEGIN"));
    sqlite3_stmt *st = nullptr;
    const QByteArray sql = QStringLiteral(R"(INSERT INTO "bench_person" ("name", "email", "age", "score", "created") VALUES (?, ?, ?, ?, ?))").toUtf8();
    require(sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &st, nullptr) == SQLITE_OK, QStringLiteral("prepare"));
    for (qint64 i = 0; i < rows; ++i) {
        const PersonRow p = makePerson(i);
        const QByteArray name = p.name.toUtf8(), email = p.email.toUtf8(), created = dateTimeToDb(p.created).toUtf8();
        sqlite3_bind_text(st, 1, name.constData(), int(name.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, email.constData(), int(email.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, p.age);
        sqlite3_bind_double(st, 4, p.score);
        sqlite3_bind_text(st, 5, created.constData(), int(created.size()), SQLITE_TRANSIENT);
        require(sqlite3_step(st) == SQLITE_DONE, QStringLiteral("insert: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    execOrDie(QStringLiteral("COMMIT"));
    require(sqlite3_close(db) == SQLITE_OK, QStringLiteral("close"));
    QFile::remove(path);
    require(QFile::rename(tmp, path), QStringLiteral("cannot rename %1").arg(tmp));
}

QString copyFixture(const Options &options, const QString &tag)
{
    require(!options.fixture.isEmpty() && QFile::exists(options.fixture), QStringLiteral("--fixture FILE is required"));
    const QString path = QDir(options.workDir).filePath(tag + QStringLiteral(".db"));
    QFile::remove(path);
    require(QFile::copy(options.fixture, path), QStringLiteral("cannot copy %1 to %2").arg(options.fixture, path));
    QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return path;
}

namespace {
volatile quint64 g_sink = 0;
}

void sink(quint64 value)
{
    g_sink = g_sink + value;
}

quint64 readCells(const QAbstractItemModel &model, int rows)
{
    quint64 valid = 0;
    const int columns = model.columnCount();
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < columns; ++c)
            valid += model.data(model.index(r, c)).isValid();
    return valid;
}

} // namespace bench
