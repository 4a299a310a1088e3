package com.callbasis.gateway.sip.transaction;

import com.callbasis.config.CallAdmission;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A token bucket per source address for new calls (initial INVITEs), so that one source's flood
 * cannot fill the media range or the transaction table (issue 12, item 3). Core thread only.
 */
final class NewCallAdmission {
    /** Why an INVITE was refused, as the metric's label. */
    static final String RATE = "rate";
    static final String SOURCES = "sources";

    private final double perNano;
    private final double burst;
    private final int maxSources;
    private final Map<InetAddress, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens;
        long at;
    }

    NewCallAdmission(CallAdmission limits) {
        this.perNano = limits.newCallsPerSecond() / 1e9;
        this.burst = limits.burst();
        this.maxSources = limits.maxSources();
    }

    /** Null when a new call from {@code source} may start now (and takes its token); else why not. */
    String admit(InetAddress source, long nowNanos) {
        Bucket b = buckets.get(source);
        if (b == null) {
            if (buckets.size() >= maxSources && !sweep(nowNanos)) {
                return SOURCES;
            }
            b = new Bucket();
            b.tokens = burst;
            b.at = nowNanos;
            buckets.put(source, b);
        }
        b.tokens = Math.min(burst, b.tokens + (nowNanos - b.at) * perNano);
        b.at = nowNanos;
        if (b.tokens < 1) {
            return RATE;
        }
        b.tokens -= 1;
        return null;
    }

    /** Forgets sources whose bucket has refilled (they are as new again); true when room was made. */
    private boolean sweep(long nowNanos) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket b = it.next();
            if (b.tokens + (nowNanos - b.at) * perNano >= burst) {
                it.remove();
            }
        }
        return buckets.size() < maxSources;
    }

    int trackedSources() {
        return buckets.size();
    }
}
