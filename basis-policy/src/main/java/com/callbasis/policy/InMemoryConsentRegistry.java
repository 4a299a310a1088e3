package com.callbasis.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ConsentRegistry} in memory, for tests and the command line. Keeps history, never forgets a withdrawal. */
public final class InMemoryConsentRegistry implements ConsentRegistry {
    private final Map<List<String>, List<ConsentRecord>> byKey = new ConcurrentHashMap<>();

    @Override
    public Optional<ConsentRecord> find(String subjectKey, String tenant, String purpose, Instant at) {
        List<ConsentRecord> list = byKey.get(List.of(subjectKey, tenant, purpose));
        if (list == null) {
            return Optional.empty();
        }
        synchronized (list) {
            for (int i = list.size() - 1; i >= 0; i--) {
                if (list.get(i).activeAt(at)) {
                    return Optional.of(list.get(i));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void record(ConsentRecord consent) {
        List<ConsentRecord> list = byKey.computeIfAbsent(List.of(consent.subjectKey(), consent.tenant(), consent.purpose()),
                k -> new ArrayList<>());
        synchronized (list) {
            list.add(consent);
        }
    }

    @Override
    public boolean withdraw(String subjectKey, String tenant, String purpose, Instant at) {
        List<ConsentRecord> list = byKey.get(List.of(subjectKey, tenant, purpose));
        if (list == null) {
            return false;
        }
        boolean any = false;
        synchronized (list) {
            for (int i = 0; i < list.size(); i++) {
                ConsentRecord c = list.get(i);
                if (c.withdrawnAt() == null && !c.givenAt().isAfter(at)) {
                    list.set(i, c.withdrawn(at));
                    any = true;
                }
            }
        }
        return any;
    }
}
