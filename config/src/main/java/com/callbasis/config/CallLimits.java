package com.callbasis.config;

import java.time.Duration;

/**
 * Bounds on calls.
 *
 * @param noAnswerTimeout ring time after which the caller gets 408 and the callee a CANCEL
 * @param maxDuration established calls older than this are torn down with BYE on both legs, so a
 *     call whose BYE was lost does not stay (and hold media ports) for ever
 * @param maxCalls concurrent calls; beyond it new INVITEs get 503 with Retry-After
 * @param mediaTimeout an established call through which no RTP or RTCP has passed, in either direction,
 *     for this long is torn down with BYE on both legs (its recording is sealed): the media died, e.g.
 *     a phone lost power and its BYE never came. Zero: never
 * @param holdTimeout the same while the call is on hold (the latest SDP of a side is sendonly, recvonly
 *     or inactive), when a silent line is expected; zero: never
 */
public record CallLimits(Duration noAnswerTimeout, Duration maxDuration, int maxCalls, Duration mediaTimeout,
        Duration holdTimeout) {
    public static final CallLimits DEFAULT = new CallLimits(Duration.ofSeconds(60), Duration.ofHours(4), 10_000,
            Duration.ofSeconds(60), Duration.ofHours(1));

    public CallLimits(Duration noAnswerTimeout, Duration maxDuration, int maxCalls) {
        this(noAnswerTimeout, maxDuration, maxCalls, DEFAULT.mediaTimeout(), DEFAULT.holdTimeout());
    }
}
