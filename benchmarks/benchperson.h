// SPDX-License-Identifier: MIT
#pragma once

// The benchmark's one entity, as qorm sees it (BenchPerson) and as hand-written code sees it
// (PersonRow: a plain struct with the same Qt types).

#include <qorm/entity.h>

#include <QDateTime>
#include <QString>

class BenchPerson : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(BenchPerson)
    QORM_TABLE("bench_person")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
    QORM_COLUMN(QString, email, setEmail)
    QORM_COLUMN(int, age, setAge)
    QORM_COLUMN(double, score, setScore)
    QORM_COLUMN(QDateTime, created, setCreated)
public:
    Q_INVOKABLE explicit BenchPerson(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

struct PersonRow
{
    qint64 id = 0;
    QString name;
    QString email;
    int age = 0;
    double score = 0;
    QDateTime created;
};
