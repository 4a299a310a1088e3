package com.callbasis.recorder;

/**
 * Format of what a {@link PcmSink} receives: interleaved signed 16-bit little-endian PCM, caller
 * left, agent right.
 *
 * @param sampleRate frames per second (8000 for G.711)
 * @param channels always 2
 */
public record PcmFormat(int sampleRate, int channels) {
    public static final int BYTES_PER_SAMPLE = 2;

    public PcmFormat {
        if (sampleRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("bad PCM format " + sampleRate + "/" + channels);
        }
    }

    public static PcmFormat stereo(int sampleRate) {
        return new PcmFormat(sampleRate, 2);
    }

    public int bytesPerFrame() {
        return channels * BYTES_PER_SAMPLE;
    }
}
