// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/entity.h>

class PlaylistTrack;
class Track;

/*! A Chinook playlist: table Playlist (PlaylistId, Name). */
class Playlist : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(Playlist)
    QORM_TABLE("Playlist")
    QORM_DISPLAY("name")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN_NAME(id, "playlistId")
    QORM_COLUMN(std::optional<QString>, name, setName)
    QORM_MANY_TO_MANY(Track, tracks, PlaylistTrack, playlist, track)
    Q_MOC_INCLUDE(<chinook/playlisttrack.h>)
public:
    Q_INVOKABLE explicit Playlist(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

#include <chinook/playlisttrack.h> // completes Track and PlaylistTrack for the collection
