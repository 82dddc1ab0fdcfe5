// SPDX-License-Identifier: MIT
#pragma once

#include <chinook/customer.h>
#include <chinook/employee.h>
#include <chinook/invoice.h>
#include <chinook/invoiceline.h>
#include <chinook/playlisttrack.h>
#include <chinook/track.h>

#include <QList>

namespace chinook {
/*! The meta-objects of all 11 Chinook entity classes, parents before children. */
QList<const QMetaObject *> entityClasses();
} // namespace chinook
