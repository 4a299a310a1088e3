package com.callbasis.app.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The metadata database keeps instants in milliseconds. Sub-millisecond instants are rounded toward
 * "no consent" and "objected": consent starts late and ends early, an objection starts early.
 */
final class Millis {
    private Millis() {}

    static Instant floor(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS);
    }

    static Instant ceil(Instant t) {
        Instant f = floor(t);
        return f.equals(t) ? t : f.plusMillis(1);
    }
}
