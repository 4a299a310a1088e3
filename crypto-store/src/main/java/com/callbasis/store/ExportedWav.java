package com.callbasis.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * The live recorder writes a canonical 44-byte WAV header whose RIFF and data sizes are 0xFFFFFFFF
 * ("until the end of the stream"), because the store's objects are append-only. An exported file
 * has a known length, and tools such as {@code sox --i} (37 hours) and Python's {@code wave}
 * (refuses the file) read those sizes literally; so the export writes the real ones. Any other
 * content, imported WAV files with real sizes included, is left byte for byte as stored.
 */
final class ExportedWav {
    static final int HEADER_BYTES = 44;
    private static final int STREAMING = 0xFFFFFFFF;

    private ExportedWav() {}

    /**
     * Rewrites the sizes of a streaming WAV header at the start of {@code file} ({@code length} bytes
     * long); returns whether it did.
     */
    static boolean patchSizes(FileChannel file, long length) throws IOException {
        if (length < HEADER_BYTES || length - 8 > 0xFFFFFFFFL) {
            return false;
        }
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (h.hasRemaining() && file.read(h, h.position()) > 0) {
            // positional reads until the header is in
        }
        byte[] b = h.array();
        if (h.hasRemaining() || !ascii(b, 0, "RIFF") || !ascii(b, 8, "WAVEfmt ") || !ascii(b, 36, "data")
                || h.getInt(16) != 16 || h.getInt(4) != STREAMING || h.getInt(40) != STREAMING) {
            return false;
        }
        ByteBuffer riff = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) (length - 8));
        ByteBuffer data = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) (length - HEADER_BYTES));
        writeFully(file, riff, 4);
        writeFully(file, data, 40);
        return true;
    }

    private static boolean ascii(byte[] b, int off, String s) {
        return new String(b, off, s.length(), StandardCharsets.US_ASCII).equals(s);
    }

    private static void writeFully(FileChannel f, ByteBuffer b, long pos) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            p += f.write(b, p);
        }
    }
}
