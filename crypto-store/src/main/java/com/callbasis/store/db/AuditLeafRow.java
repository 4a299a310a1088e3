package com.callbasis.store.db;

import java.time.Instant;

/**
 * One audit log entry as stored: the leaf data (canonical JSON, no plaintext personal data) and its
 * RFC 6962 leaf hash. Tenant, type and time are copies of fields inside the data, for queries.
 */
public record AuditLeafRow(long index, String tenant, String eventType, Instant eventTime, byte[] data, byte[] hash) {
    public AuditLeafRow {
        data = data.clone();
        hash = hash.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditLeafRow r && r.index == index && java.util.Arrays.equals(r.data, data)
                && java.util.Arrays.equals(r.hash, hash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index);
    }

    @Override
    public String toString() {
        return "AuditLeafRow[" + index + ", " + eventType + ", " + eventTime + "]";
    }
}
