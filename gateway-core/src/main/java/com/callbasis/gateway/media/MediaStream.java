package com.callbasis.gateway.media;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One anchored media stream (one SDP m-line): a pair of gateway ports facing each side. RTP from one
 * side's peer goes out, unchanged but for SRTP, to the other side's peer (RFC 3550 s.7.1: the gateway
 * is a translator that keeps SSRCs and sequence numbers intact).
 *
 * <p>Methods are safe from any thread; forwarding itself happens on the session's event loop.
 */
public final class MediaStream {
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final MediaSession session;
    private final Leg caller;
    private final Leg callee;
    // Written only on the loop (single writer), so get+lazySet is an exact, cheap increment.
    private final AtomicLongArray relayed = new AtomicLongArray(2);
    private final AtomicLongArray dropped = new AtomicLongArray(2);

    MediaStream(MediaSession session, Leg caller, Leg callee) {
        this.session = session;
        this.caller = caller;
        this.callee = callee;
    }

    /** Where the peer on {@code side} must send RTP: the gateway address and this side's RTP port. */
    public InetSocketAddress localRtp(Side side) {
        return leg(side).localRtp;
    }

    /** The RTCP port for {@code side} (RTP port + 1; advertise it with a=rtcp only when asked, RFC 3605). */
    public int localRtcpPort(Side side) {
        return leg(side).rtpPort + 1;
    }

    /**
     * Records what the peer on {@code side} announced in SDP. A null (or 0.0.0.0, or port 0) RTP
     * address means unknown or on hold: nothing is sent to that peer. {@code rtcp} may equal
     * {@code rtp} (rtcp-mux, RFC 5761); null means RTP port + 1. Resets latching for that side, so
     * a re-INVITE moving the peer to a new address takes effect with its next packet.
     */
    public void setRemote(Side side, InetSocketAddress rtp, InetSocketAddress rtcp) {
        Objects.requireNonNull(side, "side");
        if ((rtp != null && rtp.isUnresolved()) || (rtcp != null && rtcp.isUnresolved())) {
            throw new IllegalArgumentException("remote media address must be resolved (SDP carries IP literals)");
        }
        leg(side).peer = Peer.announced(rtp, rtcp);
    }

    /** SRTP (RFC 3711) for {@code side}'s peer; null means plain RTP. Takes effect with the next packet. */
    public void setTransform(Side side, PacketTransform t) {
        leg(side).transform = t;
    }

    /** Packets from {@code from}'s peer that were forwarded to the other side (RTP and RTCP). */
    public long relayed(Side from) {
        return relayed.get(from.ordinal());
    }

    /** Packets from {@code from}'s peer that were discarded, for any reason. */
    public long dropped(Side from) {
        return dropped.get(from.ordinal());
    }

    Leg leg(Side side) {
        return side == Side.CALLER ? caller : callee;
    }

    MediaTap tap() {
        return session.tap();
    }

    void countRelayed(Side from) {
        int i = from.ordinal();
        relayed.lazySet(i, relayed.get(i) + 1);
    }

    void countDropped(Side from) {
        int i = from.ordinal();
        dropped.lazySet(i, dropped.get(i) + 1);
    }

    /** Called on the loop once the stream is complete; until then the sockets discard what they read. */
    void attachHandlers() {
        for (Leg l : new Leg[] {caller, callee}) {
            l.rtpHandler.attach(this);
            l.rtcpHandler.attach(this);
        }
    }

    /**
     * Closes the four sockets and returns both port pairs. Off the loop it waits for the sockets to be
     * closed, so the ports are bindable again when it returns; on the loop, closing is synchronous.
     */
    void close(PortAllocator ports) {
        for (Leg l : new Leg[] {caller, callee}) {
            closeLeg(l, ports);
        }
    }

    static void closeLeg(Leg l, PortAllocator ports) {
        var a = l.rtp.close();
        var b = l.rtcp.close();
        if (!l.rtp.eventLoop().inEventLoop()) {
            a.awaitUninterruptibly(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            b.awaitUninterruptibly(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
        ports.release(l.rtpPort);
    }
}
