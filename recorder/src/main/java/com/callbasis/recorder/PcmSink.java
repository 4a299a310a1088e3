package com.callbasis.recorder;

import java.io.IOException;

/**
 * Where a call's stereo PCM goes, incrementally while the call runs: {@link #open} once, many
 * {@link #write}s of whole frames, {@link #close} once. {@link #pause} and {@link #resume} mark where
 * a PCI pause begins and ends in the byte stream; the recorder keeps writing silence in between, so
 * a sink that ignores them still gets one continuous recording.
 */
public interface PcmSink {
    void open(PcmFormat format) throws IOException;

    /** Interleaved 16-bit little-endian frames; {@code len} is a multiple of the frame size. */
    void write(byte[] pcm, int off, int len) throws IOException;

    /** The silence that follows is a pause (card entry); {@code reason} is a short code, not free text. */
    default void pause(String reason) throws IOException {
    }

    /** End of the pause that {@link #pause} began. */
    default void resume() throws IOException {
    }

    void close() throws IOException;
}
