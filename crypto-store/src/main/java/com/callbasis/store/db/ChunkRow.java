package com.callbasis.store.db;

import java.time.Instant;

/** A sealed chunk: every plaintext byte before {@code plaintextEnd} is durable and readable. */
public record ChunkRow(String recordingId, int seq, long plaintextEnd, Instant sealedAt) {}
