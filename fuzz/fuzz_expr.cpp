// SPDX-License-Identifier: MIT
// Fuzz target: the expression compiler on random trees (random operators, property names and
// relation paths, values, empty expressions, an ORDER BY path) for each dialect. Never crashes;
// a tree either compiles to SQL whose placeholders match its bound values, with no value's text
// in the SQL and every join alias introduced, or is refused with a typed error (UnknownColumn,
// TypeMismatch, InvalidState).
#include <qorm/entity.h>
#include <qorm/entitymeta.h>
#include <qorm/mysqldialect.h>
#include <qorm/postgresqldialect.h>
#include <qorm/sqlitedialect.h>
#include <qorm/statementcompiler.h>

#include <QDate>

#include <cstdlib>

class FuzzOther : public qorm::Entity
{
    Q_OBJECT
    QORM_TABLE("fuzz_other")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
public:
    Q_INVOKABLE explicit FuzzOther(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

class FuzzRow : public qorm::Entity
{
    Q_OBJECT
    QORM_TABLE("fuzz_row")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(int, n, setN)
    QORM_COLUMN(QString, s, setS)
    QORM_COLUMN(double, d, setD)
    QORM_COLUMN(std::optional<QDate>, day, setDay)
    QORM_COLUMN(bool, flag, setFlag)
    QORM_COLUMN(std::optional<qint64>, parentId, setParentId)
    QORM_BELONGS_TO(FuzzRow, parent, parentId) // a self-reference: joins of one table under two aliases
    QORM_COLUMN(qint64, otherId, setOtherId)
    QORM_BELONGS_TO(FuzzOther, other, otherId)
public:
    Q_INVOKABLE explicit FuzzRow(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

namespace {

struct Bytes
{
    const uint8_t *data;
    size_t size;
    size_t pos = 0;
    uint8_t next() { return pos < size ? data[pos++] : 0; }
    bool done() const { return pos >= size; }
};

// Plain properties and relation paths (good and bad): the compiler joins along the good ones.
const char *const properties[] = { "id", "n", "s", "d", "day", "flag", "nope", "", "parent.n", "parent.parent.s", "other.name",
                                   "parent.other.id", "other.nope", "nope.n", "parent.", ".n", "parent.parent.parent.day" };
constexpr unsigned propertyCount = sizeof properties / sizeof *properties;

QVariant value(Bytes &in)
{
    switch (in.next() % 9) {
    case 0: return QVariant();
    case 1: return QVariant(int(int8_t(in.next())) * 1000003);
    case 2: return QVariant(qint64(in.next()) << (in.next() % 63));
    case 3: return QVariant(double(int8_t(in.next())) / 7.0);
    case 4: {
        QString text = QStringLiteral("XyZ");
        for (int i = in.next() % 8; i > 0; --i)
            text += QChar(in.next());
        return QVariant(text);
    }
    case 5: return QVariant(QDate(1 + in.next() * 40, 1 + in.next() % 12, 1 + in.next() % 28));
    case 6: return QVariant(bool(in.next() & 1));
    case 7: return QVariant(QByteArray("XyZ\0\xff", 5));
    default: return QVariant(QStringLiteral("XyZ1.5"));
    }
}

qorm::Expr tree(Bytes &in, int depth)
{
    using qorm::Expr;
    if (in.done() || depth > 12)
        return in.next() & 1 ? Expr() : qorm::col(QString::fromLatin1(properties[in.next() % propertyCount]));
    const Expr column = qorm::col(QString::fromLatin1(properties[in.next() % propertyCount]));
    switch (in.next() % 16) {
    case 0: return Expr();
    case 1: return column == value(in);
    case 2: return column != value(in);
    case 3: return column < value(in);
    case 4: return column >= value(in);
    case 5: return tree(in, depth + 1) && tree(in, depth + 1);
    case 6: return tree(in, depth + 1) || tree(in, depth + 1);
    case 7: return !tree(in, depth + 1);
    case 8: return column.like(QStringLiteral("XyZ%_"));
    case 9: {
        QVariantList list;
        for (int i = in.next() % 5; i > 0; --i)
            list.append(value(in));
        return tree(in, depth + 1).in(list);
    }
    case 10: return tree(in, depth + 1).isNull();
    case 11: return column == Expr::value(value(in));
    case 12: return tree(in, depth + 1) == tree(in, depth + 1);
    case 13: return column.isNotNull();
    case 14: return Expr::value(value(in)) > column;
    default: return column == std::nullopt;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const qorm::SqliteDialect sqlite;
    static const qorm::PostgresqlDialect postgresql;
    static const qorm::MysqlDialect mysql;
    static const qorm::StatementCompiler compilers[] = { qorm::StatementCompiler(sqlite, qorm::NamingStrategy::AsIs),
                                                         qorm::StatementCompiler(postgresql, qorm::NamingStrategy::SnakeCase),
                                                         qorm::StatementCompiler(mysql, qorm::NamingStrategy::PascalCase) };
    Bytes in{ data, size };
    const qorm::Expr expr = tree(in, 0);
    auto query = qorm::select<FuzzRow>().where(expr);
    if (!in.done() && (in.next() & 1))
        query = query.orderBy(QString::fromLatin1(properties[in.next() % propertyCount]));
    for (const qorm::StatementCompiler &compiler : compilers) {
        auto st = compiler.select(query);
        if (!st) {
            const qorm::Error e = st.error();
            using K = qorm::Error::Kind;
            if (e.kind() != K::UnknownColumn && e.kind() != K::TypeMismatch && e.kind() != K::InvalidState)
                std::abort();
            continue;
        }
        const QString &sql = st.value().sql;
        if (sql.count(u'?') != st.value().values.size() || sql.contains(QStringLiteral("XyZ")))
            std::abort(); // a value in the SQL text, or placeholders that do not match the values
        // Every alias used is introduced: "t0" (the root) and one JOIN per further alias.
        const qsizetype joins = sql.count(QStringLiteral(" JOIN "));
        for (int alias = int(joins) + 1; alias < int(joins) + 4; ++alias)
            if (sql.contains(QStringLiteral("t%1").arg(alias) + u'"' + u'.') || sql.contains(u'`' + QStringLiteral("t%1").arg(alias) + u'`' + u'.'))
                std::abort();
        if (joins > 0 && !sql.contains(QStringLiteral(" AS ")))
            std::abort(); // joined tables without aliases
    }
    return 0;
}

#include "fuzz_expr.moc"
