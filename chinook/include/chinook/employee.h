// SPDX-License-Identifier: MIT
#pragma once

#include <qorm/entity.h>

#include <QDateTime>

class Customer;

/*! A Chinook employee: table Employee; reportsTo refers to another employee. */
class Employee : public qorm::Entity
{
    Q_OBJECT
    QORM_ENTITY(Employee)
    QORM_TABLE("Employee")
    QORM_DISPLAY("lastName")
    QORM_ID(qint64, id, setId)
    QORM_COLUMN_NAME(id, "employeeId")
    QORM_COLUMN(QString, lastName, setLastName)
    QORM_COLUMN(QString, firstName, setFirstName)
    QORM_COLUMN(std::optional<QString>, title, setTitle)
    QORM_COLUMN(std::optional<qint64>, reportsTo, setReportsTo)
    QORM_COLUMN(std::optional<QDateTime>, birthDate, setBirthDate)
    QORM_COLUMN(std::optional<QDateTime>, hireDate, setHireDate)
    QORM_COLUMN(std::optional<QString>, address, setAddress)
    QORM_COLUMN(std::optional<QString>, city, setCity)
    QORM_COLUMN(std::optional<QString>, state, setState)
    QORM_COLUMN(std::optional<QString>, country, setCountry)
    QORM_COLUMN(std::optional<QString>, postalCode, setPostalCode)
    QORM_COLUMN(std::optional<QString>, phone, setPhone)
    QORM_COLUMN(std::optional<QString>, fax, setFax)
    QORM_COLUMN(std::optional<QString>, email, setEmail)
    QORM_BELONGS_TO(Employee, manager, reportsTo, setManager)
    QORM_HAS_MANY(Employee, directReports, manager)
    QORM_HAS_MANY(Customer, customers, supportRep)
    Q_MOC_INCLUDE(<chinook/customer.h>)
public:
    Q_INVOKABLE explicit Employee(QObject *parent = nullptr) : qorm::Entity(parent) { }
};

#include <chinook/customer.h> // completes Customer for the collection
