// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/entity.h>

/*! A Chinook playlist: table Playlist (PlaylistId, Name). */
class Playlist : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(Playlist)
    QORM_TABLE("Playlist")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN_NAME(id, "playlistId")
    QORM_COLUMN(std::optional<QString>, name, setName)
public:
    Q_INVOKABLE explicit Playlist(QObject *parent = nullptr) : qorm::Entity(parent) { }
};
