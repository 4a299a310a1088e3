package com.callbasis.store.retention;

import java.util.List;

/**
 * Outcome of an erasure request (Art. 17). {@code refused} lists what the law or a hold keeps, with
 * the reason; {@code subjectKeyDestroyed} tells whether the subject's KEK was destroyed, which also
 * makes copies in backups unreadable.
 */
public record ErasureResult(List<String> erased, List<Refusal> refused, boolean subjectKeyDestroyed) {
    public ErasureResult {
        erased = List.copyOf(erased);
        refused = List.copyOf(refused);
    }

    /** A recording kept despite the request, and why. */
    public record Refusal(String recordingId, String reason) {}
}
