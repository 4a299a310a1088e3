package com.callbasis.gateway.sip;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN that a flood would repeat thousands of times a second: logged at most once per interval,
 * with the count of the ones suppressed since, so the log stays readable and cheap under attack.
 */
public final class RateLimitedWarning {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedWarning(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    public void warn(String format, Object... args) {
        long now = System.nanoTime();
        long due = next.get();
        if ((due != Long.MIN_VALUE && now - due < 0) || !next.compareAndSet(due, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long n = suppressed.getAndSet(0);
        log.warn(n == 0 ? format : format + " ({} more like it suppressed)", n == 0 ? args : append(args, n));
    }

    private static Object[] append(Object[] args, long n) {
        Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = n;
        return out;
    }
}
