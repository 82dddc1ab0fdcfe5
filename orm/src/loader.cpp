// SPDX-License-Identifier: MIT
#include "loader_p.h"

#include "session_p.h"


namespace qorm::detail {

Loader::Loader(SessionPrivate &session, const Mapper &mapper, QueryBase::Factory factory, const QString &sql)
    : m_session(session), m_mapper(mapper), m_factory(factory), m_sql(sql)
{
}

Error Loader::unreadable(int column, const QVariant &raw, bool key) const
{
    const ColumnMeta &c = m_mapper.meta->columns()[column];
    return Error(Error::Kind::TypeMismatch,
                 QStringLiteral("%1.%2: the stored %3 %4 cannot be read as %5")
                         .arg(m_mapper.meta->className(), c.property, key ? QStringLiteral("key") : QStringLiteral("value"),
                              raw.toString(), QString::fromLatin1(c.type->valueType.name())),
                 m_sql);
}

Result<std::shared_ptr<Entity>> Loader::loadRow(const RowSource &row, int offset)
{
    const EntityMeta *meta = m_mapper.meta;
    const auto &columns = meta->columns();
    const QList<int> &pk = meta->primaryKey();
    m_keyParts.clear();
    bool ok = true;
    for (int c : pk) {
        m_keyParts.append(m_mapper.valueTypeValue(c, row.value(offset + c), &ok));
        if (!ok)
            return unreadable(c, row.value(offset + c), true);
    }
    IdentityKey key = m_keyParts.size() == 1 ? IdentityKey(meta->metaObject(), m_keyParts.first())
                                             : IdentityKey(meta->metaObject(), m_keyParts);
    if (EntityState *existing = m_session.identity.find(key))
        if (auto alive = existing->weak.lock())
            return alive;

    Entity *created = m_factory ? m_factory() : qobject_cast<Entity *>(meta->metaObject()->newInstance());
    if (!created)
        return Error(Error::Kind::Mapping,
                     QStringLiteral("%1: cannot construct an instance (declare a Q_INVOKABLE default constructor)").arg(meta->className()));
    std::shared_ptr<Entity> entity(created);
    for (qsizetype c = 0; c < columns.size(); ++c) {
        const ColumnCodec &codec = m_mapper.codecs.at(c);
        if (const qsizetype k = pk.indexOf(int(c)); k >= 0) { // converted already, for the key
            codec.setValue(entity.get(), m_keyParts.at(k)); // untracked yet: not a change
            continue;
        }
        const QVariant raw = row.value(offset + int(c));
        const QVariant v = codec.fromDatabase(raw, &ok);
        if (!ok)
            return unreadable(int(c), raw, false);
        codec.setValue(entity.get(), v);
    }
    EntityState *state = m_session.track(entity, &m_mapper, Entity::State::Persistent);
    state->key = std::move(key);
    m_session.identity.insert(state);
    m_session.uow.snapshot(state);
    return entity;
}

Result<QList<std::shared_ptr<Entity>>> Loader::loadAll(RowSource &rows, int offset)
{
    QList<std::shared_ptr<Entity>> result;
    while (rows.next()) {
        auto entity = loadRow(rows, offset);
        if (!entity) {
            rows.finish();
            return entity.error();
        }
        result.append(std::move(entity.value()));
    }
    if (const Error e = rows.error(m_sql); e.isValid()) {
        rows.finish();
        return e;
    }
    rows.finish();
    return result;
}

} // namespace qorm::detail
