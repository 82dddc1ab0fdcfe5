// SPDX-License-Identifier: MIT
#pragma once

// The Person/Pet tables the table-model tests share: one database per backend data row, a second
// connection on shared backends for raw checks, and the same rows filled in. Header-only: each
// binary compiles it with its own QORM_TEST_PREFIX (its own tables), like testentities.h.

#include "testbackends.h"
#include "testentities.h"

#include <qorm/dialect.h>
#include <qorm/schema.h>
#include <qorm/session.h>

namespace qormtest {

/*! Person and Pet tables, created fresh by open() and dropped by close(). */
struct PeopleTables
{
    qorm::Database db;
    qorm::Database verify; //!< Another connection on servers and SQLite files (db itself for :memory:).
    const QList<const QMetaObject *> classes = { &Person::staticMetaObject, &Pet::staticMetaObject };

    /*! Opens \a url (and a second connection when \a shared) with freshly created tables. */
    qorm::Error open(const QString &url, bool shared)
    {
        auto opened = qorm::Database::open(url);
        if (!opened)
            return opened.error();
        db = opened.value();
        verify = db;
        if (shared) {
            auto second = qorm::Database::open(url);
            if (!second)
                return second.error();
            verify = second.value();
        }
        if (qorm::Error e = qorm::Schema(db).dropTables(classes); e.isValid())
            return e;
        return qorm::Schema(db).createTables(classes);
    }

    /*! Drops the tables and closes both connections. */
    qorm::Error close()
    {
        qorm::Error e;
        if (db.isValid())
            e = qorm::Schema(db).dropTables(classes);
        verify = qorm::Database();
        db = qorm::Database();
        return e;
    }

    /*!
     * Adds \a count people ("person 0000"..., age i % 90, score i / 4, an email unless i % 3 == 2,
     * balance i * 0.25) and three pets of the first one.
     */
    qorm::Error populate(int count)
    {
        qorm::Session session(db);
        std::shared_ptr<Person> first;
        for (int i = 0; i < count; ++i) {
            auto p = std::make_shared<Person>();
            p->setName(QStringLiteral("person %1").arg(i, 4, 10, QLatin1Char('0')));
            p->setAge(i % 90);
            p->setScore(i / 4.0);
            if (i % 3 != 2)
                p->setEmail(QStringLiteral("p%1@example.org").arg(i));
            p->setBalance(qorm::Decimal(i * 25, 2));
            if (qorm::Error e = session.add(p); e.isValid())
                return e;
            if (!first)
                first = p;
        }
        if (qorm::Error e = session.flush(); e.isValid())
            return e;
        for (int i = 0; i < 3 && first; ++i) {
            auto pet = std::make_shared<Pet>();
            pet->setName(QStringLiteral("pet %1").arg(i));
            pet->setOwnerId(first->id());
            if (qorm::Error e = session.add(pet); e.isValid())
                return e;
        }
        return session.commit();
    }

    /*! \a name ("person", "pet") as this binary's quoted table name. */
    QString table(const char *name) const
    {
        return db.dialect().quoteIdentifier(QString::fromUtf8(QORM_TEST_PREFIX) + QString::fromLatin1(name));
    }
    /*! A quoted column name. */
    QString column(const QString &name) const { return db.dialect().quoteIdentifier(name); }
    /*! The first column of the first row of \a sql, run on the verifying connection. */
    QVariant rawValue(const QString &sql, const QVariantList &values = {}) const { return qormtest::rawValue(verify, sql, values); }
};

} // namespace qormtest
