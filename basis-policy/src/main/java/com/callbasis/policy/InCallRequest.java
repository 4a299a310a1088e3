package com.callbasis.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link PolicyEngine#withdrawOrObject} made of a caller's in-call request to stop recording
 * (e.g. star nine): the call's decision afterwards, whether recording stops, and why, as a stable
 * code for the audit log.
 *
 * @param decision the call's decision now: a new one superseding the previous when recording stops,
 *     else the unchanged current one
 * @param stopsRecording whether the gateway must stop (or not start) recording from now on
 * @param reason {@link #CONSENT_WITHDRAWN}, {@link #OBJECTION_RECORDED}, {@link #CONSENT_DECLINED},
 *     {@link #BASIS_NOT_WITHDRAWABLE} or {@link #NOT_RECORDING}
 * @param confirmation the tenant's withdrawal confirmation to play, when recording stops and the policy
 *     names one; else null
 */
public record InCallRequest(Decision decision, boolean stopsRecording, String reason, NoticeChoice confirmation) {
    /** Consent was the basis; it is withdrawn (Art. 7(3)); recording stops. */
    public static final String CONSENT_WITHDRAWN = "consent_withdrawn";
    /** Legitimate interests or public task; the objection (Art. 21) is recorded; recording stops. */
    public static final String OBJECTION_RECORDED = "objection_recorded";
    /** Consent was still being asked for; the request counts as declining; nothing is recorded. */
    public static final String CONSENT_DECLINED = "consent_declined";
    /** Legal obligation, contract or vital interests: neither withdrawal nor objection stops it; recording goes on. */
    public static final String BASIS_NOT_WITHDRAWABLE = "basis_not_withdrawable";
    /** The call is not being recorded; nothing changes. */
    public static final String NOT_RECORDING = "not_recording";

    static final Set<String> REASONS = Set.of(CONSENT_WITHDRAWN, OBJECTION_RECORDED, CONSENT_DECLINED, BASIS_NOT_WITHDRAWABLE,
            NOT_RECORDING);

    public InCallRequest {
        Objects.requireNonNull(decision, "decision");
        if (!REASONS.contains(reason)) {
            throw new IllegalArgumentException("unknown reason " + reason);
        }
    }

    /** The withdrawal confirmation to play, if any. */
    public Optional<NoticeChoice> confirmationToPlay() {
        return Optional.ofNullable(confirmation);
    }
}
