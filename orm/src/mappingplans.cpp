// SPDX-License-Identifier: MIT
#include "mappingplans_p.h"

namespace qorm::detail {

MappingPlans::MappingPlans(const Dialect &dialect, NamingStrategy naming) : m_grammar(Grammar::create(dialect)), m_naming(naming) { }

MappingPlans::~MappingPlans()
{
    qDeleteAll(m_mappers);
}

Result<const Mapper *> MappingPlans::mapper(const QMetaObject &metaObject)
{
    QMutexLocker locker(&m_mutex);
    if (const Mapper *m = m_mappers.value(&metaObject))
        return m;
    auto meta = EntityMeta::of(metaObject);
    if (!meta)
        return meta.error();
    auto m = std::make_unique<Mapper>(meta.value(), *m_grammar, m_naming);
    if (Error e = m->mappingError(); e.isValid())
        return e;
    m_mappers.insert(&metaObject, m.get());
    return static_cast<const Mapper *>(m.release());
}

} // namespace qorm::detail
