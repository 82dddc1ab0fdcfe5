// SPDX-License-Identifier: MIT
#include "mapper_p.h"

#include <qorm/decimal.h>
#include <qorm/expr.h>

#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace qorm::detail {

Mapper::Mapper(const EntityMeta *m, const Grammar &g, NamingStrategy naming) : meta(m), dialect(&g.dialect()), grammar(&g)
{
    physicalTable = applyNamingStrategy(naming, meta->tableName());
    table = dialect->quoteIdentifier(physicalTable);
    for (const ColumnMeta &c : meta->columns()) {
        physicalColumns.append(applyNamingStrategy(naming, c.logicalName));
        columns.append(dialect->quoteIdentifier(physicalColumns.last()));
        codecs.append(ColumnCodec(c, *dialect));
    }
    insertAllSql = grammar->compileInsert(*this, true);
    insertWithKeySql = grammar->compileInsert(*this, false);
    deleteSql = grammar->compileDelete(*this);

    // Names this database cannot hold as they are: refused before any SQL (see mappingError()).
    if (const QString why = dialect->identifierProblem(physicalTable); !why.isEmpty())
        problem = QStringLiteral("%1: table name '%2' %3").arg(meta->className(), physicalTable, why);
    for (qsizetype i = 0; i < physicalColumns.size() && problem.isEmpty(); ++i) {
        const ColumnMeta &c = meta->columns()[i];
        if (const QString why = dialect->identifierProblem(physicalColumns[i]); !why.isEmpty())
            problem = QStringLiteral("%1.%2: column name '%3' %4").arg(meta->className(), c.property, physicalColumns[i], why);
        for (qsizetype j = 0; j < i && problem.isEmpty(); ++j)
            if (physicalColumns[j].compare(physicalColumns[i], Qt::CaseInsensitive) == 0)
                problem = QStringLiteral("%1.%2 and %1.%3 both map to column '%4' under this database's naming strategy")
                                  .arg(meta->className(), meta->columns()[j].property, c.property, physicalColumns[i]);
    }
}

Error Mapper::mappingError() const
{
    return problem.isEmpty() ? Error() : Error(Error::Kind::Mapping, problem);
}

Error Mapper::columnError(int column, Error::Kind kind, const QString &what) const
{
    const ColumnMeta &c = meta->columns()[column];
    Error e(kind, QStringLiteral("%1.%2: %3").arg(meta->className(), c.property, what));
    e.setSubject(meta->className(), c.property);
    return e;
}

Error Mapper::checkValue(int column, const QVariant &value) const
{
    const ColumnMeta &c = meta->columns()[column];
    if (c.length > 0 && c.type->sqlType == SqlType::String && value.isValid()) {
        const qsizetype n = value.toString().size();
        if (n > c.length)
            return columnError(column, Error::Kind::ValueTooLong,
                               QStringLiteral("value too long for VARCHAR(%1) (%2 characters)").arg(c.length).arg(n));
    }
    if (c.type->sqlType == SqlType::Decimal && value.isValid()) {
        const Decimal d = value.value<Decimal>();
        if (d.isValid()) {
            // Trailing zeros after the point cost nothing: 1.50 fits a scale of 1.
            qint64 unscaled = d.unscaledValue();
            int places = d.scale();
            while (places > 0 && unscaled % 10 == 0) {
                unscaled /= 10;
                --places;
            }
            const int digits = unscaled == 0 ? 1 : int(QString::number(unscaled).remove(u'-').size());
            const int integerDigits = qMax(0, digits - places);
            // The declared QORM_DECIMAL(p, s) on every backend, then what the backend keeps
            // (MariaDB's default DECIMAL(19,4), SQLite's 15 significant digits).
            int precision = c.precision, scale = c.precision > 0 ? c.scale : 0;
            bool significant = false;
            dialect->decimalLimits(&precision, &scale, &significant);
            const int declaredP = c.precision > 0 ? c.precision : (significant ? 0 : precision);
            const int declaredS = c.precision > 0 ? c.scale : scale;
            QString why;
            if (declaredP > 0 && places > declaredS)
                why = QStringLiteral("%1 has %2 decimal places; the column keeps %3 (DECIMAL(%4,%3))").arg(d.toString()).arg(places).arg(declaredS).arg(declaredP);
            else if (declaredP > 0 && integerDigits > declaredP - declaredS)
                why = QStringLiteral("%1 has %2 integer digits; DECIMAL(%3,%4) keeps %5").arg(d.toString()).arg(integerDigits).arg(declaredP).arg(declaredS).arg(declaredP - declaredS);
            else if (significant && precision > 0 && digits > precision)
                why = QStringLiteral("%1 has %2 significant digits; this column keeps %3 exactly").arg(d.toString()).arg(digits).arg(precision);
            if (!why.isEmpty())
                return columnError(column, Error::Kind::TypeMismatch, why);
        }
    }
    if (const QString why = dialect->unsupportedValue(c.type->sqlType, value); !why.isEmpty())
        return columnError(column, Error::Kind::TypeMismatch, why);
    return {};
}

Result<QVariant> Mapper::bindValue(int column, const QVariant &value) const
{
    const ColumnMeta &c = meta->columns()[column];
    auto v = TypeRegistry::convertExact(*c.type, value);
    if (!v)
        return columnError(column, Error::Kind::TypeMismatch, v.error().message());
    // A compared value only has to be bindable: `price < 9.999` is a fine question about a
    // DECIMAL(10,2) column, so the storage checks of checkValue() do not apply here.
    if (const QString why = dialect->unsupportedValue(c.type->sqlType, v.value()); !why.isEmpty())
        return columnError(column, Error::Kind::TypeMismatch, why);
    return dialect->toDatabase(c.type->sqlType, v.value());
}

