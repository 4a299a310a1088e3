package com.callbasis.store.db;

import java.time.Instant;

/** A signed checkpoint as issued: tree size, root hash and the full signed note text. */
public record CheckpointRow(long treeSize, byte[] rootHash, String note, Instant createdAt) {
    public CheckpointRow {
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckpointRow r && r.treeSize == treeSize && r.note.equals(note);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(treeSize);
    }
}
