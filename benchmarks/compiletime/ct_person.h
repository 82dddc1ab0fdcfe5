// SPDX-License-Identifier: MIT
#pragma once

// The entity of the compile-time probe qorm_tu.cpp (its moc output is compiled separately).

#include <qorm/entity.h>

#include <QDateTime>

class CtPerson : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(CtPerson)
    QORM_TABLE("ct_person")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN(QString, name, setName)
    QORM_COLUMN(QString, email, setEmail)
    QORM_COLUMN(int, age, setAge)
    QORM_COLUMN(double, score, setScore)
    QORM_COLUMN(QDateTime, created, setCreated)
public:
    Q_INVOKABLE explicit CtPerson(QObject *parent = nullptr) : qorm::Entity(parent) { }
};
