// SPDX-License-Identifier: MIT
#include <chinook/chinook.h>

namespace chinook {

QList<const QMetaObject *> entityClasses()
{
    return { &Artist::staticMetaObject,   &Album::staticMetaObject,    &Genre::staticMetaObject,
             &MediaType::staticMetaObject, &Track::staticMetaObject,    &Employee::staticMetaObject,
             &Customer::staticMetaObject,  &Invoice::staticMetaObject,  &InvoiceLine::staticMetaObject,
             &Playlist::staticMetaObject,  &PlaylistTrack::staticMetaObject };
}

} // namespace chinook
