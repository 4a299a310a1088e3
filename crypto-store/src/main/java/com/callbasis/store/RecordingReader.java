package com.callbasis.store;

import com.callbasis.store.crypto.SecretBytes;
import com.callbasis.store.crypto.SeekableReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Seekable, authenticated reading of a recording: each read decrypts only the segments it touches
 * (HTTP Range replay). Any tampering surfaces as an IOException whose cause is a
 * GeneralSecurityException. Not thread-safe; one reader per request.
 */
public final class RecordingReader implements Closeable {
    private final SeekableReader reader;
    private final SeekableByteChannel channel;
    private final SecretBytes dataKey;

    RecordingReader(SeekableReader reader, SeekableByteChannel channel, SecretBytes dataKey) {
        this.reader = reader;
        this.channel = channel;
        this.dataKey = dataKey;
    }

    public long size() throws IOException {
        return reader.size();
    }

    /** True when the writer died before sealing: what {@link #size()} covers is all there is. */
    public boolean truncated() {
        return reader.truncated();
    }

    /** Number of segments the object holds, the final one included (the sealed row records it). */
    public long segments() {
        return reader.segments();
    }

    public int read(long plaintextOffset, ByteBuffer dst) throws IOException {
        return reader.read(plaintextOffset, dst);
    }

    /** Decrypts the whole recording to {@code out}; returns the byte count. */
    public long copyTo(OutputStream out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long pos = 0;
        while (true) {
            buf.clear();
            int n = reader.read(pos, buf);
            if (n < 0) {
                return pos;
            }
            out.write(buf.array(), 0, n);
            pos += n;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            dataKey.close();
            channel.close();
        }
    }
}
