package com.callbasis.recorder.codec;

/**
 * Turns one RTP payload into 16-bit linear PCM. Implementations for stateless codecs (G.711) are
 * shared; a stateful codec (G.722, Opus) hands out one instance per stream through {@link #newInstance()}.
 * Decoders never throw on bad payloads: they decode what they can and return the sample count.
 */
public interface Decoder {
    /** Encoding name as in SDP {@code a=rtpmap} (RFC 3551 s.6), e.g. {@code PCMU}. */
    String encoding();

    /** RTP clock rate (RFC 3551: 8000 for G.711 and, by an old error, for G.722). */
    int clockRate();

    /** Rate of the PCM this decoder produces. */
    int sampleRate();

    /** Number of samples {@code payloadLength} bytes decode to (the RTP timestamp span, in samples). */
    int samples(int payloadLength);

    /**
     * Number of samples (at {@link #sampleRate()}) this payload decodes to. Codecs whose frame length
     * is not a function of the byte count (Opus) read the packet; the default uses {@link #samples(int)}.
     */
    default int samples(byte[] payload, int off, int len) {
        return samples(len);
    }

    /** Decodes {@code len} payload bytes into {@code out} at {@code outOff}; returns the samples written. */
    int decode(byte[] payload, int off, int len, short[] out, int outOff);

    /**
     * A decoder for one more stream. Stateful codecs (G.722, Opus) return a new instance with fresh
     * state, because their state follows one stream's packets in order; stateless ones return
     * themselves. The recorder calls it once per source and payload type.
     */
    default Decoder newInstance() {
        return this;
    }

    /**
     * Fills {@code samples} samples at {@link #sampleRate()} for audio that never arrived (packet loss),
     * so that decoders with packet loss concealment can use it. Returns false when this decoder has none:
     * the caller leaves silence.
     */
    default boolean conceal(short[] out, int outOff, int samples) {
        return false;
    }

    /** Frees native state (Opus); the instance is not used afterwards. No-op for pure Java decoders. */
    default void close() {
    }

    /** Called when a stream's source changes or its audio is not continuous, so stateful codecs can reset. */
    default void reset() {
    }
}
