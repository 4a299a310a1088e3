package com.callbasis.policy;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How long a recording is kept (Art. 5(1)(e)): the policy's retention class, its period and the
 * instant the recording must be erased, counted from the call's start; and, when the class declares
 * one, its minimum: a floor (MiFID II's five years) before which neither erasure nor deletion is
 * allowed, even if the expiry is later extended or a subject asks for erasure.
 *
 * @param retentionClass the class named by the rule, e.g. {@code mifid}
 * @param period the class's ISO-8601 period, e.g. {@code P5Y}
 * @param expiresAt call time plus period, in UTC
 * @param minimum the class's minimum, e.g. {@code P5Y}; null when it declares none
 * @param minimumUntil call time plus minimum, in UTC; null exactly when {@code minimum} is
 */
public record Retention(String retentionClass, Period period, Instant expiresAt, Period minimum, Instant minimumUntil) {
    public Retention {
        Objects.requireNonNull(retentionClass);
        Objects.requireNonNull(period);
        Objects.requireNonNull(expiresAt);
        if ((minimum == null) != (minimumUntil == null)) {
            throw new IllegalArgumentException("a retention minimum and the instant it ends go together");
        }
    }

    /** A retention without a minimum: the recording may be erased (where the basis allows) at any time. */
    public Retention(String retentionClass, Period period, Instant expiresAt) {
        this(retentionClass, period, expiresAt, null, null);
    }

    static Retention from(String retentionClass, Period period, Period minimum, Instant start) {
        return new Retention(retentionClass, period, plus(start, period), minimum,
                minimum == null ? null : plus(start, minimum));
    }

    private static Instant plus(Instant start, Period p) {
        return start.atZone(ZoneOffset.UTC).plus(p).toInstant();
    }
}
