package com.callbasis.recorder.store;

import com.callbasis.recorder.PcmFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The 44-byte canonical WAV header (RIFF, {@code fmt } chunk with WAVE_FORMAT_PCM, {@code data}
 * chunk) written before a recording whose length is not known yet. The store's streams are
 * append-only, so the header cannot be patched at the end: both sizes are 0xFFFFFFFF, the
 * "unknown/streaming" value that ffmpeg, sox and libsndfile accept (they read the data chunk to the
 * end of the file). The true length is {@code plaintextBytes - 44}; an exporter can rewrite the
 * header with {@link #header(PcmFormat, long)}.
 */
public final class StreamingWav {
    public static final int HEADER_BYTES = 44;
    /** Size field value meaning "until the end of the stream". */
    public static final long UNKNOWN = 0xFFFFFFFFL;

    private StreamingWav() {}

    /** Header with unknown length (streaming). */
    public static byte[] header(PcmFormat f) {
        return header(f, -1);
    }

    /** Header for {@code dataBytes} of PCM, or with unknown length when negative or over 4 GiB. */
    public static byte[] header(PcmFormat f, long dataBytes) {
        boolean known = dataBytes >= 0 && dataBytes <= UNKNOWN - 36;
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII));
        b.putInt((int) (known ? 36 + dataBytes : UNKNOWN));
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII));
        b.putInt(16);
        b.putShort((short) 1); // WAVE_FORMAT_PCM
        b.putShort((short) f.channels());
        b.putInt(f.sampleRate());
        b.putInt(f.sampleRate() * f.bytesPerFrame());
        b.putShort((short) f.bytesPerFrame());
        b.putShort((short) (8 * PcmFormat.BYTES_PER_SAMPLE));
        b.put("data".getBytes(StandardCharsets.US_ASCII));
        b.putInt((int) (known ? dataBytes : UNKNOWN));
        return b.array();
    }

    /** Reads the format back from a header written by this class; throws on anything else. */
    public static PcmFormat parse(byte[] h) {
        if (h.length < HEADER_BYTES || !new String(h, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
                || !new String(h, 8, 8, StandardCharsets.US_ASCII).equals("WAVEfmt ")
                || !new String(h, 36, 4, StandardCharsets.US_ASCII).equals("data")) {
            throw new IllegalArgumentException("not a canonical WAV header");
        }
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getShort(20) != 1 || b.getShort(34) != 16) {
            throw new IllegalArgumentException("not 16-bit PCM");
        }
        return new PcmFormat(b.getInt(24), b.getShort(22));
    }
}
