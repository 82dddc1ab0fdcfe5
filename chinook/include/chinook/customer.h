// SPDX-License-Identifier: MIT
#pragma once

#include <chinook/employee.h>

class Invoice;

/*! A Chinook customer: table Customer; supportRepId refers to an employee. */
class Customer : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(Customer)
    QORM_TABLE("Customer")
    QORM_DISPLAY("lastName")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN_NAME(id, "customerId")
    QORM_COLUMN(QString, firstName, setFirstName)
    QORM_COLUMN(QString, lastName, setLastName)
    QORM_COLUMN(std::optional<QString>, company, setCompany)
    QORM_COLUMN(std::optional<QString>, address, setAddress)
    QORM_COLUMN(std::optional<QString>, city, setCity)
    QORM_COLUMN(std::optional<QString>, state, setState)
    QORM_COLUMN(std::optional<QString>, country, setCountry)
    QORM_COLUMN(std::optional<QString>, postalCode, setPostalCode)
    QORM_COLUMN(std::optional<QString>, phone, setPhone)
    QORM_COLUMN(std::optional<QString>, fax, setFax)
    QORM_COLUMN(QString, email, setEmail)
    QORM_COLUMN(std::optional<qint64>, supportRepId, setSupportRepId)
    QORM_BELONGS_TO(Employee, supportRep, supportRepId, setSupportRep)
    QORM_HAS_MANY(Invoice, invoices, customer)
    Q_MOC_INCLUDE(<chinook/invoice.h>)
public:
    Q_INVOKABLE explicit Customer(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

#include <chinook/invoice.h> // completes Invoice for the collection
