package com.callbasis.gateway.sip.transaction;

import java.time.Duration;

/**
 * Schedules the transaction and call timers. Production uses the SIP event loop; tests use
 * {@code ManualTimerService} and advance time by hand, so timers A-K are tested without waiting.
 * Every task runs on the SIP core thread.
 */
public interface TimerService {
    Timeout schedule(Duration delay, Runnable task);

    /**
     * Runs {@code task} on the SIP core thread as soon as it is free. Safe from any thread: this is how
     * the media threads hand DTMF and prompt events to the B2BUA.
     */
    default void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    /** Milliseconds on this service's clock (monotonic; for durations only). */
    long nowMillis();

    /** A scheduled task that can be cancelled; cancelling twice or after it ran is harmless. */
    interface Timeout {
        void cancel();
    }
}
