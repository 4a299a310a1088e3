package com.callbasis.config;

import java.time.Duration;

/**
 * Bounds on SIP stream connections (TCP, TLS) that peers open to the gateway, so that idle or
 * dripping connections cannot use up the process's file descriptors (issue 12, item 1).
 *
 * @param max inbound connections open at once, all sources together; the gateway lowers it at start
 *     when the process's descriptor limit leaves less room beside the media range (docs/configuration.md)
 * @param maxPerSource inbound connections open at once from one IP address
 * @param messageTimeout how long one message may take to arrive from its first byte, and how long a
 *     new inbound connection may take to deliver its first message (a CRLF keep-alive counts); a
 *     connection over it is closed, however steadily it drips
 * @param idleTimeout a connection with no traffic at all this long is closed (peers keep theirs open
 *     with CRLF keep-alives, RFC 5626)
 */
public record ConnectionLimits(int max, int maxPerSource, Duration messageTimeout, Duration idleTimeout) {
    public static final ConnectionLimits DEFAULT = new ConnectionLimits(10_000, 256, Duration.ofSeconds(10), Duration.ofSeconds(600));
}
