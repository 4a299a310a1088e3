package com.callbasis.gateway.media;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One anchored media stream (one SDP m-line): a pair of gateway ports facing each side. RTP from one
 * side's peer goes out, unchanged but for SRTP, to the other side's peer (RFC 3550 s.7.1: the gateway
 * is a translator that keeps SSRCs and sequence numbers intact).
 *
 * <p>The gateway can also be a media source on one side ({@link #playPrompt}), and stop bridging
 * what one side sends ({@link #setForwarding}), for spoken notices and consent prompts.
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
    private final AtomicLongArray withheld = new AtomicLongArray(2);
    private final AtomicLongArray sent = new AtomicLongArray(2);
    /** The current playback towards each side; written from any thread, a done one is stale. */
    private final AtomicReferenceArray<Playback> playbacks = new AtomicReferenceArray<>(2);
    private volatile boolean closed;

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

    /**
     * Whether what {@code from}'s peer sends is passed on to the other side (the default) or only
     * heard: still source-checked, SRTP-unprotected and shown to the session's {@link MediaTap} (which
     * listens for DTMF, RFC 4733), but withheld from the other party, RTCP included (its reports would
     * describe a prompt the other side never got). Withheld packets are counted by
     * {@link #withheld(Side)} and {@code media.packets.withheld}, not as drops. Takes effect with the
     * next packet.
     *
     * <p>A prompt does not change this by itself: to play a notice to the caller alone, withhold
     * both sides for its duration (the callee's audio would otherwise reach the caller over the
     * prompt, and the caller's digits the callee).
     */
    public void setForwarding(Side from, boolean forward) {
        leg(Objects.requireNonNull(from, "from")).forwarding = forward;
    }

    public boolean forwarding(Side from) {
        return leg(from).forwarding;
    }

    /**
     * Plays {@code frames} to {@code to}'s peer: the gateway sends them itself from its socket facing
     * that side (symmetric RTP, RFC 4961), one every 20 ms, as RTP version 2 with a random SSRC of its
     * own, random first sequence number and timestamp, the marker bit on the first packet (RFC 3551
     * s.4.1), sequence numbers +1 and the timestamp +{@code timestampStep} per frame; protected with
     * that side's {@link PacketTransform} (SRTP) when one is set, exactly as relayed packets are. No
     * RTCP sender reports are sent for the prompt's SSRC.
     *
     * <p>Each frame goes to the peer's destination at its time (the latched source, else the announced
     * address). When there is none (on hold with c=0.0.0.0 or a null address, or not yet announced)
     * the frame is not sent and counted so, but the prompt's clock goes on: a hold in the middle
     * leaves a gap, the timestamps after it jump by the time held, the next packet sent carries the
     * marker again, and the playback still completes at its time. The listener's result tells how
     * many frames were not sent; whether to play again is the caller's decision.
     *
     * <p>A second prompt to the same side replaces the first, whose listener is told
     * {@link PromptListener#cancelled}. Prompts to the two sides play independently. Closing the
     * stream or its session cancels them. Safe from any thread (the SIP core's); sending and the
     * listener run on the session's event loop. Playing starts within 20 ms.
     */
    public PromptPlayback playPrompt(Side to, PromptFrames frames, PromptListener listener) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(listener, "listener");
        PromptTicker ticker = session.ticker();
        Playback p = new Playback(this, to, frames, listener, ticker);
        Playback replaced = playbacks.getAndSet(to.ordinal(), p);
        ticker.submit(replaced, p);
        return p;
    }

    /** Whether a prompt is being played to {@code to}'s peer. */
    public boolean playing(Side to) {
        Playback p = playbacks.get(to.ordinal());
        return p != null && !p.isDone();
    }

    /** Packets the gateway itself sent to {@code to}'s peer (prompt frames). */
    public long sent(Side to) {
        return sent.get(to.ordinal());
    }

    /** Packets from {@code from}'s peer accepted but not forwarded because forwarding was off. */
    public long withheld(Side from) {
        return withheld.get(from.ordinal());
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
        increment(relayed, from);
    }

    void countDropped(Side from) {
        increment(dropped, from);
    }

    void countWithheld(Side from) {
        increment(withheld, from);
    }

    void countSent(Side to) {
        increment(sent, to);
    }

    /** Single writer (the loop), so get+lazySet is an exact, cheap increment. */
    private static void increment(AtomicLongArray counts, Side side) {
        int i = side.ordinal();
        counts.lazySet(i, counts.get(i) + 1);
    }

    boolean isClosed() {
        return closed;
    }

    /** On the loop, when {@code p} ended: it is no longer the side's current playback. */
    void playbackEnded(Playback p) {
        playbacks.compareAndSet(p.to.ordinal(), p, null);
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
     * Playbacks are cancelled (the ticker also drops those of a closed stream at its next tick).
     */
    void close(PortAllocator ports) {
        closed = true;
        for (Side side : Side.values()) {
            Playback p = playbacks.getAndSet(side.ordinal(), null);
            if (p != null) {
                p.cancel();
            }
        }
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
