package com.callbasis.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Evidence of consent (Art. 7(1): the controller must be able to demonstrate it): who (a pseudonymous
 * subject key, never a number), for which tenant and purpose, how it was given, under which notice
 * version, and when; {@code withdrawnAt} is set once withdrawn (Art. 7(3)).
 *
 * @param subjectKey pseudonymous key of the data subject, see {@link PolicyEngine#subjectKey(String)}
 * @param tenant tenant (controller) the consent was given to
 * @param purpose processing purpose it covers, as named by the policy's rules
 * @param method how it was captured, e.g. {@code ivr-dtmf}, {@code header-token}, {@code web}
 * @param noticeVersion version of the notice the subject was shown or played
 * @param givenAt when consent was given
 * @param withdrawnAt when it was withdrawn, or null while it stands
 */
public record ConsentRecord(String subjectKey, String tenant, String purpose, String method, String noticeVersion,
        Instant givenAt, Instant withdrawnAt) {
    public ConsentRecord {
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(noticeVersion, "noticeVersion");
        Objects.requireNonNull(givenAt, "givenAt");
        if (withdrawnAt != null && withdrawnAt.isBefore(givenAt)) {
            throw new IllegalArgumentException("consent withdrawn before it was given");
        }
    }

    /** Consent that stands (not withdrawn). */
    public static ConsentRecord given(String subjectKey, String tenant, String purpose, String method, String noticeVersion, Instant at) {
        return new ConsentRecord(subjectKey, tenant, purpose, method, noticeVersion, at, null);
    }

    /** True when consent had been given and not yet withdrawn at {@code at}: withdrawal is not retroactive. */
    public boolean activeAt(Instant at) {
        return !givenAt.isAfter(at) && (withdrawnAt == null || at.isBefore(withdrawnAt));
    }

    public ConsentRecord withdrawn(Instant at) {
        return new ConsentRecord(subjectKey, tenant, purpose, method, noticeVersion, givenAt, at);
    }
}
