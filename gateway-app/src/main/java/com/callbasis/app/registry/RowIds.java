package com.callbasis.app.registry;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Row ids that sort in the order rows were recorded: the DAOs break ties by id, and the in-memory
 * registries answer with the most recently recorded consent and the first recorded of equally early
 * objections. A fixed-width hex microsecond counter, strictly increasing within this process (shared by
 * every registry, so a reopened one continues the order), then a random UUID so that gateways sharing
 * one database never collide; across gateways the order is as good as their clocks.
 */
final class RowIds {
    private static final AtomicLong LAST = new AtomicLong();

    private RowIds() {}

    static String next() {
        long now = Math.multiplyExact(System.currentTimeMillis(), 1000L);
        long seq = LAST.accumulateAndGet(now, (prev, t) -> Math.max(prev + 1, t));
        return String.format("%016x-%s", seq, UUID.randomUUID());
    }
}
