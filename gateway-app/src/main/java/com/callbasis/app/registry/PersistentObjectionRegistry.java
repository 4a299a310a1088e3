package com.callbasis.app.registry;

import com.callbasis.policy.ObjectionRecord;
import com.callbasis.policy.ObjectionRegistry;
import com.callbasis.store.db.ObjectionDao;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ObjectionRegistry} in the crypto-store's metadata database, answering as
 * {@link com.callbasis.policy.InMemoryObjectionRegistry} does: the earliest objection (Art. 21) of the
 * subject to the tenant stands from when it was raised. Every objection is kept as evidence; the policy's
 * {@code method} is the store's {@code channel}.
 */
public final class PersistentObjectionRegistry implements ObjectionRegistry {
    private final ObjectionDao dao;

    public PersistentObjectionRegistry(ObjectionDao dao) {
        this.dao = Objects.requireNonNull(dao, "dao");
    }

    @Override
    public Optional<ObjectionRecord> find(String subjectKey, String tenant, Instant at) {
        Objects.requireNonNull(at, "at");
        try {
            // list is ordered by (objected_at, id) and ids by recording order: the first is the one kept in memory
            return dao.list(Objects.requireNonNull(tenant), Objects.requireNonNull(subjectKey)).stream()
                    .findFirst()
                    .filter(o -> !o.objectedAt().isAfter(at))
                    .map(o -> new ObjectionRecord(o.subjectKey(), o.tenant(), o.channel(), o.objectedAt()));
        } catch (SQLException e) {
            throw new RegistryStorageException("objection lookup", e);
        }
    }

    @Override
    public void record(ObjectionRecord o) {
        try {
            // rounded down: an objection takes effect no later than it was raised
            dao.record(new com.callbasis.store.db.ObjectionRecord(RowIds.next(), o.tenant(), o.subjectKey(),
                    Millis.floor(o.at()), o.method()));
        } catch (SQLException e) {
            throw new RegistryStorageException("objection record", e);
        }
    }
}
