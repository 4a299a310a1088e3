package com.callbasis.policy;

import java.time.Instant;
import java.util.Optional;

/** Art. 21 objections. Implementations must be thread-safe. */
public interface ObjectionRegistry {
    /** The earliest objection raised by this subject to this tenant at or before {@code at}, if any. */
    Optional<ObjectionRecord> find(String subjectKey, String tenant, Instant at);

    void record(ObjectionRecord objection);
}
