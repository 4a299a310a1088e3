package com.callbasis.gateway.recording;

import com.callbasis.policy.Decision;
import com.callbasis.policy.Obligations;
import com.callbasis.policy.Outcome;
import java.util.Locale;

/**
 * The gateway's verdict on one call: the policy decision (null when the engine could not decide), and
 * what follows from it. {@link Outcome#RECORD} is recorded from the answer; {@link Outcome#RECORD_AFTER_NOTICE}
 * once the gateway has played the notice completely ({@link #noticeGiven()}); {@link Outcome#RECORD_AFTER_CONSENT}
 * only after the subject agreed, which makes a new decision. Until then the telephony platform is told
 * {@code pending}. {@code subjectIdentity} is the subject's normalised identity
 * ({@link com.callbasis.policy.SubjectIdentity}), null when it has none.
 */
public record GateDecision(String callRef, String tenant, String subjectIdentity, Decision decision, String failure,
        boolean noticeGiven) {
    public GateDecision(String callRef, String tenant, String subjectIdentity, Decision decision, String failure) {
        this(callRef, tenant, subjectIdentity, decision, failure, false);
    }

    /** The same call after the notice was played to its end: a notice decision now records. */
    public GateDecision withNoticeGiven() {
        return new GateDecision(callRef, tenant, subjectIdentity, decision, failure, true);
    }

    /** The same call under a new decision (consent captured or refused, withdrawal, objection). */
    public GateDecision redecided(Decision next) {
        return new GateDecision(callRef, tenant, subjectIdentity, next, null, false);
    }

    /** True while the call waits for a notice or a consent prompt before it may be recorded. */
    public boolean needsPrompt() {
        return decision != null && !noticeGiven
                && (decision.outcome() == Outcome.RECORD_AFTER_NOTICE || decision.outcome() == Outcome.RECORD_AFTER_CONSENT);
    }
    @Override
    public String toString() { // the subject identity is personal data: never printed
        return "GateDecision[" + callRef + ", " + outcomeCode() + "]";
    }

    /** True when this call is to be recorded now: decided RECORD, or decided RECORD_AFTER_NOTICE and the notice was played. */
    public boolean records() {
        return decision != null && (decision.outcome() == Outcome.RECORD
                || decision.outcome() == Outcome.RECORD_AFTER_NOTICE && noticeGiven);
    }

    public boolean suppressDtmf() {
        return decision != null && decision.obligations().contains(Obligations.SUPPRESS_DTMF);
    }

    /**
     * The {@code X-Recording} header value for the outbound INVITE, so the platform can play its own
     * notice: {@code on|off|pending; basis=...; decision=<id>} and, for pending, {@code needs=notice|consent}.
     * Never carries personal data.
     */
    public String headerValue() {
        if (decision == null) {
            return "off; reason=" + failure;
        }
        Outcome o = decision.outcome();
        String state = records() ? "on" : switch (o) {
            case RECORD -> "on";
            case RECORD_AFTER_NOTICE, RECORD_AFTER_CONSENT -> "pending";
            case DO_NOT_RECORD -> "off";
        };
        StringBuilder s = new StringBuilder(state);
        if (decision.basis() != null) {
            s.append("; basis=").append(decision.basis().code());
        }
        if (o == Outcome.RECORD_AFTER_NOTICE && !noticeGiven) {
            s.append("; needs=notice");
        } else if (o == Outcome.RECORD_AFTER_CONSENT) {
            s.append("; needs=consent");
        }
        s.append("; decision=").append(decision.decisionId());
        return s.toString();
    }

    /** Short code for logs and metrics. */
    public String outcomeCode() {
        return decision == null ? "error" : decision.outcome().name().toLowerCase(Locale.ROOT);
    }
}
