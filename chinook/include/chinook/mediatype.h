// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/entity.h>

/*! A Chinook media type: table MediaType (MediaTypeId, Name). */
class MediaType : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(MediaType)
    QORM_TABLE("MediaType")
    QORM_DISPLAY("name")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN_NAME(id, "mediaTypeId")
    QORM_COLUMN(std::optional<QString>, name, setName)
public:
    Q_INVOKABLE explicit MediaType(QObject *parent = nullptr) : qorm::Entity(parent) { }
};
