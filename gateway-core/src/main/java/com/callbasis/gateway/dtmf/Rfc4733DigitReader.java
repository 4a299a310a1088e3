package com.callbasis.gateway.dtmf;

import com.callbasis.recorder.rtp.RtpPacket;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns the RFC 4733 telephone-event packets of one RTP stream into key presses, each reported once,
 * when it ends.
 *
 * <p>RFC 4733 s.2.3 payload: {@code event(8) E(1) R(1) volume(6) duration(16)}. All packets of one
 * event carry the timestamp of its start (s.2.3.3), so a new timestamp is a new event; the duration
 * grows with each update; "the final packet for each event ... SHOULD be sent a total of three times"
 * (s.2.5.1.4), so packets after the first with the E bit are ignored; the start may be lost (the first
 * packet seen may be an update, or an end); the end may be lost entirely: then the event ends when the
 * next event starts, or {@link #expire} finds it silent for longer than the timeout. An event longer
 * than the 16-bit duration is sent in segments (s.2.5.1.3), each starting where the last one ended;
 * a segment that continues an open event of the same code is not a new press.
 *
 * <p>Events above 15 (flash, tones, s.3.2) are not DTMF and are ignored, as are payloads shorter than
 * four bytes and stragglers of an older event (a timestamp before the current one, RFC 3550 modulo
 * arithmetic). The state is one event; nothing grows with the input. Not thread-safe: one instance
 * per stream, fed from the stream's event loop. The digit is passed on and not kept afterwards.
 */
public final class Rfc4733DigitReader {
    /** Default for {@link #Rfc4733DigitReader(Duration, Consumer)}: senders update every 50 ms (s.2.5.1.2). */
    public static final Duration DEFAULT_OPEN_EVENT_TIMEOUT = Duration.ofMillis(250);
    /** How far a segment's timestamp may be from the previous segment's end and still continue it. */
    private static final long SEGMENT_SLACK = 1000;

    private final long timeoutNanos;
    private final Consumer<DtmfDigit> sink;

    private boolean open;
    private boolean ended;
    private boolean seen;
    private long timestamp;
    private int code;
    private int duration;
    private long lastArrival;
    private long ignored;

    public Rfc4733DigitReader(Consumer<DtmfDigit> sink) {
        this(DEFAULT_OPEN_EVENT_TIMEOUT, sink);
    }

    /**
     * @param openEventTimeout how long an event whose end packets were all lost stays open after its
     *     last packet before {@link #expire} reports it; positive
     * @param sink receives each press once
     */
    public Rfc4733DigitReader(Duration openEventTimeout, Consumer<DtmfDigit> sink) {
        if (openEventTimeout.isNegative() || openEventTimeout.isZero()) {
            throw new IllegalArgumentException("open event timeout must be positive");
        }
        this.timeoutNanos = openEventTimeout.toNanos();
        this.sink = Objects.requireNonNull(sink);
    }

    /** A parsed packet of the stream's telephone-event payload type (the caller checks the type). */
    public void offer(RtpPacket packet, long arrivalNanos) {
        offer(packet.timestamp(), packet.buffer(), packet.payloadOffset(), packet.payloadLength(), arrivalNanos);
    }

    /**
     * One telephone-event payload.
     *
     * @param rtpTimestamp the packet's RTP timestamp (unsigned 32 bits; higher bits are ignored)
     * @param arrivalNanos when it arrived ({@link System#nanoTime()}); the end of a press is the
     *     arrival of its first end packet
     */
    public void offer(long rtpTimestamp, byte[] payload, int off, int len, long arrivalNanos) {
        if (payload == null || off < 0 || len < 4 || off > payload.length - len) {
            ignored++;
            return;
        }
        long ts = rtpTimestamp & 0xFFFFFFFFL;
        int event = payload[off] & 0xFF;
        boolean end = (payload[off + 1] & 0x80) != 0;
        int dur = (payload[off + 2] & 0xFF) << 8 | (payload[off + 3] & 0xFF);
        if (seen) {
            int diff = (int) (ts - timestamp);
            if (diff < 0) {
                ignored++; // a straggler of an older event
                return;
            }
            if (diff == 0) {
                if (ended || event != code) {
                    ignored++; // a repeated end packet, or a different event under one timestamp
                    return;
                }
                update(dur, end, arrivalNanos);
                return;
            }
            // a new timestamp: a new event, or the next segment of a long one
            if (open && !ended && event == code && Math.abs((long) diff - duration) <= SEGMENT_SLACK && duration > 0xFFFF - SEGMENT_SLACK) {
                timestamp = ts;
                duration = 0;
                update(dur, end, arrivalNanos);
                return;
            }
            finishOpen();
        }
        seen = true;
        timestamp = ts;
        if (event > 15) {
            open = false;
            ended = true; // not DTMF: its packets are recognised and ignored
            ignored++;
            return;
        }
        open = true;
        ended = false;
        code = event;
        duration = 0;
        update(dur, end, arrivalNanos);
    }

    private void update(int dur, boolean end, long arrivalNanos) {
        duration = Math.max(duration, dur);
        lastArrival = arrivalNanos;
        if (end) {
            ended = true;
            open = false;
            sink.accept(new DtmfDigit(DtmfDigit.ofEventCode(code), DtmfSource.RFC4733, arrivalNanos));
        }
    }

    private void finishOpen() {
        if (open && !ended) {
            ended = true;
            open = false;
            sink.accept(new DtmfDigit(DtmfDigit.ofEventCode(code), DtmfSource.RFC4733, lastArrival));
        }
    }

    /**
     * Ends an event that has had no packet for longer than the timeout (all its end packets lost and
     * no next event yet); call it from a timer or with each packet of the stream. Its end is the arrival
     * of its last packet.
     */
    public void expire(long nowNanos) {
        if (open && !ended && nowNanos - lastArrival > timeoutNanos) {
            finishOpen();
        }
    }

    /** End of the stream: an event still open ends at its last packet. */
    public void close() {
        finishOpen();
    }

    /** Packets ignored: too short, stragglers, repeated end packets, events above 15. */
    public long ignored() {
        return ignored;
    }

    /** State only, never the event code. */
    @Override
    public String toString() {
        return "Rfc4733DigitReader[open=" + (open && !ended) + ", ignored=" + ignored + "]";
    }
}
