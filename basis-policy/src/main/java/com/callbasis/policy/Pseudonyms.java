package com.callbasis.policy;

/**
 * The one keyed pseudonymisation the gateway uses for data subjects, everywhere: consent and
 * objection registries, decisions, the recording store and the audit log. In the running gateway the
 * key is the recording store's and never leaves it (gateway-app adapts the store to this interface);
 * {@link PseudonymKey} is the same construction over a key given in memory (tests, command line).
 *
 * <p>Keyed per tenant: the same person calling two tenants of one outsourced contact centre gets two
 * unrelated keys, so the tenants' data cannot be linked through them.
 */
public interface Pseudonyms {
    /**
     * The tenant-scoped pseudonymous key of a subject, {@code sk_} and 40 hex digits.
     *
     * @param identity a normalised identity from {@link SubjectIdentity#of(String)}, never a raw header value
     */
    String subjectKey(String tenant, String identity);

    /**
     * A keyed, non-reversible reference for a value that is not a subject (a call id, a consent
     * token): {@code prefix} and 32 hex digits; the same value always gives the same reference.
     */
    String reference(String prefix, String value);
}
