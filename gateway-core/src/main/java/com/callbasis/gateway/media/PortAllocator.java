package com.callbasis.gateway.media;

import io.netty.channel.unix.Errors;
import java.net.BindException;
import java.util.BitSet;

/**
 * Hands out port pairs from the configured range: an even RTP port p and the RTCP port p + 1
 * (RFC 3550 s.11: "RTP SHOULD use an even destination port number and the corresponding RTCP
 * stream SHOULD use the next higher (odd) destination port number").
 *
 * <p>Pairs are taken round-robin from a cursor rather than lowest-first, so a port just freed by a
 * finished call is the last one reused: late packets from that call's peers then reach nobody
 * instead of a new call. Ports another process holds are found by trying to bind them and skipped.
 * Thread-safe; the lock is not held while binding.
 */
final class PortAllocator {
    /** Linux errno EADDRINUSE; the epoll transport only exists on Linux. */
    private static final int EADDRINUSE = 98;

    /** Binds both ports of the pair starting at {@code rtpPort}, or throws without leaving either bound. */
    @FunctionalInterface
    interface PairBinder<T> {
        T bind(int rtpPort) throws Exception;
    }

    private final int firstPort;
    private final int pairs;
    private final BitSet reserved;
    private int cursor;
    private int reservedCount;

    /**
     * @throws IllegalArgumentException when the range is outside 1..65535 or holds no even/odd pair
     */
    PortAllocator(int portMin, int portMax) {
        if (portMin < 1 || portMax > 65535 || portMin > portMax) {
            throw new IllegalArgumentException("media port range must lie within 1..65535 with min <= max, got " + portMin + ".." + portMax);
        }
        this.firstPort = (portMin & 1) == 0 ? portMin : portMin + 1;
        this.pairs = firstPort + 1 > portMax ? 0 : (portMax - firstPort + 1) / 2;
        if (pairs == 0) {
            throw new IllegalArgumentException("media port range " + portMin + ".." + portMax + " holds no even RTP port with its odd RTCP port");
        }
        this.reserved = new BitSet(pairs);
    }

    /** How many RTP/RTCP pairs the range holds. */
    int capacityPairs() {
        return pairs;
    }

    /** Ports (RTP and RTCP) currently handed out. */
    synchronized int portsInUse() {
        return reservedCount * 2;
    }

    /**
     * Reserves the next free pair and binds it with {@code binder}. A pair that fails with "address in
     * use" is skipped; any other bind failure (address not local, privileged port) would fail for every
     * pair alike, so it ends the search at once.
     *
     * @throws MediaException when every pair is reserved or none could be bound
     */
    <T> T allocate(PairBinder<T> binder) throws MediaException {
        Exception lastInUse = null;
        for (int attempt = 0; attempt < pairs; attempt++) {
            int port = reserveNext();
            if (port < 0) {
                break;
            }
            try {
                return binder.bind(port);
            } catch (Exception e) {
                release(port);
                if (!isAddressInUse(e)) {
                    throw new MediaException("cannot bind media port " + port + ": " + e.getMessage(), e);
                }
                lastInUse = e;
            }
        }
        throw lastInUse == null
                ? new MediaException("media port range exhausted (" + pairs + " pairs)")
                : new MediaException("no free media port pair in range: all taken by this or other processes", lastInUse);
    }

    private synchronized int reserveNext() {
        if (reservedCount == pairs) {
            return -1;
        }
        int i = reserved.nextClearBit(cursor);
        if (i >= pairs) {
            i = reserved.nextClearBit(0);
        }
        reserved.set(i);
        reservedCount++;
        cursor = i + 1 == pairs ? 0 : i + 1;
        return firstPort + 2 * i;
    }

    /** Returns the pair starting at {@code rtpPort}; releasing a pair that is not reserved is a bug. */
    synchronized void release(int rtpPort) {
        int i = (rtpPort - firstPort) / 2;
        if (rtpPort < firstPort || (rtpPort - firstPort) % 2 != 0 || i >= pairs || !reserved.get(i)) {
            throw new IllegalStateException("port " + rtpPort + " was not allocated");
        }
        reserved.clear(i);
        reservedCount--;
    }

    static boolean isAddressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            if (t instanceof Errors.NativeIoException n && Math.abs(n.expectedErr()) == EADDRINUSE) {
                return true;
            }
        }
        return false;
    }
}
