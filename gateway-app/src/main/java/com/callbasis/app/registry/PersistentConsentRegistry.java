package com.callbasis.app.registry;

import com.callbasis.policy.ConsentRecord;
import com.callbasis.policy.ConsentRegistry;
import com.callbasis.store.db.ConsentDao;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ConsentRegistry} in the crypto-store's metadata database, answering as
 * {@link com.callbasis.policy.InMemoryConsentRegistry} does: history is kept, a withdrawal is recorded
 * and never retroactive (Art. 7(3)), and the consent found is the most recently recorded one standing
 * at the decision's time. Subject keys arrive pseudonymous; this class never sees a number.
 */
public final class PersistentConsentRegistry implements ConsentRegistry {
    private final ConsentDao dao;

    public PersistentConsentRegistry(ConsentDao dao) {
        this.dao = Objects.requireNonNull(dao, "dao");
    }

    @Override
    public Optional<ConsentRecord> find(String subjectKey, String tenant, String purpose, Instant at) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(at, "at");
        try {
            // ids sort in recording order (RowIds): the greatest standing one is the in-memory answer
            return dao.history(Objects.requireNonNull(tenant), Objects.requireNonNull(subjectKey)).stream()
                    .filter(r -> r.purpose().equals(purpose) && toPolicy(r).activeAt(at))
                    .max(Comparator.comparing(com.callbasis.store.db.ConsentRecord::id))
                    .map(PersistentConsentRegistry::toPolicy);
        } catch (SQLException e) {
            throw new RegistryStorageException("consent lookup", e);
        }
    }

    @Override
    public void record(ConsentRecord c) {
        Instant withdrawn = c.withdrawnAt() == null ? null : Millis.floor(c.withdrawnAt());
        try {
            dao.record(new com.callbasis.store.db.ConsentRecord(RowIds.next(), c.tenant(), c.subjectKey(), c.purpose(),
                    c.method(), c.noticeVersion(), Millis.ceil(c.givenAt()), withdrawn));
        } catch (SQLException e) {
            throw new RegistryStorageException("consent record", e);
        }
    }

    @Override
    public boolean withdraw(String subjectKey, String tenant, String purpose, Instant at) {
        try {
            // every consent given by `at` (its ceiling: given_at was rounded up) ends at `at` (rounded down)
            return dao.withdrawGivenBy(Objects.requireNonNull(tenant), Objects.requireNonNull(subjectKey),
                    Objects.requireNonNull(purpose), Millis.ceil(at), Millis.floor(at)) > 0;
        } catch (SQLException e) {
            throw new RegistryStorageException("consent withdrawal", e);
        }
    }

    private static ConsentRecord toPolicy(com.callbasis.store.db.ConsentRecord r) {
        // rounding may leave a withdrawal a fraction of a millisecond before the rounded-up start:
        // clamp it to the start, an interval in which the consent never stood
        Instant withdrawn = r.withdrawnAt() == null || !r.withdrawnAt().isBefore(r.givenAt()) ? r.withdrawnAt() : r.givenAt();
        return new ConsentRecord(r.subjectKey(), r.tenant(), r.purpose(), r.method(), r.noticeVersion(), r.givenAt(),
                withdrawn);
    }
}
