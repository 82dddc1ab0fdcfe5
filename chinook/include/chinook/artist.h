// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/entity.h>

/*! A Chinook artist: table Artist (ArtistId, Name). */
class Artist : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(Artist)
    QORM_TABLE("Artist")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN_NAME(id, "artistId")
    QORM_COLUMN(std::optional<QString>, name, setName)
public:
    Q_INVOKABLE explicit Artist(QObject *parent = nullptr) : qorm::Entity(parent) { }
};
