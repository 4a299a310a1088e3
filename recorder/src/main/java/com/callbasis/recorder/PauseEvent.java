package com.callbasis.recorder;

import java.time.Instant;

/**
 * A pause or resume of capture (PCI DSS 3.3.1): evidence for the audit log.
 *
 * @param kind PAUSE or RESUME
 * @param reason short code given to {@link CallRecorder#pause} (for RESUME: the resume reason, e.g.
 *     {@code operator} or {@code call-ended})
 * @param positionMillis where in the recording the silence begins (PAUSE) or ends (RESUME)
 * @param at wall-clock time of the request
 */
public record PauseEvent(Kind kind, String reason, long positionMillis, Instant at) {
    public enum Kind { PAUSE, RESUME }
}
