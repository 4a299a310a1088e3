package com.callbasis.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link ObjectionRegistry} in memory, for tests and the command line. */
public final class InMemoryObjectionRegistry implements ObjectionRegistry {
    private final Map<List<String>, ObjectionRecord> byKey = new ConcurrentHashMap<>();

    @Override
    public Optional<ObjectionRecord> find(String subjectKey, String tenant, Instant at) {
        ObjectionRecord o = byKey.get(List.of(subjectKey, tenant));
        return o != null && !o.at().isAfter(at) ? Optional.of(o) : Optional.empty();
    }

    @Override
    public void record(ObjectionRecord objection) {
        // keep the earliest: an objection, once raised, stands
        byKey.merge(List.of(objection.subjectKey(), objection.tenant()), objection,
                (old, neu) -> neu.at().isBefore(old.at()) ? neu : old);
    }
}
