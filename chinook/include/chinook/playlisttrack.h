// SPDX-License-Identifier: MIT
#pragma once

#include <chinook/playlist.h>
#include <chinook/track.h>

/*! A Chinook playlist entry: table PlaylistTrack, composite primary key (PlaylistId, TrackId). */
class PlaylistTrack : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(PlaylistTrack)
    QORM_TABLE("PlaylistTrack")
    QORM_PRIMARY_KEY("playlistId,trackId")
    QORM_COLUMN(qint64, playlistId, setPlaylistId)
    QORM_COLUMN(qint64, trackId, setTrackId)
    QORM_BELONGS_TO(Playlist, playlist, playlistId)
    QORM_BELONGS_TO(Track, track, trackId)
public:
    Q_INVOKABLE explicit PlaylistTrack(QObject *parent = nullptr) : qorm::Entity(parent) { }
};
