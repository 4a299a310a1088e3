package com.callbasis.gateway.media;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A prompt ready to send: one RTP payload per {@value #FRAME_MILLIS} ms frame, already encoded in the
 * codec the call negotiated (the caller prepares them; the relay does not transcode). Immutable: the
 * payloads are copied once here, so one instance can be played to many calls at the same time.
 *
 * <p>A class rather than a record: a record's {@code payloads()} would hand out the mutable arrays
 * that every playback reads, and its {@code equals} would compare them by identity.
 */
public final class PromptFrames {
    /** Every frame lasts 20 ms: the RFC 3551 s.4.5 default packetisation of the telephony codecs. */
    public static final int FRAME_MILLIS = 20;
    /**
     * Bound on one payload: a 1500-byte Ethernet MTU less IPv6 (40), UDP (8), the RTP header (12) and
     * the largest SRTP tag (16), rounded down, so a frame is never fragmented.
     */
    public static final int MAX_PAYLOAD = 1400;
    /** Bound on a prompt: 30 minutes of frames. A notice is seconds long; this only stops a runaway caller. */
    public static final int MAX_FRAMES = 30 * 60 * 1000 / FRAME_MILLIS;

    private final int payloadType;
    private final int timestampStep;
    private final byte[][] payloads;

    /**
     * @param payloadType the RTP payload type negotiated for the codec (RFC 3551 s.6 or a dynamic one);
     *     64..95 are refused because with the marker bit they read as RTCP under rtcp-mux (RFC 5761 s.4)
     * @param timestampStep RTP timestamp units per frame: the codec's RTP clock rate times 20 ms: 160
     *     for G.711 and for G.722 (whose RTP clock is 8 kHz, RFC 3551 s.4.5.2), 960 for Opus
     * @param payloads the frames in playing order, each 1..{@value #MAX_PAYLOAD} bytes, at most
     *     {@link #MAX_FRAMES}; copied
     * @throws IllegalArgumentException when a value is out of range
     */
    public PromptFrames(int payloadType, int timestampStep, List<byte[]> payloads) {
        Objects.requireNonNull(payloads, "payloads");
        if (payloadType < 0 || payloadType > 127 || (payloadType >= 64 && payloadType <= 95)) {
            throw new IllegalArgumentException("RTP payload type must be 0..63 or 96..127, got " + payloadType);
        }
        if (timestampStep < 1 || timestampStep > 65535) {
            throw new IllegalArgumentException("timestamp step must be 1..65535, got " + timestampStep);
        }
        if (payloads.isEmpty() || payloads.size() > MAX_FRAMES) {
            throw new IllegalArgumentException("a prompt needs 1.." + MAX_FRAMES + " frames, got " + payloads.size());
        }
        this.payloadType = payloadType;
        this.timestampStep = timestampStep;
        this.payloads = new byte[payloads.size()][];
        for (int i = 0; i < this.payloads.length; i++) {
            byte[] p = Objects.requireNonNull(payloads.get(i), "payload");
            if (p.length < 1 || p.length > MAX_PAYLOAD) {
                throw new IllegalArgumentException("frame " + i + " has " + p.length + " bytes, allowed 1.." + MAX_PAYLOAD);
            }
            this.payloads[i] = p.clone();
        }
    }

    public int payloadType() {
        return payloadType;
    }

    public int timestampStep() {
        return timestampStep;
    }

    public int frameCount() {
        return payloads.length;
    }

    /** A copy of frame {@code i}'s payload. */
    public byte[] payload(int i) {
        return payloads[i].clone();
    }

    /** How long the prompt plays: frames times 20 ms. */
    public Duration duration() {
        return Duration.ofMillis((long) payloads.length * FRAME_MILLIS);
    }

    /** The frame itself, for the sender; never modified. */
    byte[] frame(int i) {
        return payloads[i];
    }

    @Override
    public String toString() {
        return "PromptFrames[pt=" + payloadType + ", step=" + timestampStep + ", frames=" + payloads.length + "]";
    }
}
