package com.callbasis.store.retention;

import com.callbasis.store.StoreException;
import com.callbasis.store.audit.AuditEvent;
import com.callbasis.store.audit.AuditEventType;
import com.callbasis.store.audit.AuditLog;
import com.callbasis.store.db.MetadataDb;
import com.callbasis.store.db.RecordingRow;
import com.callbasis.store.db.RecordingState;
import com.callbasis.store.db.Tombstone;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An authorised change that keeps a recording longer than its decision said: a regulator's extension
 * (MiFID II: five years, up to seven on request) usually arrives after the call. Retention only ever
 * grows here; the decision stays as it was made, the recording's expiry moves, and the change is
 * audited as {@code retention.extended} with who made it and the SHA-256 of the reason. The reason's
 * text is not stored anywhere (it may name a person): whoever issued it keeps it, and the digest
 * proves which text it was.
 */
public final class RetentionExtender {
    /** An actor is a user or service name; longer is a mistake (or a reason typed in the wrong place). */
    static final int MAX_ACTOR = 128;

    private final MetadataDb db;
    private final AuditLog audit;
    private final Clock clock;

    public RetentionExtender(MetadataDb db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Moves the expiry of {@code recordingId} to {@code newExpiry}. Refused with a one-line reason: no
     * reason or actor; an unknown, deleted or erased recording; an expiry not later than the current
     * one (shortening is not an extension) or already past.
     */
    public RetentionExtension extend(String recordingId, Instant newExpiry, String reason, String actor)
            throws StoreException, SQLException {
        if (reason == null || reason.isBlank()) {
            throw new StoreException("a retention extension needs a reason (who asked for it, and why)");
        }
        if (actor == null || actor.isBlank()) {
            throw new StoreException("a retention extension needs an actor (who authorised it)");
        }
        if (actor.length() > MAX_ACTOR || actor.chars().anyMatch(Character::isISOControl)) {
            throw new StoreException("the actor must be a user or service name of at most " + MAX_ACTOR
                    + " characters without control characters");
        }
        if (newExpiry == null) {
            throw new StoreException("a retention extension needs the new expiry");
        }
        RecordingRow r = db.recordings().find(recordingId)
                .orElseThrow(() -> new StoreException("no recording " + recordingId));
        Optional<Tombstone> t = db.tombstones().find(recordingId);
        if (r.state() == RecordingState.DELETED || t.isPresent()) {
            throw new StoreException("recording " + recordingId + " was deleted"
                    + t.map(x -> " on " + x.deletedAt() + " (" + x.reason() + ")").orElse("")
                    + ": its retention cannot be extended");
        }
        Instant previous = r.retentionExpiresAt();
        if (!newExpiry.isAfter(previous)) {
            throw new StoreException("recording " + recordingId + " is kept until " + previous + "; " + newExpiry
                    + " is not later: retention can only be extended");
        }
        Instant now = clock.instant();
        if (!newExpiry.isAfter(now)) {
            throw new StoreException("the new expiry " + newExpiry + " has already passed");
        }
        AuditEvent event;
        try {
            event = AuditEvent.of(AuditEventType.RETENTION_EXTENDED, r.tenant()).with("recordingId", recordingId)
                    .with("previousRetentionExpiresAt", previous.toString())
                    .with("retentionExpiresAt", newExpiry.toString())
                    .with("actor", actor.strip())
                    .with("reasonSha256", sha256Hex(reason));
        } catch (IllegalArgumentException e) {
            throw new StoreException("the actor looks like a phone number or URI; name who authorised it by user name");
        }
        long index = db.inTransaction(c -> {
            if (!db.recordings().extendRetention(recordingId, previous, newExpiry)) {
                return -1L;
            }
            return audit.append(event);
        });
        if (index < 0) {
            throw new StoreException("recording " + recordingId + " changed while being extended (deleted or extended "
                    + "by someone else); look at it again and retry");
        }
        return new RetentionExtension(recordingId, previous, newExpiry, index);
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
