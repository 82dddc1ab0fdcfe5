// SPDX-License-Identifier: MIT
// Compile-time probe: one entity and insert / load / filtered load / update functions with qorm.
// Its twin raw_tu.cpp does the same with plain QSqlQuery; run.sh times compiling each.

#include "ct_person.h"

#include <qorm/session.h>

#include <QList>

namespace ct {

qorm::Error insertPeople(qorm::Session &session, const QList<std::shared_ptr<CtPerson>> &people)
{
    for (const auto &p : people)
        if (qorm::Error e = session.add(p); e.isValid())
            return e;
    return session.commit();
}

qorm::Result<QList<std::shared_ptr<CtPerson>>> loadPeople(qorm::Session &session)
{
    return session.query<CtPerson>().all();
}

qorm::Result<QList<std::shared_ptr<CtPerson>>> loadAdults(qorm::Session &session, int minAge)
{
    return session.query<CtPerson>().where(CtPerson::age_ > minAge).orderBy(CtPerson::name_).all();
}

qorm::Error updateScores(qorm::Session &session, const QList<std::shared_ptr<CtPerson>> &people, double delta)
{
    for (const auto &p : people)
        p->setScore(p->score() + delta);
    return session.commit();
}

} // namespace ct
