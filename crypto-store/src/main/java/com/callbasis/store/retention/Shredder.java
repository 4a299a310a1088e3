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

    /**
     * Deletes {@code r} as it was read. {@code reason}: a short code such as {@code retention-expired}
     * or {@code subject-erasure}. Returns false, and changes nothing, when the recording is already
     * deleted, its expiry was extended since {@code r} was read, or its retention minimum has not
     * passed: the floor is checked by the deleting statement itself ({@link
     * com.callbasis.store.db.RecordingDao#markDeleted}), so no caller can delete before it. Callers
     * explain a refusal with {@link #beforeMinimum} first.
     */
    public boolean delete(RecordingRow r, String reason, AuditEventType type) throws SQLException, IOException {
        Instant now = clock.instant();
        boolean deleted = db.inTransaction(c -> {
            if (!db.recordings().markDeleted(r.id(), r.retentionExpiresAt(), now)) {
                return false;
            }
            db.wrappedKeys().delete(r.id());
            long index = audit.append(AuditEvent.of(type, r.tenant()).with("recordingId", r.id())
                    .with("reason", reason).with("basis", r.basis())
                    .with("retentionExpiresAt", r.retentionExpiresAt().toString()));
            db.tombstones().insert(new Tombstone(r.id(), r.tenant(), r.basis(), reason, r.retentionExpiresAt(), now, index));
            return true;
        });
        if (deleted) {
            objects.delete(r.objectKey());
        }
        return deleted;
    }

    /**
     * Why {@code r} may not be removed at {@code now} because of its retention class's minimum (the
     * floor, e.g. MiFID II's five years), or null when it has none or it has passed.
     */
    public static String beforeMinimum(RecordingRow r, Instant now) {
        Instant floor = r.retentionMinimumUntil();
        if (floor == null || !floor.isAfter(now)) {
            return null;
        }
        return "kept until " + floor + ", the minimum of its retention class"
                + (r.retentionClass() == null ? "" : " " + r.retentionClass())
                + ": erasure and deletion before it are refused";
    }
}
