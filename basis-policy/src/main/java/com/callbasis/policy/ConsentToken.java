package com.callbasis.policy;

import java.time.Instant;

/**
 * The claims of a consent token whose signature verified: who captured consent (issuer), from whom
 * (the subject's normalised identity, never printed), for which tenant and purpose, how, after which
 * notice, when, and until when the token may be presented. Whether it fits a call is checked by
 * {@link ConsentTokens#refusal}.
 *
 * @param digest {@code sha256:} and the hex SHA-256 of the token as presented, so an auditor can tie
 *     the decision to the token the issuer kept (the token's signature makes the digest unguessable)
 */
public record ConsentToken(String issuer, String subjectIdentity, String tenant, String purpose, String method,
                           String noticeVersion, Instant issuedAt, Instant expiresAt, String digest) {
}
