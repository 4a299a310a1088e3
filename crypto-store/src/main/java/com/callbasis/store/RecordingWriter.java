package com.callbasis.store;

import com.callbasis.store.audit.AuditEvent;
import com.callbasis.store.audit.AuditEventType;
import com.callbasis.store.crypto.SecretBytes;
import com.callbasis.store.crypto.SegmentWriter;
import com.callbasis.store.db.ChunkRow;
import com.callbasis.store.db.RecordingState;
import com.callbasis.store.objects.ObjectSink;
import java.io.Closeable;
import java.io.IOException;
import java.sql.SQLException;

/**
 * Appends a call's audio while it runs. Plaintext stays in memory (at most one segment); call
 * {@link #sealChunk()} every few seconds so a crash loses at most the unsealed tail, and
 * {@link #close()} at the end of the call. While paused (card entry, PCI DSS 3.3.1) writing is refused.
 * One writer per call; not thread-safe.
 */
public final class RecordingWriter implements Closeable {
    private final RecordingStore store;
    private final String id;
    private final String tenant;
    private final SegmentWriter writer;
    private final ObjectSink sink;
    private final SecretBytes dataKey;
    private final int segmentSize;
    private int nextChunk;
    private long sealedEnd;
    private long segments;
    private long buffered;
    private boolean paused;
    private boolean closed;
    private String qualityJson;
    private boolean qualityFlagged;

    RecordingWriter(RecordingStore store, String id, String tenant, SegmentWriter writer, ObjectSink sink,
            SecretBytes dataKey, int segmentSize) {
        this.store = store;
        this.id = id;
        this.tenant = tenant;
        this.writer = writer;
        this.sink = sink;
        this.dataKey = dataKey;
        this.segmentSize = segmentSize;
    }

    public String recordingId() {
        return id;
    }

    public long plaintextBytes() {
        return writer.plaintextBytes();
    }

    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("recording " + id + " is closed");
        }
        if (paused) {
            throw new IllegalStateException("recording " + id + " is paused; nothing may be captured");
        }
        writer.write(b, off, len);
        buffered += len;
        while (buffered > segmentSize) { // the writer emits a full segment once more data follows
            segments++;
            buffered -= segmentSize;
        }
    }

    /** Seals what was written so far: encrypted, fsynced, and recorded as a chunk. */
    public void sealChunk() throws IOException {
        if (closed || writer.plaintextBytes() == sealedEnd) {
            return;
        }
        writer.sealChunk();
        if (buffered > 0) {
            segments++;
            buffered = 0;
        }
        sink.sync();
        long end = writer.plaintextBytes();
        try {
            store.db().recordings().addChunk(new ChunkRow(id, nextChunk, end, store.clock().instant()));
        } catch (SQLException e) {
            throw new IOException("metadata database: " + e.getMessage(), e);
        }
        nextChunk++;
        sealedEnd = end;
    }

    /** Stops capture (e.g. during card entry); the pause is evidence and goes in the audit log. */
    public void pause(String reasonCode) throws IOException {
        sealChunk();
        paused = true;
        audit(AuditEvent.of(AuditEventType.RECORDING_PAUSED, tenant).with("recordingId", id)
                .with("reason", reasonCode).with("atByte", writer.plaintextBytes()));
    }

    public void resume() throws IOException {
        paused = false;
        audit(AuditEvent.of(AuditEventType.RECORDING_RESUMED, tenant).with("recordingId", id)
                .with("atByte", writer.plaintextBytes()));
    }

    /**
     * The recorder's completeness accounting (JSON), stored with the recording when it is closed; a
     * flagged recording lost more than the configured threshold and the sealed event says so.
     */
    public void setQuality(String json, boolean flagged) {
        this.qualityJson = json;
        this.qualityFlagged = flagged;
    }

    /** Ends the recording: final segment, commit of the object, state SEALED, audit event. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            sealChunk();
            closed = true;
            writer.close();
            segments++;
            sink.commit();
            store.db().recordings().finish(id, RecordingState.SEALED, store.clock().instant(),
                    writer.plaintextBytes(), segments, true, null);
            AuditEvent sealed = AuditEvent.of(AuditEventType.RECORDING_SEALED, tenant).with("recordingId", id)
                    .with("bytes", writer.plaintextBytes()).with("chunks", nextChunk).with("segments", segments);
            if (qualityJson != null) {
                store.db().recordings().setQuality(id, qualityJson, qualityFlagged);
                sealed.with("lossFlagged", qualityFlagged ? "true" : "false");
            }
            store.audit().append(sealed);
        } catch (SQLException e) {
            throw new IOException("metadata database: " + e.getMessage(), e);
        } finally {
            closed = true;
            dataKey.close();
        }
    }

    private void audit(AuditEvent e) throws IOException {
        try {
            store.audit().append(e);
        } catch (SQLException ex) {
            throw new IOException("metadata database: " + ex.getMessage(), ex);
        }
    }

    @Override
    public String toString() {
        return "RecordingWriter[" + id + "]";
    }
}
