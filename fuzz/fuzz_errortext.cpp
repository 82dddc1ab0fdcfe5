// SPDX-License-Identifier: MIT
// Fuzz target: what qorm makes of a database's error text (driver text is input from outside):
// classification, cleaning, the column it names, and the entity-level explanation. Never crashes;
// the message is one line.
#include "mapper_p.h"

#include <qorm/entity.h>
#include <qorm/entitymeta.h>
#include <qorm/mysqldialect.h>
#include <qorm/postgresqldialect.h>
#include <qorm/sqlitedialect.h>

#include <QSqlError>

#include <cstdlib>

class FuzzTarget : public qorm::Entity
{
    Q_OBJECT
    QORM_TABLE("fuzz_target")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
    QORM_LENGTH(name, 10)
public:
    Q_INVOKABLE explicit FuzzTarget(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

class FuzzSource : public qorm::Entity
{
    Q_OBJECT
    QORM_TABLE("fuzz_source")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(qint64, targetId, setTargetId)
    QORM_BELONGS_TO(FuzzTarget, target, targetId)
public:
    Q_INVOKABLE explicit FuzzSource(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const qorm::SqliteDialect sqlite;
    static const qorm::PostgresqlDialect postgresql;
    static const qorm::MysqlDialect mysql;
    static const qorm::EntityMeta *meta = qorm::EntityMeta::of(FuzzSource::staticMetaObject).value();
    static const qorm::Dialect *dialects[] = { &sqlite, &postgresql, &mysql };
    static const std::unique_ptr<qorm::detail::Grammar> grammars[] = { qorm::detail::Grammar::create(sqlite),
                                                                        qorm::detail::Grammar::create(postgresql),
                                                                        qorm::detail::Grammar::create(mysql) };
    static const char *codes[] = { "", "23505", "23503", "23502", "23514", "22001", "1062", "1452", "1048", "1406",
                                   "2067", "787", "1299", "275", "5", "14", "1", "57P01", "2013", "40P01" };
    if (size < 2)
        return 0;
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data) + 2, qsizetype(size - 2));
    const QSqlError driverError(QStringLiteral("driver"), text, QSqlError::ErrorType(data[0] % 5),
                                QString::fromLatin1(codes[data[1] % (sizeof codes / sizeof *codes)]));
    for (int i = 0; i < 3; ++i) {
        const qorm::Dialect *dialect = dialects[i];
        const qorm::detail::Mapper mapper(meta, *grammars[i], qorm::NamingStrategy::AsIs);
        const qorm::Error e = mapper.explain(dialect->classifyError(driverError, data[0] & 8 ? QStringLiteral("DELETE FROM x") : QString()));
        if (!e.isValid() || e.message().contains(u'\n') || e.toString().contains(u'\n'))
            std::abort();
        (void)dialect->columnInError(e);
        (void)e.detailedText();
    }
    return 0;
}

#include "fuzz_errortext.moc"
