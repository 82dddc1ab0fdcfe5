// SPDX-License-Identifier: MIT
#pragma once

#include <chinook/album.h>
#include <chinook/genre.h>
#include <chinook/mediatype.h>

#include <qorm/decimal.h>

class Playlist;
class PlaylistTrack;

/*! A Chinook track: table Track. */
class Track : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(Track)
    QORM_TABLE("Track")
    QORM_DISPLAY("name")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN_NAME(id, "trackId")
    QORM_COLUMN(QString, name, setName)
    QORM_COLUMN(std::optional<qint64>, albumId, setAlbumId)
    QORM_COLUMN(qint64, mediaTypeId, setMediaTypeId)
    QORM_COLUMN(std::optional<qint64>, genreId, setGenreId)
    QORM_COLUMN(std::optional<QString>, composer, setComposer)
    QORM_COLUMN(qint64, milliseconds, setMilliseconds)
    QORM_COLUMN(std::optional<qint64>, bytes, setBytes)
    QORM_COLUMN(qorm::Decimal, unitPrice, setUnitPrice)
    QORM_BELONGS_TO(Album, album, albumId, setAlbum)
    QORM_BELONGS_TO(Genre, genre, genreId, setGenre)
    QORM_BELONGS_TO(MediaType, mediaType, mediaTypeId)
    QORM_MANY_TO_MANY(Playlist, playlists, PlaylistTrack, track, playlist)
    Q_MOC_INCLUDE(<chinook/playlisttrack.h>)
public:
    Q_INVOKABLE explicit Track(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

#include <chinook/playlisttrack.h> // completes Playlist and PlaylistTrack for the collection
