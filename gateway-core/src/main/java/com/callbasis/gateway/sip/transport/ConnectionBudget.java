package com.callbasis.gateway.sip.transport;

import com.callbasis.config.MediaConfig;
import java.lang.management.ManagementFactory;

/**
 * How many inbound stream connections the process can afford: the configured maximum, lowered so
 * that the media range (one descriptor per port in use) and a reserve for HTTP, the store and logs
 * always have descriptors left, whatever SIP peers do (issue 12, item 1).
 */
final class ConnectionBudget {
    /** Descriptors kept for everything but SIP connections and media: HTTP, database, files, JVM. */
    static final int RESERVE = 256;
    /** Fewer than this and the gateway still accepts some connections (and warns at start). */
    static final int FLOOR = 16;
    /** Below this many the start-up line is a WARN: fewer connections than a busy site's peers may need. */
    static final int ENOUGH = 1024;

    private ConnectionBudget() {
    }

    /** @param maxDescriptors the process's limit, or a negative value when unknown (then only {@code configured} applies) */
    static int connections(int configured, long maxDescriptors, MediaConfig media) {
        if (maxDescriptors < 0) {
            return configured;
        }
        long room = maxDescriptors - (media.portMax() - media.portMin() + 1L) - RESERVE;
        return (int) Math.max(FLOOR, Math.min(configured, room));
    }

    /** The process's descriptor limit (soft), or -1 where the JVM cannot tell. */
    static long processLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u
                ? u.getMaxFileDescriptorCount() : -1;
    }
}
