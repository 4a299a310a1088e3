package com.callbasis.store.retention;

import java.time.Instant;

/**
 * A recording's retention moved later: its expiry before and after, and the audit leaf that records
 * the change ({@code retention.extended}).
 */
public record RetentionExtension(String recordingId, Instant previousExpiresAt, Instant expiresAt, long auditIndex) {}
