package com.callbasis.recorder.codec;

/**
 * Turns one RTP payload into 16-bit linear PCM. Implementations for stateless codecs (G.711) are
 * shared; a stateful codec (G.722, Opus) hands out one instance per stream through its factory.
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

    /** Decodes {@code len} payload bytes into {@code out} at {@code outOff}; returns the samples written. */
    int decode(byte[] payload, int off, int len, short[] out, int outOff);

    /** Called when a stream's source changes or packets were lost, so stateful codecs can reset. */
    default void reset() {
    }
}
