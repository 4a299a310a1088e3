package com.callbasis.gateway.recording;

import com.callbasis.policy.Decision;
import com.callbasis.policy.Obligations;
import com.callbasis.policy.Outcome;
import java.util.Locale;

/**
 * The gateway's verdict on one call: the policy decision (null when the engine could not decide), and
 * what follows from it for this release. Only {@link Outcome#RECORD} is recorded; outcomes that need
 * an announcement or consent capture first are signalled to the telephony platform as {@code pending}
 * and not recorded (announcements come later). {@code subjectIdentity} is the caller's normalised
 * identity ({@link com.callbasis.policy.SubjectIdentity}), null when the caller has none.
 */
public record GateDecision(String callRef, String tenant, String subjectIdentity, Decision decision, String failure) {
    @Override
    public String toString() { // the subject identity is personal data: never printed
        return "GateDecision[" + callRef + ", " + outcomeCode() + "]";
    }

    /** True when this call is to be recorded from its answer. */
    public boolean records() {
        return decision != null && decision.outcome() == Outcome.RECORD;
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
        String state = switch (o) {
            case RECORD -> "on";
            case RECORD_AFTER_NOTICE, RECORD_AFTER_CONSENT -> "pending";
            case DO_NOT_RECORD -> "off";
        };
        StringBuilder s = new StringBuilder(state);
        if (decision.basis() != null) {
            s.append("; basis=").append(decision.basis().code());
        }
        if (o == Outcome.RECORD_AFTER_NOTICE) {
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
