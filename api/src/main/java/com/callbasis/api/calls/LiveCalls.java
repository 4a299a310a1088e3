package com.callbasis.api.calls;

import java.util.List;
import java.util.Optional;

/**
 * The API's only view of live calls; gateway-app adapts gateway-core's B2BUA to it, so this module
 * never reaches into gateway-core. Implementations are thread-safe.
 */
public interface LiveCalls {
    /** Calls in progress in one of {@code tenants}. */
    List<LiveCall> list(java.util.Set<String> tenants);

    Optional<LiveCall> find(String ref);

    /**
     * Pauses or resumes the recording of a live call; takes effect before it returns (the recorder
     * masks from that instant). {@code actor} is the pseudonymous principal id the audit names.
     */
    Result control(String ref, boolean pause, String reason, String actor);

    enum Result { DONE, NOT_FOUND, NOT_RECORDING, FORBIDDEN_BY_POLICY, ALREADY }
}
