package com.callbasis.gateway.media.srtp;

/**
 * Crypto contexts by SSRC, for one direction and protocol. RFC 3711 s.3.2.3: each SSRC has its own
 * cryptographic state (rollover counter, replay list, SRTCP index), so a stream that changes SSRC
 * gets a new context from the same master key.
 *
 * <p>Bounded: when full, the least recently used context is dropped, so a peer cycling SSRCs cannot
 * grow memory. A dropped stream that comes back starts over with ROC 0 and an empty replay list.
 * A linear scan is the right structure for the handful of SSRCs a call has; it does not box.
 */
final class SsrcContexts<T> {
    private final int[] ssrcs;
    private final Object[] contexts;
    private final long[] lastUse;
    private int size;
    private long clock;

    SsrcContexts(int capacity) {
        ssrcs = new int[capacity];
        contexts = new Object[capacity];
        lastUse = new long[capacity];
    }

    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        for (int i = 0; i < size; i++) {
            if (ssrcs[i] == ssrc) {
                lastUse[i] = ++clock;
                return (T) contexts[i];
            }
        }
        return null;
    }

    /** Adds a context for an SSRC that {@link #get} did not find, evicting the stalest when full. */
    void put(int ssrc, T context) {
        int slot = size;
        if (size == ssrcs.length) {
            slot = 0;
            for (int i = 1; i < size; i++) {
                if (lastUse[i] < lastUse[slot]) {
                    slot = i;
                }
            }
        } else {
            size++;
        }
        ssrcs[slot] = ssrc;
        contexts[slot] = context;
        lastUse[slot] = ++clock;
    }

    int size() {
        return size;
    }

    void clear() {
        java.util.Arrays.fill(contexts, null);
        size = 0;
    }
}
