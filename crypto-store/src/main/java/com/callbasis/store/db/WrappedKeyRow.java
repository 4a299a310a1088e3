package com.callbasis.store.db;

import java.time.Instant;

/**
 * A recording's data key wrapped by a key-encryption key. The bytes are ciphertext, safe to store
 * and to print as a length; the key provider alone can unwrap them.
 */
public record WrappedKeyRow(String recordingId, String kekName, int kekVersion, byte[] wrapped, Instant updatedAt) {
    public WrappedKeyRow {
        wrapped = wrapped.clone();
    }

    @Override
    public byte[] wrapped() {
        return wrapped.clone();
    }

    @Override
    public String toString() {
        return "WrappedKeyRow[" + recordingId + ", " + kekName + " v" + kekVersion + ", " + wrapped.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrappedKeyRow w && w.recordingId.equals(recordingId) && w.kekName.equals(kekName)
                && w.kekVersion == kekVersion && java.util.Arrays.equals(w.wrapped, wrapped)
                && w.updatedAt.equals(updatedAt);
    }

    @Override
    public int hashCode() {
        return recordingId.hashCode() * 31 + kekVersion;
    }
}
