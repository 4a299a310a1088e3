package com.callbasis.recorder.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A prompt encoded once, at load, into one codec: ready-made RTP payloads of 20 ms each, so that a media
 * thread only sends frames ({@link PromptTranscoder#prepare}). Immutable and thread-safe: any number of calls
 * may play the same instance at once.
 *
 * <p>The sender advances the RTP timestamp by {@link #timestampStep()} per frame and, at the RFC 3551
 * default packetisation, sends one frame every 20 ms. Frame {@code i} starts at {@code i * 20} ms of the
 * prompt; the last frame is padded with silence.
 */
public final class PreparedPrompt {
    /** Every frame is 20 ms (RFC 3551 s.4.2 default ptime for the telephony codecs, RFC 7587 s.4.2 for Opus). */
    public static final int FRAME_MILLIS = 20;

    private final String encoding;
    private final int rtpClockRate;
    private final int sampleRate;
    private final byte[] data;
    /** Frame i is data[offsets[i], offsets[i + 1]). */
    private final int[] offsets;

    PreparedPrompt(String encoding, int rtpClockRate, int sampleRate, byte[] data, int[] offsets) {
        this.encoding = Objects.requireNonNull(encoding);
        this.rtpClockRate = rtpClockRate;
        this.sampleRate = sampleRate;
        this.data = data;
        this.offsets = offsets;
    }

    /** Encoding name as SDP {@code a=rtpmap} writes it: {@code PCMU}, {@code PCMA}, {@code G722} or {@code opus}. */
    public String encoding() {
        return encoding;
    }

    /** RTP clock rate: 8000, also for G.722 (RFC 3551 s.4.5.2), and 48000 for Opus (RFC 7587 s.4.1). */
    public int rtpClockRate() {
        return rtpClockRate;
    }

    /** Rate of the audio that was encoded: 8000 for G.711, 16000 for G.722, 48000 for Opus. */
    public int sampleRate() {
        return sampleRate;
    }

    /** RTP timestamp increment per 20 ms frame: 160 (PCMU, PCMA, G.722) or 960 (Opus). */
    public int timestampStep() {
        return rtpClockRate / 1000 * FRAME_MILLIS;
    }

    /** Number of 20 ms frames. */
    public int frames() {
        return offsets.length - 1;
    }

    /** Playing time of all frames: {@code frames() * 20} ms. */
    public long durationMillis() {
        return (long) frames() * FRAME_MILLIS;
    }

    /** Length in bytes of frame {@code i}'s payload: 160 for G.711 and G.722, variable for Opus. */
    public int payloadLength(int i) {
        Objects.checkIndex(i, frames());
        return offsets[i + 1] - offsets[i];
    }

    /** A copy of frame {@code i}'s RTP payload. */
    public byte[] payload(int i) {
        Objects.checkIndex(i, frames());
        return Arrays.copyOfRange(data, offsets[i], offsets[i + 1]);
    }

    /**
     * Frame {@code i}'s RTP payload without a copy: a read-only buffer over it, position 0, limit its length;
     * each call returns a new buffer, so threads do not share positions.
     */
    public ByteBuffer payloadBuffer(int i) {
        Objects.checkIndex(i, frames());
        return ByteBuffer.wrap(data, offsets[i], offsets[i + 1] - offsets[i]).slice().asReadOnlyBuffer();
    }

    @Override
    public String toString() {
        return encoding + "/" + rtpClockRate + ", " + frames() + " frames, " + durationMillis() + " ms";
    }
}
