package com.callbasis.store.db;

import java.time.Instant;

/**
 * What remains of a deleted recording: no subject, no decision text, no audio; enough to answer
 * "what happened to recording X and when" and to point at the audit entry.
 */
public record Tombstone(String recordingId, String tenant, String basis, String reason, Instant retentionExpiresAt,
        Instant deletedAt, Long auditIndex) {}