QVariant Mapper::databaseValue(const QObject *entity, int column, Error *error) const
{
    const ColumnCodec &codec = codecs.at(column);
    const QVariant v = codec.value(entity);
    if (Error e = checkValue(column, v); e.isValid())
        *error = e;
    return codec.toDatabase(v);
}

Error Mapper::explain(Error e) const
{
    if (!e.isValid() || !e.entityName().isEmpty() || e.backendName().isEmpty())
        return e; // already about an entity, or qorm's own error
    const QString physical = dialect->columnInError(e);
    qsizetype column = physical.isEmpty() ? -1 : physicalColumns.indexOf(physical);
    if (column < 0 && !physical.isEmpty()) // MariaDB and SQLite compare names case-insensitively
        for (qsizetype i = 0; i < physicalColumns.size() && column < 0; ++i)
            if (physicalColumns[i].compare(physical, Qt::CaseInsensitive) == 0)
                column = i;
    const ColumnMeta *c = column >= 0 ? &meta->columns()[column] : nullptr;
    QString subject = c ? meta->className() + u'.' + c->property : meta->className();
    const bool deleting = e.sql().startsWith(QStringLiteral("DELETE"));
    QString what;
    switch (e.kind()) {
    case Error::Kind::UniqueViolation:
        what = c ? QStringLiteral("another row already has this value (UNIQUE)")
                 : QStringLiteral("another row already has this key (UNIQUE)");
        break;
    case Error::Kind::NotNullViolation:
        what = QStringLiteral("must not be NULL (NOT NULL)");
        break;
    case Error::Kind::ForeignKeyViolation: {
        if (deleting) {
            what = QStringLiteral("the row is still referenced by another row (FOREIGN KEY)");
            break;
        }
        // SQLite does not say which key failed; with one many-to-one relation it can only be that one.
        QList<const RelationMeta *> manyToOne;
        for (const RelationMeta &r : meta->relations())
            if (r.kind == RelationMeta::Kind::ManyToOne)
                manyToOne.append(&r);
        if (column < 0 && manyToOne.size() == 1) {
            column = manyToOne.first()->foreignKeyColumn;
            c = &meta->columns()[column];
            subject = meta->className() + u'.' + c->property;
        }
        QString target;
        for (const RelationMeta *r : std::as_const(manyToOne))
            if (r->foreignKeyColumn == column)
                target = QString::fromLatin1(r->target->className()).section(QStringLiteral("::"), -1);
        what = target.isEmpty() ? QStringLiteral("refers to a row that does not exist (FOREIGN KEY)")
                                : QStringLiteral("no %1 with this key exists (FOREIGN KEY)").arg(target);
        break;
    }
    case Error::Kind::ValueTooLong: {
        static const QRegularExpression varying(QStringLiteral("character varying\\((\\d+)\\)"));
        const auto m = varying.match(e.driverText());
        const QString limit = c && c->length > 0 ? QString::number(c->length) : m.hasMatch() ? m.captured(1) : QString();
        what = limit.isEmpty() ? QStringLiteral("value too long for the column") : QStringLiteral("value too long for VARCHAR(%1)").arg(limit);
        break;
    }
    case Error::Kind::CheckViolation:
        what = QStringLiteral("violates a CHECK constraint: ") + e.message();
        break;
    default:
        what = e.message();
        break;
    }
    e.setMessage(subject + QStringLiteral(": ") + what);
    e.setSubject(meta->className(), c ? c->property : QString());
    return e;
}

QVariant Mapper::valueTypeValue(int column, const QVariant &raw, bool *ok) const
{
    const TypeMapping &t = *meta->columns()[column].type;
    return dialect->fromDatabase(t.sqlType, t.valueType, raw, ok);
}

QVariant Mapper::propertyValue(int column, const QVariant &raw, bool *ok) const
{
    const TypeMapping &t = *meta->columns()[column].type;
    return t.fromValue(t, dialect->fromDatabase(t.sqlType, t.valueType, raw, ok));
}

QString keyText(const QVariantList &values)
{
    QStringList parts;
    for (const QVariant &v : values)
        parts.append(v.metaType() == QMetaType::fromType<QString>() ? u'\'' + v.toString() + u'\'' : v.toString());
    return parts.size() == 1 ? parts.first() : u'(' + parts.join(QStringLiteral(", ")) + u')';
}

QString identityKey(const QVariantList &values)
{
    // One unambiguous text per key: each part is its type's id and length-prefixed canonical text
    // (bytes as hex), so ("x\x1Fy", "z") and ("x", "y\x1Fz") differ, and so do 1 and "1".
    if (values.size() == 1 && values.first().metaType() != QMetaType::fromType<QByteArray>())
        return values.first().toString(); // the common case: one key column, kept cheap
    QString key;
    for (const QVariant &v : values) {
        const QString text = v.metaType() == QMetaType::fromType<QByteArray>() ? QString::fromLatin1(v.toByteArray().toHex())
                                                                               : v.toString();
        key += QString::number(v.metaType().id()) + u':' + QString::number(text.size()) + u':' + text;
    }
    return key;
}

} // namespace qorm::detail
