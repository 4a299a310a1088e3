package com.callbasis.config;

import java.time.Duration;

/**
 * Bounds on calls.
 *
 * @param noAnswerTimeout ring time after which the caller gets 408 and the callee a CANCEL
 * @param maxDuration established calls older than this are torn down with BYE on both legs, so a
 *     call whose BYE was lost does not stay (and hold media ports) for ever
 * @param maxCalls concurrent calls; beyond it new INVITEs get 503 with Retry-After
 */
public record CallLimits(Duration noAnswerTimeout, Duration maxDuration, int maxCalls) {
    public static final CallLimits DEFAULT = new CallLimits(Duration.ofSeconds(60), Duration.ofHours(4), 10_000);
}
