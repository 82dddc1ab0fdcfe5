// SPDX-License-Identifier: MIT
#pragma once

// Entities used by the backend-independent tests; each test creates and drops their tables.

#include <qorm/decimal.h>
#include <qorm/entity.h>

#include <QDateTime>

// Each test binary that shares these classes gets its own table names (set in tests/CMakeLists.txt),
// so binaries never touch each other's tables on a shared server.
#ifndef QORM_TEST_PREFIX
#define QORM_TEST_PREFIX "qorm_"
#endif

/*! An ordinary entity declared with the helper macros. */
class Person : public qorm::Entity
{
    Q_OBJECT
    QORM_TABLE(QORM_TEST_PREFIX "person")
    QORM_DISPLAY("name")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
    QORM_COLUMN(std::optional<QString>, email, setEmail)
    QORM_COLUMN(int, age, setAge)
    QORM_COLUMN(double, score, setScore)
    QORM_COLUMN(std::optional<qorm::Decimal>, balance, setBalance)
    QORM_COLUMN(std::optional<QDateTime>, created, setCreated)
public:
    Q_INVOKABLE explicit Person(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

/*! A child entity with a many-to-one relation to Person. */
class Pet : public qorm::Entity
{
    Q_OBJECT
    QORM_TABLE(QORM_TEST_PREFIX "pet")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
    QORM_COLUMN(std::optional<qint64>, ownerId, setOwnerId)
    QORM_BELONGS_TO(Person, owner, ownerId)
public:
    Q_INVOKABLE explicit Pet(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

/*! An entity written with plain Q_PROPERTY and Q_CLASSINFO only: no helper macros. */
class PlainNote : public qorm::Entity
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", QORM_TEST_PREFIX "plain_note")
    Q_CLASSINFO("qorm.primaryKey", "id")
    Q_CLASSINFO("qorm.autoIncrement", "id")
    Q_CLASSINFO("qorm.column.text", "body")
    Q_PROPERTY(qint64 id READ id WRITE setId NOTIFY idChanged)
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    Q_PROPERTY(int priority READ priority WRITE setPriority NOTIFY priorityChanged)
public:
    Q_INVOKABLE explicit PlainNote(QObject *parent = nullptr) : qorm::Entity(parent) { }
    qint64 id() const { return m_id; }
    void setId(qint64 v) { if (m_id != v) { m_id = v; Q_EMIT idChanged(); } }
    QString text() const { return m_text; }
    void setText(const QString &v) { if (m_text != v) { m_text = v; Q_EMIT textChanged(); } }
    int priority() const { return m_priority; }
    void setPriority(int v) { if (m_priority != v) { m_priority = v; Q_EMIT priorityChanged(); } }
Q_SIGNALS:
    void idChanged();
    void textChanged();
    void priorityChanged();
private:
    qint64 m_id = 0;
    QString m_text;
    int m_priority = 0;
};

/*! Table and column names full of quotes, backticks, placeholders and SQL. */
class Hostile : public qorm::Entity
{
    Q_OBJECT
    QORM_TABLE(QORM_TEST_PREFIX " \"hostile\" `t`; DROP TABLE " QORM_TEST_PREFIX "person; --")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, value, setValue)
    QORM_COLUMN_NAME(value, "va\"l`ue' ?; --")
public:
    Q_INVOKABLE explicit Hostile(QObject *parent = nullptr) : qorm::Entity(parent) { }
};
