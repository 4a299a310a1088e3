package com.callbasis.gateway.media;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The anchored media of one call: one {@link MediaStream} per SDP m-line, all on one event loop so
 * that a session's packets, its tap and its counters are handled by a single thread.
 */
public final class MediaSession implements AutoCloseable {
    /** Bounds what one call can take from the port range; real offers carry one to three m-lines. */
    static final int MAX_STREAMS = 16;
    private static final long ATTACH_WAIT_MILLIS = 5000;

    private final MediaRelay relay;
    private final EventLoop loop;
    private final PromptTicker ticker;
    private final Map<Integer, MediaStream> streams = new HashMap<>(); // guarded by this
    private boolean closed; // guarded by this
    private final boolean[] forwarding = {true, true}; // guarded by this
    private volatile MediaTap tap;

    MediaSession(MediaRelay relay, EventLoop loop, PromptTicker ticker) {
        this.relay = relay;
        this.loop = loop;
        this.ticker = ticker;
    }

    /**
     * The stream for SDP m-line {@code index} (0-based), binding an RTP/RTCP port pair facing each side
     * on first use. Blocks while binding, so it must not be called on the relay's own event loop.
     *
     * @throws MediaException when the port range is exhausted or the session is closed
     * @throws IllegalArgumentException when {@code index} is negative or not below {@value #MAX_STREAMS}
     */
    public MediaStream stream(int index) throws MediaException {
        if (index < 0 || index >= MAX_STREAMS) {
            throw new IllegalArgumentException("m-line index " + index + " outside 0.." + (MAX_STREAMS - 1));
        }
        synchronized (this) {
            if (closed) {
                throw new MediaException("media session already closed");
            }
            MediaStream s = streams.get(index);
            if (s != null) {
                return s;
            }
            Leg caller = relay.bindLeg(loop, Side.CALLER);
            Leg callee;
            try {
                callee = relay.bindLeg(loop, Side.CALLEE);
            } catch (MediaException | RuntimeException e) {
                MediaStream.closeLeg(caller, relay.ports());
                throw e;
            }
            MediaStream created = new MediaStream(this, caller, callee);
            for (Side side : Side.values()) {
                created.setForwarding(side, forwarding[side.ordinal()]);
            }
            // Wait for it: the loop serves socket reads before queued tasks, so without waiting the
            // first packets of an already announced peer could still find the handlers unattached.
            if (!loop.submit(created::attachHandlers).awaitUninterruptibly(ATTACH_WAIT_MILLIS)) {
                created.close(relay.ports());
                throw new MediaException("media event loop did not respond within " + ATTACH_WAIT_MILLIS + " ms");
            }
            streams.put(index, created);
            return created;
        }
    }

    /**
     * Where accepted RTP goes for recording (after SRTP unprotect, before forwarding); null for none.
     * Takes effect with the next packet.
     */
    public void setTap(MediaTap tap) {
        this.tap = tap;
    }

    MediaTap tap() {
        return tap;
    }

    PromptTicker ticker() {
        return ticker;
    }

    /** The event loop every stream of the session runs on (tests stall it). */
    EventLoop loop() {
        return loop;
    }

    /**
     * The session's media activity: packets that went through every stream, both directions, RTP and
     * RTCP: forwarded, withheld while a side was not bridged ({@link MediaStream#setForwarding}), and
     * sent by the gateway itself ({@link MediaStream#playPrompt}). The SIP core hangs up a call whose
     * count stops moving, so it must move while the gateway plays a notice or waits for consent digits
     * with the parties unbridged.
     */
    public synchronized long packetsRelayed() {
        long n = 0;
        for (MediaStream s : streams.values()) {
            for (Side side : Side.values()) {
                n += s.relayed(side) + s.withheld(side) + s.sent(side);
            }
        }
        return n;
    }

    /** Prompt packets the gateway itself sent on every stream of the session, to either side. */
    public synchronized long packetsSent() {
        long n = 0;
        for (MediaStream s : streams.values()) {
            n += s.sent(Side.CALLER) + s.sent(Side.CALLEE);
        }
        return n;
    }

    /** Whether a prompt is being played on any stream of the session. */
    public synchronized boolean playing() {
        for (MediaStream s : streams.values()) {
            if (s.playing(Side.CALLER) || s.playing(Side.CALLEE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link MediaStream#setForwarding} for every stream of the session, present and future: whether
     * what {@code from}'s peer sends reaches the other party.
     */
    public synchronized void setForwarding(Side from, boolean forward) {
        forwarding[from.ordinal()] = forward;
        for (MediaStream s : streams.values()) {
            s.setForwarding(from, forward);
        }
    }

    /**
     * Idempotent. Cancels every stream's prompts (their listeners are told, on the loop), closes the
     * streams' sockets and returns their ports to the allocator.
     */
    @Override
    public void close() {
        List<MediaStream> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(streams.values());
            streams.clear();
        }
        tap = null;
        for (MediaStream s : toClose) {
            s.close(relay.ports());
        }
        relay.sessionClosed(this);
    }
}
