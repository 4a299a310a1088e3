package com.callbasis.gateway.notice;

import com.callbasis.policy.Decision;
import com.callbasis.policy.Notice;
import com.callbasis.policy.NoticeChoice;
import java.util.Optional;

/** Turns the policy's notice choice for a call into the gateway's {@link PromptPlan}. */
public final class PromptPlans {
    private PromptPlans() {
    }

    /** The notice or consent prompt the decision names; empty when it names none. */
    public static Optional<PromptPlan> of(Decision d) {
        return d.notice().map(PromptPlans::of);
    }

    /** A choice of notice and language as a plan (a confirmation plays like a notice: no digit follows). */
    public static PromptPlan of(NoticeChoice c) {
        Notice n = c.notice();
        boolean consent = n.kind() == Notice.Kind.CONSENT;
        return new PromptPlan(c.id(), c.version(), c.language(), c.audioSha256(), consent,
                consent ? n.agreeDigit().charAt(0) : '\0', consent ? n.declineDigit().charAt(0) : '\0',
                consent ? n.timeout() : java.time.Duration.ZERO, consent ? n.repeats() : 0);
    }
}
