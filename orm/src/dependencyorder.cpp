// SPDX-License-Identifier: MIT
#include "dependencyorder_p.h"

#include <qorm/entitymeta.h>

#include <QSet>

#include <functional>

namespace qorm::detail {

Result<QList<const QMetaObject *>> dependencyOrder(const QList<const QMetaObject *> &classes)
{
    QList<const QMetaObject *> ordered;
    QSet<const QMetaObject *> done;
    QSet<const QMetaObject *> visiting;
    std::function<Error(const QMetaObject *)> visit = [&](const QMetaObject *mo) -> Error {
        if (done.contains(mo) || visiting.contains(mo))
            return {}; // visiting: a cycle; the foreign keys still work, the order cannot satisfy both
        visiting.insert(mo);
        auto meta = EntityMeta::of(*mo);
        if (!meta)
            return meta.error();
        for (const RelationMeta &r : meta.value()->relations())
            if (r.kind == RelationMeta::Kind::ManyToOne && r.target != mo && classes.contains(r.target))
                if (Error e = visit(r.target); e.isValid())
                    return e;
        visiting.remove(mo);
        done.insert(mo);
        ordered.append(mo);
        return {};
    };
    for (const QMetaObject *mo : classes)
        if (Error e = visit(mo); e.isValid())
            return e;
    return ordered;
}

} // namespace qorm::detail
