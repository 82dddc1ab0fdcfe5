// SPDX-License-Identifier: MIT
#pragma once

#include <chinook/invoice.h>
#include <chinook/track.h>

/*! A Chinook invoice line: table InvoiceLine. */
class InvoiceLine : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(InvoiceLine)
    QORM_TABLE("InvoiceLine")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN_NAME(id, "invoiceLineId")
    QORM_COLUMN(qint64, invoiceId, setInvoiceId)
    QORM_COLUMN(qint64, trackId, setTrackId)
    QORM_COLUMN(qorm::Decimal, unitPrice, setUnitPrice)
    QORM_COLUMN(qint64, quantity, setQuantity)
    QORM_BELONGS_TO(Invoice, invoice, invoiceId, setInvoice)
    QORM_BELONGS_TO(Track, track, trackId, setTrack)
public:
    Q_INVOKABLE explicit InvoiceLine(QObject *parent = nullptr) : qorm::Entity(parent) { }
};
