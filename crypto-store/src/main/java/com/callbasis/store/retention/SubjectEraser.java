package com.callbasis.store.retention;

import com.callbasis.store.StoreException;
import com.callbasis.store.audit.AuditEvent;
import com.callbasis.store.audit.AuditEventType;
import com.callbasis.store.audit.AuditLog;
import com.callbasis.store.db.MetadataDb;
import com.callbasis.store.db.RecordingRow;
import com.callbasis.store.db.RecordingState;
import com.callbasis.store.keys.KeyProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Erasure of a data subject by crypto-shredding. Each erasable recording is deleted, then the
 * subject's KEK is destroyed, so every data key ever wrapped under it (backups of the metadata
 * database included) is useless. Recordings under a legal obligation whose retention runs
 * (Art. 17(3)(b)), recordings whose retention class's minimum has not passed (the policy's floor,
 * e.g. MiFID II's five years, whatever the basis) and recordings under legal hold (Art. 17(3)(e)) are
 * refused with the reason.
 */
public final class SubjectEraser {
    private final MetadataDb db;
    private final KeyProvider keys;
    private final Shredder shredder;
    private final AuditLog audit;
    private final Clock clock;

    public SubjectEraser(MetadataDb db, KeyProvider keys, Shredder shredder, AuditLog audit, Clock clock) {
        this.db = db;
        this.keys = keys;
        this.shredder = shredder;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param subjectKey the subject's pseudonymous key
     * @param subjectKek the KEK dedicated to that subject
     */
    public ErasureResult erase(String tenant, String subjectKey, String subjectKek)
            throws SQLException, IOException, GeneralSecurityException, StoreException {
        if (!db.recordings().hasTenant(tenant) && !db.decisions().hasTenant(tenant)) {
            // a mistyped tenant would otherwise "destroy" a key that never existed and audit an erasure;
            // a tenant with decisions only (nothing recorded) still gets its subjects' salts forgotten
            throw new StoreException("no recordings or decisions of tenant '" + tenant + "' in this store: nothing erased "
                    + "(check --tenant; ./gateway recordings list shows the tenants)");
        }
        Instant now = clock.instant();
        boolean kekExists = keys.exists(subjectKek);
        List<String> erased = new ArrayList<>();
        List<ErasureResult.Refusal> refused = new ArrayList<>();
        boolean kekStillNeeded = false;
        for (RecordingRow r : db.recordings().listBySubject(tenant, subjectKey)) {
            String reason = refusal(r, now);
            if (reason != null) {
                refused.add(new ErasureResult.Refusal(r.id(), reason));
                kekStillNeeded |= r.kekName().equals(subjectKek);
                audit.append(AuditEvent.of(AuditEventType.ERASURE_REFUSED, tenant).with("recordingId", r.id())
                        .with("reason", reason).commit("subject", subjectKey));
                continue;
            }
            if (!shredder.delete(r, "subject-erasure", AuditEventType.SUBJECT_ERASED)) {
                // changed under us (extended, or deleted by a sweep): keep the KEK, let the request run again
                refused.add(new ErasureResult.Refusal(r.id(), "changed during the erasure; erase again"));
                kekStillNeeded |= r.kekName().equals(subjectKek);
                continue;
            }
            erased.add(r.id());
        }
        boolean destroyed = kekExists && !kekStillNeeded;
        if (destroyed) {
            keys.destroy(subjectKek);
        }
        audit.append(AuditEvent.of(AuditEventType.SUBJECT_ERASED, tenant).with("erased", erased.size())
                .with("refused", refused.size()).with("subjectKeyDestroyed", destroyed ? "yes" : "no")
                .commit("subject", subjectKey));
        // Forget the salts last: the log's and the stored decisions' commitments to this subject become unlinkable.
        db.audit().deleteSalts(subjectKey);
        db.decisions().deleteSalts(subjectKey);
        return new ErasureResult(erased, refused, destroyed);
    }

    static String refusal(RecordingRow r, Instant now) {
        if (r.state() == RecordingState.RECORDING) {
            return "recording in progress; erase again after it ends";
        }
        if ("legal_obligation".equals(r.basis()) && r.retentionExpiresAt().isAfter(now)) {
            return "kept under a legal obligation until " + r.retentionExpiresAt()
                    + " (GDPR Art. 17(3)(b)): erasure does not apply while the obligation runs";
        }
        String floor = Shredder.beforeMinimum(r, now);
        if (floor != null) {
            return floor;
        }
        if (r.legalHold()) {
            return "under legal hold (GDPR Art. 17(3)(e)): release the hold first";
        }
        return null;
    }
}
