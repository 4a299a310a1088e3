package com.callbasis.api.calls;

import java.time.Instant;

/**
 * A call in progress as the API shows it: a reference, never a number or URI.
 *
 * @param ref the gateway's call reference (what pause and resume name)
 * @param recording {@code recording}, {@code paused}, {@code pending} (notice or consent under way) or
 *     {@code not-recorded}
 * @param pauseAllowed false where the decision forbids pausing (a legal-obligation recording)
 */
public record LiveCall(String ref, String tenant, String queue, String basis, String outcome, String recording,
        boolean pauseAllowed, Instant startedAt) {}
