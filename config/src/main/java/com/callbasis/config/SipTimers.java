package com.callbasis.config;

import java.time.Duration;

/**
 * RFC 3261 s.17 timer bases. T1 is the RTT estimate, T2 the cap on non-INVITE retransmit
 * intervals, T4 how long a message may stay in the network.
 */
public record SipTimers(Duration t1, Duration t2, Duration t4) {
    public static final SipTimers RFC3261 = new SipTimers(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(5));
}
