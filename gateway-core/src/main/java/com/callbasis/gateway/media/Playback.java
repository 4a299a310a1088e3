package com.callbasis.gateway.media;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One prompt going out of one side's RTP socket: the RTP sender of RFC 3550 s.5.1 with its own SSRC,
 * a random first sequence number and timestamp, the marker bit on the first packet of each talkspurt
 * (RFC 3551 s.4.1). All fields but the two volatile ones are confined to the stream's event loop, and
 * only {@link PromptTicker} drives it.
 */
final class Playback implements PromptPlayback {
    private static final Logger LOG = LoggerFactory.getLogger(Playback.class);
    private static final int RTP_HEADER = 12;
    /** Room behind the payload for the largest SRTP tag (AES-GCM, RFC 7714), so protect grows in place. */
    private static final int TAG_ROOM = 16;
    /**
     * RFC 3550 s.5.1: the first sequence number and timestamp SHOULD be unpredictable, which makes
     * known-plaintext attacks on SRTP harder; s.8.1: the SSRC is random so it rarely collides.
     */
    private static final SecureRandom RANDOM = new SecureRandom();

    final MediaStream stream;
    final Side to;
    private final PromptFrames frames;
    private final PromptListener listener;
    private final PromptTicker ticker;
    private final int ssrc;
    private final int timestamp0;
    private int seq;

    /** Index of the next frame whose time has not come yet. */
    private int next;
    /** Due time of frame 0, on the ticker's grid ({@link System#nanoTime()}); set by {@link #begin}. */
    private long startNanos;
    int phase = -1;
    /** Set when a frame was not sent: the next one sent starts a new talkspurt. */
    private boolean marker = true;
    private long sent;
    private long late;
    private long notSent;
    private Instant startWall;
    private long firstNanos;

    private volatile long sentVisible;
    private volatile boolean done;

    Playback(MediaStream stream, Side to, PromptFrames frames, PromptListener listener, PromptTicker ticker) {
        this.stream = stream;
        this.to = to;
        this.frames = frames;
        this.listener = listener;
        this.ticker = ticker;
        this.ssrc = RANDOM.nextInt();
        this.seq = RANDOM.nextInt(0x10000);
        this.timestamp0 = RANDOM.nextInt();
    }

    @Override
    public void cancel() {
        if (done) {
            return;
        }
        try {
            ticker.loop().execute(() -> ticker.cancel(this));
        } catch (RejectedExecutionException e) {
            finish(false); // the relay is shut down: nothing can be sending any more
        }
    }

    @Override
    public long framesSent() {
        return sentVisible;
    }

    @Override
    public boolean isDone() {
        return done;
    }

    void begin(long startNanos, int phase) {
        this.startNanos = startNanos;
        this.phase = phase;
    }

    /**
     * Sends every frame due by {@code limit}; {@code now} judges lateness. Returns true when the last
     * frame's time has come. Counts into {@code results} by {@link PromptTicker} result index.
     */
    boolean advance(long now, long limit, long[] results) {
        int n = frames.frameCount();
        if (next >= n || startNanos + next * PromptTicker.FRAME_NANOS > limit) {
            return next >= n;
        }
        if (startWall == null) {
            startWall = Instant.now();
            firstNanos = now;
        }
        Leg leg = stream.leg(to);
        Channel out = leg.rtp;
        boolean wrote = false;
        do {
            long due = startNanos + next * PromptTicker.FRAME_NANOS;
            int result = send(leg, out, next);
            if (result == PromptTicker.SENT) {
                wrote = true;
                if (now - due > PromptTicker.LATE_NANOS) {
                    late++;
                    result = PromptTicker.LATE;
                }
            }
            results[result]++;
            next++;
        } while (next < n && startNanos + next * PromptTicker.FRAME_NANOS <= limit);
        if (wrote) {
            out.flush();
            sentVisible = sent;
        }
        return next >= n;
    }

    /** One frame out of {@code out} to the peer's current destination; a {@link PromptTicker} result index. */
    private int send(Leg leg, Channel out, int i) {
        InetSocketAddress target = leg.peer.rtpDestination();
        if (target == null) {
            return notSent(PromptTicker.NO_DESTINATION);
        }
        if (!out.isWritable()) {
            return notSent(PromptTicker.SEND_FAILED);
        }
        byte[] payload = frames.frame(i);
        ByteBuf buf = out.alloc().directBuffer(RTP_HEADER + payload.length + TAG_ROOM);
        buf.writeByte(0x80) // V=2, no padding, extension or CSRCs
                .writeByte((marker ? 0x80 : 0) | frames.payloadType())
                .writeShort(seq)
                .writeInt(timestamp0 + i * frames.timestampStep())
                .writeInt(ssrc)
                .writeBytes(payload);
        PacketTransform t = leg.transform;
        ByteBuf packet = buf;
        if (t != null) {
            try {
                packet = t.protectRtp(buf);
            } catch (RuntimeException e) {
                LOG.debug("protecting a prompt frame failed: {}", e.toString());
                if (buf.refCnt() > 0) {
                    buf.release();
                }
                packet = null;
            }
            if (packet == null) {
                return notSent(PromptTicker.SEND_FAILED); // released by the transform
            }
        }
        out.write(new DatagramPacket(packet, target), out.voidPromise());
        marker = false;
        seq = (seq + 1) & 0xFFFF;
        sent++;
        stream.countSent(to);
        return PromptTicker.SENT;
    }

    private int notSent(int result) {
        notSent++;
        marker = true;
        return result;
    }

    /** On the loop (or, once the loop is gone, on any thread): tells the listener, once. */
    void finish(boolean completed) {
        if (done) {
            return;
        }
        done = true;
        sentVisible = sent;
        stream.playbackEnded(this);
        long now = System.nanoTime();
        Instant end = Instant.now();
        PromptResult r = new PromptResult(sent, late, notSent, startWall != null ? startWall : end, end,
                startWall != null ? now - firstNanos : 0);
        try {
            if (completed) {
                listener.completed(r);
            } else {
                listener.cancelled(r);
            }
        } catch (RuntimeException e) {
            LOG.warn("prompt listener failed: {}", e.toString());
        }
    }
}
