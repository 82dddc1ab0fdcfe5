// SPDX-License-Identifier: MIT
#pragma once

#include <chinook/customer.h>

#include <qorm/decimal.h>

class InvoiceLine;

/*! A Chinook invoice: table Invoice. */
class Invoice : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(Invoice)
    QORM_TABLE("Invoice")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN_NAME(id, "invoiceId")
    QORM_COLUMN(qint64, customerId, setCustomerId)
    QORM_COLUMN(QDateTime, invoiceDate, setInvoiceDate)
    QORM_COLUMN(std::optional<QString>, billingAddress, setBillingAddress)
    QORM_COLUMN(std::optional<QString>, billingCity, setBillingCity)
    QORM_COLUMN(std::optional<QString>, billingState, setBillingState)
    QORM_COLUMN(std::optional<QString>, billingCountry, setBillingCountry)
    QORM_COLUMN(std::optional<QString>, billingPostalCode, setBillingPostalCode)
    QORM_COLUMN(qorm::Decimal, total, setTotal)
    QORM_BELONGS_TO(Customer, customer, customerId, setCustomer)
    QORM_HAS_MANY(InvoiceLine, lines, invoice)
    QORM_DELETE_ORPHAN(lines)
    Q_MOC_INCLUDE(<chinook/invoiceline.h>)
public:
    Q_INVOKABLE explicit Invoice(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

#include <chinook/invoiceline.h> // completes InvoiceLine for the collection
