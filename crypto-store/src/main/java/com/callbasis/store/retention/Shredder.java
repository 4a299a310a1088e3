package com.callbasis.store.retention;

import com.callbasis.store.audit.AuditEvent;
import com.callbasis.store.audit.AuditEventType;
import com.callbasis.store.audit.AuditLog;
import com.callbasis.store.db.MetadataDb;
import com.callbasis.store.db.RecordingRow;
import com.callbasis.store.db.Tombstone;
import com.callbasis.store.objects.ObjectStore;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

/**
 * Deletes one recording: its wrapped data key (the live copy of the key), its object, its personal
 * metadata; leaves a tombstone and an audit event. The database changes commit together; the object
 * is deleted after, so a crash in between leaves an unreadable orphan, never a readable recording
 * without metadata.
 */
public final class Shredder {
    private final MetadataDb db;
    private final ObjectStore objects;
    private final AuditLog audit;
    private final Clock clock;

    public Shredder(MetadataDb db, ObjectStore objects, AuditLog audit, Clock clock) {
        this.db = db;
        this.objects = objects;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code reason}: a short code such as {@code retention-expired} or {@code subject-erasure}. */
    public void delete(RecordingRow r, String reason, AuditEventType type) throws SQLException, IOException {
        Instant now = clock.instant();
        db.inTransaction(c -> {
            db.wrappedKeys().delete(r.id());
            db.recordings().markDeleted(r.id(), now);
            long index = audit.append(AuditEvent.of(type, r.tenant()).with("recordingId", r.id())
                    .with("reason", reason).with("basis", r.basis())
                    .with("retentionExpiresAt", r.retentionExpiresAt().toString()));
            db.tombstones().insert(new Tombstone(r.id(), r.tenant(), r.basis(), reason, r.retentionExpiresAt(), now, index));
            return null;
        });
        objects.delete(r.objectKey());
    }
}
