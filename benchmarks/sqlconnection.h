// SPDX-License-Identifier: MIT
#pragma once

#include "benchcommon.h"

#include <QSqlDatabase>
#include <QSqlError>

namespace bench {

/*! One named QSQLITE connection with default settings, removed again on destruction. */
class Connection
{
public:
    explicit Connection(const QString &path)
    {
        static int serial = 0;
        m_name = QStringLiteral("bench-%1").arg(++serial);
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        require(m_db.open(), QStringLiteral("open %1: %2").arg(path, m_db.lastError().text()));
    }
    ~Connection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;
    QSqlDatabase &db() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

} // namespace bench
