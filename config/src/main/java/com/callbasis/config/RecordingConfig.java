package com.callbasis.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How calls become recordings: which SIP headers carry the call facts the policy engine needs, and
 * the recorder's settings.
 *
 * @param enabled false: media is still anchored and decisions are still made and logged, but
 *     nothing is recorded (for a gateway that must only signal the decision)
 * @param headers the SIP headers the facts are read from
 * @param direction the call direction when no direction header is present ({@code inbound}: the
 *     customer called the contact centre)
 * @param sealEvery how much audio may be lost in a crash: the store seals a chunk this often
 * @param reorderDepth how long the recorder waits for late packets before writing silence
 * @param lossThreshold loss ratio per leg above which a recording is flagged
 * @param maxActivePerSource recordings that calls from one source address (the INVITE's sender) may
 *     have running at once; beyond it a call decided {@code RECORD} is not recorded (audited
 *     {@code recording.not-started}, reason {@code source_limit}). With the maximum call duration it
 *     bounds the disk one peer can make the gateway write (issue 12, item 4: a flood of answered calls
 *     left gigabytes of recordings)
 */
public record RecordingConfig(boolean enabled, Headers headers, String direction, Duration sealEvery,
                              Duration reorderDepth, double lossThreshold, int maxActivePerSource) {
    public static final RecordingConfig DEFAULT = new RecordingConfig(true, Headers.DEFAULT, "inbound",
            Duration.ofSeconds(5), Duration.ofMillis(60), 0.01, 1000);

    /** With the default {@code maxActivePerSource}. */
    public RecordingConfig(boolean enabled, Headers headers, String direction, Duration sealEvery,
                           Duration reorderDepth, double lossThreshold) {
        this(enabled, headers, direction, sealEvery, reorderDepth, lossThreshold, DEFAULT.maxActivePerSource());
    }

    /**
     * Header names of the call facts. An empty tenant header means the route's tenant always applies;
     * otherwise the header (when present) overrides it, so one trunk can carry several tenants.
     */
    public record Headers(Optional<String> tenant, String direction, String queue, String purpose, String agent,
                          String consentToken, String emergency, String control) {
        public static final Headers DEFAULT = new Headers(Optional.empty(), "X-Call-Direction", "X-Queue", "X-Purpose",
                "X-Agent", "X-Consent-Token", "X-Emergency", "X-Recording-Control");
    }
}
