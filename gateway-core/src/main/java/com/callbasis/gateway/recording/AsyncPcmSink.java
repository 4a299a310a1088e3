package com.callbasis.gateway.recording;

import com.callbasis.recorder.PcmFormat;
import com.callbasis.recorder.PcmSink;
import com.callbasis.recorder.store.RecordingWriterSink;
import com.callbasis.store.RecordingWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Takes the recorder's PCM on the media thread and hands it, in 4 KiB blocks and in order, to a
 * storage thread where it is encrypted and written: the relay must never wait for an fsync or the
 * metadata database. The recording itself is created in the store on the storage thread too, when
 * the recorder opens the sink, so starting a call costs the media path nothing.
 *
 * <p>{@link #close()} only flushes: the recording is sealed by {@link #seal}, after the recorder's
 * completeness accounting is known, so that it is stored with the recording.
 */
final class AsyncPcmSink implements PcmSink {
    /** Opens the recording in the store; runs on the storage thread. */
    interface Opener {
        RecordingWriter open() throws Exception;
    }

    /** 4 KiB = 64 ms of 8 kHz stereo: small enough for thousands of calls, large enough to batch. */
    static final int BLOCK = 4 * 1024;

    private final Executor serial;
    private final PcmBlocks blocks;
    private final Opener opener;
    private final Duration sealEvery;
    private final Consumer<Exception> onFailure;
    private byte[] block;
    private int used;
    // storage-thread state
    private RecordingWriter writer;
    private RecordingWriterSink inner;
    private volatile boolean failed;
    private volatile String recordingId;

    AsyncPcmSink(Executor pool, PcmBlocks blocks, Opener opener, Duration sealEvery, Consumer<Exception> onFailure) {
        if (blocks.size() != BLOCK) {
            throw new IllegalArgumentException("PCM blocks of " + blocks.size() + " bytes, expected " + BLOCK);
        }
        this.serial = new SerialExecutor(pool);
        this.blocks = blocks;
        this.block = blocks.take();
        this.opener = opener;
        this.sealEvery = sealEvery;
        this.onFailure = onFailure;
    }

    @Override
    public void open(PcmFormat format) {
        run(() -> {
            writer = opener.open();
            recordingId = writer.recordingId();
            inner = new RecordingWriterSink(writer, sealEvery);
            inner.open(format);
        });
    }

    @Override
    public void write(byte[] pcm, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, BLOCK - used);
            System.arraycopy(pcm, off, block, used, n);
            used += n;
            off += n;
            len -= n;
            if (used == BLOCK) {
                flush();
            }
        }
    }

    private void flush() {
        if (used == 0) {
            return;
        }
        byte[] full = block;
        int n = used;
        block = blocks.take();
        used = 0;
        // The block goes back to the pool once the store has it (after a failure it is left to the GC).
        run(() -> {
            try {
                inner.write(full, 0, n);
            } finally {
                blocks.give(full);
            }
        });
    }

    @Override
    public void pause(String reason) {
        flush();
        run(() -> inner.pause(reason));
    }

    @Override
    public void resume() {
        flush();
        run(() -> inner.resume());
    }

    /** Flushes; the recording stays open until {@link #seal}. */
    @Override
    public void close() {
        flush();
    }

    /**
     * Stores the completeness accounting and seals the recording. The future completes on the storage
     * thread with the recording id, or null when the recording failed (already reported).
     */
    CompletableFuture<String> seal(String qualityJson, boolean flagged) {
        flush();
        CompletableFuture<String> done = new CompletableFuture<>();
        serial.execute(() -> {
            if (!failed && writer != null) {
                try {
                    writer.setQuality(qualityJson, flagged);
                    inner.close();
                } catch (Exception e) {
                    fail(e);
                }
            }
            done.complete(failed ? null : recordingId);
        });
        return done;
    }

    /** The store's id of the recording, once it has been created (null before, or if that failed). */
    String recordingId() {
        return recordingId;
    }

    boolean failed() {
        return failed;
    }

    private interface Task {
        void run() throws Exception;
    }

    private void run(Task t) {
        serial.execute(() -> {
            if (failed) {
                return;
            }
            try {
                t.run();
            } catch (Exception e) {
                fail(e);
            }
        });
    }

    private void fail(Exception e) {
        if (failed) {
            return;
        }
        failed = true;
        if (writer != null) {
            try {
                writer.close(); // keep what was written: the recording ends sealed at the failure point
            } catch (Exception ignored) {
                // already failing; the audit event says why
            }
        }
        onFailure.accept(e);
    }
}
