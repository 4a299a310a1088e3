package com.callbasis.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * An objection under Art. 21: from {@code at} on, recording this subject for this tenant on legitimate
 * interests or public task stops.
 *
 * @param subjectKey pseudonymous key of the data subject, see {@link PolicyEngine#subjectKey(String)}
 * @param tenant tenant (controller) objected to
 * @param method how it was raised, e.g. {@code ivr-dtmf}, {@code agent}, {@code letter}
 * @param at when it was raised
 */
public record ObjectionRecord(String subjectKey, String tenant, String method, Instant at) {
    public ObjectionRecord {
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(at, "at");
    }
}
