package com.callbasis.policy;

import java.time.Instant;
import java.time.Period;
import java.util.Objects;

/**
 * How long a recording is kept (Art. 5(1)(e)): the policy's retention class, its period and the
 * instant the recording must be erased, counted from the call's start.
 *
 * @param retentionClass the class named by the rule, e.g. {@code mifid}
 * @param period the class's ISO-8601 period, e.g. {@code P5Y}
 * @param expiresAt call time plus period, in UTC
 */
public record Retention(String retentionClass, Period period, Instant expiresAt) {
    public Retention {
        Objects.requireNonNull(retentionClass);
        Objects.requireNonNull(period);
        Objects.requireNonNull(expiresAt);
    }

    static Retention from(String retentionClass, Period period, Instant start) {
        return new Retention(retentionClass, period, start.atZone(java.time.ZoneOffset.UTC).plus(period).toInstant());
    }
}
