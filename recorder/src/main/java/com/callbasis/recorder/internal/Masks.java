package com.callbasis.recorder.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Stretches of the call timeline (in frames) that are written as silence on both channels: PCI
 * pauses and suppressed DTMF events. Not thread-safe; guarded by the recorder's lock.
 */
final class Masks {
    static final long OPEN = Long.MAX_VALUE;

    static final class Mask {
        final boolean pause;
        long start;
        long end;

        Mask(boolean pause, long start, long end) {
            this.pause = pause;
            this.start = start;
            this.end = end;
        }
    }

    private final List<Mask> masks = new ArrayList<>();

    Mask add(boolean pause, long start, long end) {
        Mask m = new Mask(pause, start, Math.max(start, end));
        masks.add(m);
        return m;
    }

    /** True when [a, b) lies within one mask. */
    boolean covers(long a, long b) {
        for (Mask m : masks) {
            if (m.start <= a && b <= m.end) {
                return true;
            }
        }
        return false;
    }

    boolean pausedAt(long pos) {
        for (Mask m : masks) {
            if (m.pause && m.start <= pos && pos < m.end) {
                return true;
            }
        }
        return false;
    }

    /** The first pause boundary strictly inside (from, to), or {@code to}. */
    long nextPauseBoundary(long from, long to) {
        long b = to;
        for (Mask m : masks) {
            if (m.pause) {
                if (m.start > from && m.start < b) {
                    b = m.start;
                }
                if (m.end > from && m.end < b) {
                    b = m.end;
                }
            }
        }
        return b;
    }

    /** Zeroes both channels where masks intersect [from, from + n). */
    void apply(short[] left, short[] right, long from, int n) {
        long to = from + n;
        for (Mask m : masks) {
            long a = Math.max(m.start, from);
            long b = Math.min(m.end, to);
            if (b > a) {
                int i = (int) (a - from);
                int j = (int) (b - from);
                java.util.Arrays.fill(left, i, j, (short) 0);
                java.util.Arrays.fill(right, i, j, (short) 0);
            }
        }
    }

    /** Forgets masks that end before {@code pos}. */
    void prune(long pos) {
        for (Iterator<Mask> it = masks.iterator(); it.hasNext(); ) {
            if (it.next().end < pos) {
                it.remove();
            }
        }
    }

    int size() {
        return masks.size();
    }
}
