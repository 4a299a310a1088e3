package com.callbasis.store.db;

import java.time.Instant;
import java.util.List;

/**
 * A recording's metadata. Subject keys are pseudonymous (never a phone number); the decision JSON is
 * the lawful-basis module's canonical justification. {@code retentionExpiresAt} is when the recording
 * is deleted (extended later by an authorised change, never shortened); {@code retentionMinimumUntil}
 * is the retention class's floor, before which neither erasure nor deletion may remove it, or null
 * when the class declares none.
 */
public record RecordingRow(
        String id,
        String tenant,
        List<String> subjectKeys,
        String decisionId,
        String basis,
        String purpose,
        String policyDigest,
        String decisionJson,
        String retentionClass,
        String retentionPeriod,
        Instant retentionExpiresAt,
        Instant retentionMinimumUntil,
        boolean legalHold,
        String legalHoldReason,
        RecordingState state,
        String objectKey,
        String kekName,
        Instant createdAt,
        Instant finishedAt,
        long plaintextBytes,
        long segmentCount,
        int chunkCount,
        boolean complete,
        String gapNote) {
    public RecordingRow {
        subjectKeys = List.copyOf(subjectKeys);
    }
}
