// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/entity.h>

/*! A Chinook genre: table Genre (GenreId, Name). */
class Genre : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(Genre)
    QORM_TABLE("Genre")
    QORM_DISPLAY("name")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN_NAME(id, "genreId")
    QORM_COLUMN(std::optional<QString>, name, setName)
public:
    Q_INVOKABLE explicit Genre(QObject *parent = nullptr) : qorm::Entity(parent) { }
};
