// SPDX-License-Identifier: MIT
#pragma once

#include <chinook/artist.h>

class Track;

/*! A Chinook album: table Album (AlbumId, Title, ArtistId). */
class Album : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(Album)
    QORM_TABLE("Album")
    QORM_DISPLAY("title")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN_NAME(id, "albumId")
    QORM_COLUMN(QString, title, setTitle)
    QORM_COLUMN(qint64, artistId, setArtistId)
    QORM_BELONGS_TO(Artist, artist, artistId, setArtist)
    QORM_HAS_MANY(Track, tracks, album)
    Q_MOC_INCLUDE(<chinook/track.h>)
public:
    Q_INVOKABLE explicit Album(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

#include <chinook/track.h> // completes Track for the collection
