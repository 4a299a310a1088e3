package com.callbasis.config;

import java.time.Duration;

/**
 * The brake on new calls (issue 12, item 3): each source address may start {@code newCallsPerSecond}
 * calls a second on average, in bursts of up to {@code burst}; an INVITE over it is answered at once
 * with a stateless 503 and {@code Retry-After}, before any transaction, media port or policy decision.
 *
 * @param maxSources distinct source addresses tracked at once; when a flood from more (spoofed UDP)
 *     fills the table, new sources are refused until it drains, and tracked sources keep their rate
 * @param maxCallsPerSource calls from one source at once (ringing, answered or awaiting their ACK), so
 *     that calls admitted at the allowed rate but never completed cannot fill the media range either
 */
public record CallAdmission(double newCallsPerSecond, int burst, Duration retryAfter, int maxSources, int maxCallsPerSource) {
    public static final CallAdmission DEFAULT = new CallAdmission(200, 400, Duration.ofSeconds(5), 65_536, 1000);
}
