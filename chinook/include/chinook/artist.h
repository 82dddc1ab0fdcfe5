// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/entity.h>

class Album;

/*! A Chinook artist: table Artist (ArtistId, Name). */
class Artist : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(Artist)
    QORM_TABLE("Artist")
    QORM_DISPLAY("name")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN_NAME(id, "artistId")
    QORM_COLUMN(std::optional<QString>, name, setName)
    QORM_HAS_MANY(Album, albums, artist)
    QORM_ORDER_BY(albums, "title")
    Q_MOC_INCLUDE(<chinook/album.h>)
public:
    Q_INVOKABLE explicit Artist(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

#include <chinook/album.h> // completes Album for the collection (the two headers refer to each other)
