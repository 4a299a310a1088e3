package com.callbasis.gateway.media;

import java.net.InetSocketAddress;

/**
 * What one side's peer announced in SDP, plus the sources latched from it. A new instance is
 * published on every {@link MediaStream#setRemote}, which is how a re-INVITE resets latching without
 * a lock: the announced addresses are immutable, the latched ones are written and read only on the
 * stream's event loop, and a stale instance is simply dropped.
 */
final class Peer {
    /** Where RTP goes; null while unknown or on hold. */
    final InetSocketAddress rtp;
    /** Where RTCP goes; equal to {@link #rtp} under rtcp-mux (RFC 5761). Null when {@code rtp} is. */
    final InetSocketAddress rtcp;
    /** False until the first {@code setRemote}: before that nothing may latch, not even with latching on. */
    final boolean announced;

    /** Event-loop confined. */
    InetSocketAddress latchedRtp;
    /** Event-loop confined. */
    InetSocketAddress latchedRtcp;

    private Peer(InetSocketAddress rtp, InetSocketAddress rtcp, boolean announced) {
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.announced = announced;
    }

    static Peer unannounced() {
        return new Peer(null, null, false);
    }

    /**
     * Normalises what SDP said. A wildcard address (RFC 3264 s.8.4 hold with c=0.0.0.0) or port 0 (a
     * rejected m-line) means "send nothing". A missing RTCP address means the RTP port + 1 (RFC 3550
     * s.11, RFC 3605 absent).
     */
    static Peer announced(InetSocketAddress rtp, InetSocketAddress rtcp) {
        if (rtp == null || rtp.getAddress() == null || rtp.getAddress().isAnyLocalAddress() || rtp.getPort() == 0) {
            return new Peer(null, null, true);
        }
        InetSocketAddress c = rtcp != null && rtcp.getAddress() != null && rtcp.getPort() != 0
                ? rtcp
                : new InetSocketAddress(rtp.getAddress(), Math.min(rtp.getPort() + 1, 65535));
        return new Peer(rtp, c, true);
    }

    boolean muxed() {
        return rtcp != null && rtcp.equals(rtp);
    }

    /** Where RTP for this peer goes: the latched source if any (NAT), else the announced address. */
    InetSocketAddress rtpDestination() {
        if (rtp == null) {
            return null;
        }
        return latchedRtp != null ? latchedRtp : rtp;
    }

    InetSocketAddress rtcpDestination() {
        if (rtp == null) {
            return null;
        }
        if (muxed()) {
            return rtpDestination();
        }
        return latchedRtcp != null ? latchedRtcp : rtcp;
    }
}
