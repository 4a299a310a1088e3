package com.callbasis.recorder.store;

import com.callbasis.recorder.PcmFormat;
import com.callbasis.recorder.PcmSink;
import com.callbasis.store.RecordingWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Streams a call's PCM into the encrypted store: the plaintext of the stored object is a WAV stream
 * ({@link StreamingWav} header with unknown length, then interleaved 16-bit LE frames), so a decrypted
 * export plays as it is. {@link RecordingWriter#sealChunk()} is called every {@code sealEvery} of
 * audio, so a crash loses at most that much.
 *
 * <p>Pauses: the store's {@link RecordingWriter#pause} refuses writes (nothing may be captured) and
 * audits the pause with its byte offset. This sink calls it when the paused stretch begins, counts the
 * silence the recorder writes meanwhile without passing it on, and at {@link #resume()} resumes the
 * writer and appends that many zero bytes, so the stretch is silence in the same recording and the
 * timeline is unchanged. Closing while paused resumes first.
 *
 * <p>The writer is owned by this sink: {@link #close()} closes (seals) it. Not thread-safe (the
 * recorder calls it under its lock).
 */
public final class RecordingWriterSink implements PcmSink {
    private static final byte[] ZEROS = new byte[4096];

    private final RecordingWriter writer;
    private final Duration sealEvery;
    private long sealBytes;
    private long sinceSeal;
    private long pendingSilence;
    private boolean paused;
    private boolean closed;

    public RecordingWriterSink(RecordingWriter writer, Duration sealEvery) {
        this.writer = Objects.requireNonNull(writer);
        this.sealEvery = Objects.requireNonNull(sealEvery);
        if (sealEvery.isNegative() || sealEvery.isZero()) {
            throw new IllegalArgumentException("sealEvery must be positive");
        }
    }

    /** Seals every 5 s of audio. */
    public RecordingWriterSink(RecordingWriter writer) {
        this(writer, Duration.ofSeconds(5));
    }

    @Override
    public void open(PcmFormat format) throws IOException {
        sealBytes = Math.max(format.bytesPerFrame(),
                sealEvery.toMillis() * format.sampleRate() / 1000 * format.bytesPerFrame());
        byte[] h = StreamingWav.header(format);
        writer.write(h, 0, h.length);
    }

    @Override
    public void write(byte[] pcm, int off, int len) throws IOException {
        if (paused) {
            pendingSilence += len; // the recorder writes silence while paused; it is appended at resume
            return;
        }
        append(pcm, off, len);
    }

    private void append(byte[] b, int off, int len) throws IOException {
        writer.write(b, off, len);
        sinceSeal += len;
        if (sinceSeal >= sealBytes) {
            writer.sealChunk();
            sinceSeal = 0;
        }
    }

    @Override
    public void pause(String reason) throws IOException {
        if (!paused) {
            writer.pause(reason);
            paused = true;
        }
    }

    @Override
    public void resume() throws IOException {
        if (!paused) {
            return;
        }
        writer.resume();
        paused = false;
        while (pendingSilence > 0) {
            int n = (int) Math.min(ZEROS.length, pendingSilence);
            append(ZEROS, 0, n);
            pendingSilence -= n;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            resume();
        } finally {
            writer.close();
        }
    }

    public String recordingId() {
        return writer.recordingId();
    }

    @Override
    public String toString() {
        return "RecordingWriterSink[" + writer.recordingId() + "]";
    }
}
