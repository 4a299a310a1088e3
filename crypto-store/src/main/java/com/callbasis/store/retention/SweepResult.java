package com.callbasis.store.retention;

import java.time.Instant;
import java.util.List;

/** Outcome of a retention sweep: ids deleted, and ids past expiry kept because of a legal hold. */
public record SweepResult(Instant at, List<String> deleted, List<String> blockedByLegalHold) {
    public SweepResult {
        deleted = List.copyOf(deleted);
        blockedByLegalHold = List.copyOf(blockedByLegalHold);
    }
}
