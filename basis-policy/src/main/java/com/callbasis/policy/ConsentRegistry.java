package com.callbasis.policy;

import java.time.Instant;
import java.util.Optional;

/**
 * Consent given and withdrawn, with its evidence. The in-memory implementation serves tests and the
 * command line; the persistent one lives in the crypto-store's metadata database and plugs in here.
 * Implementations must be thread-safe.
 */
public interface ConsentRegistry {
    /** The consent that stood at {@code at} for this subject, tenant and purpose, if any. */
    Optional<ConsentRecord> find(String subjectKey, String tenant, String purpose, Instant at);

    /** Stores consent just given. */
    void record(ConsentRecord consent);

    /**
     * Marks standing consent withdrawn from {@code at} on; earlier decisions stay valid (Art. 7(3)).
     *
     * @return true when there was standing consent to withdraw
     */
    boolean withdraw(String subjectKey, String tenant, String purpose, Instant at);
}
