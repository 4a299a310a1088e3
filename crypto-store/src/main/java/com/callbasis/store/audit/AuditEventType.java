package com.callbasis.store.audit;

/** Every kind of event the audit log records; the wire name is what appears in leaves. */
public enum AuditEventType {
    DECISION_MADE("decision.made"),
    RECORDING_STARTED("recording.started"),
    RECORDING_SEALED("recording.sealed"),
    RECORDING_TRUNCATED("recording.truncated"),
    /** A call whose decision was RECORD ended without a recording; says why (never silently missing). */
    RECORDING_NOT_STARTED("recording.not-started"),
    /** Writing a running recording failed; the recording holds the audio up to the failure. */
    RECORDING_FAILED("recording.failed"),
    RECORDING_PAUSED("recording.paused"),
    RECORDING_RESUMED("recording.resumed"),
    /** An in-call pause or resume refused: from an untrusted leg or peer, or a pause the policy forbids. */
    RECORDING_CONTROL_REFUSED("recording.control-refused"),
    /** The subject heard a notice or consent prompt to its end: the evidence that they were told. */
    NOTICE_PLAYED("notice.played"),
    /** The call ended (or was renegotiated away) during the notice: nothing is recorded. */
    NOTICE_ABANDONED("notice.abandoned"),
    /** The subject agreed by DTMF after the consent prompt; a consent record was written. */
    CONSENT_GIVEN("consent.given"),
    CONSENT_DECLINED("consent.declined"),
    CONSENT_TIMEOUT("consent.timeout"),
    CONSENT_ABANDONED("consent.abandoned"),
    /** The subject withdrew consent or objected during the call; says whether the recording stopped and why. */
    CONSENT_WITHDRAWN("consent.withdrawn"),
    OBJECTION_RECORDED("objection.recorded"),
    /** A mid-call withdrawal or objection that does not stop the recording (e.g. legal obligation). */
    WITHDRAWAL_REFUSED("withdrawal.refused"),
    RECORDING_REPLAYED("recording.replayed"),
    RECORDING_EXPORTED("recording.exported"),
    LEGAL_HOLD_SET("legal-hold.set"),
    LEGAL_HOLD_RELEASED("legal-hold.released"),
    SUBJECT_ERASED("subject.erased"),
    ERASURE_REFUSED("subject.erasure-refused"),
    RETENTION_DELETED("retention.deleted"),
    RETENTION_BLOCKED("retention.blocked-by-hold"),
    /** A recording's expiry moved later by an authorised change (e.g. a regulator's request after the call). */
    RETENTION_EXTENDED("retention.extended"),
    POLICY_LOADED("policy.loaded"),
    KEY_ROTATED("key.rotated"),
    AUDIT_EXPORTED("audit.exported");

    private final String wireName;

    AuditEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
