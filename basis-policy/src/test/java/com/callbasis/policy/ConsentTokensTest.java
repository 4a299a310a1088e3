package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 2: any {@code X-Consent-Token} value counted as consent evidence. Now only a token
 * signed by a configured issuer, for this subject, tenant and purpose, and not expired, is consent.
 */
class ConsentTokensTest {
    static final Instant AT = Instant.parse("2026-03-03T10:00:00Z");
    static final String CALLER = "+493012345678";
    static final String POLICY = """
            version: 1
            tenants: {t1: {}, t2: {}}
            retentionClasses: {qa: P30D}
            rules:
              - {id: by-token, match: {tenant: [t1, t2], consent: token}, record: true, basis: consent, purpose: service, retention: qa}
              - {id: capture, match: {tenant: [t1, t2]}, record: true, basis: consent, purpose: service, retention: qa, obligations: [require_consent_dtmf]}
            """;

    final ConsentTokens tokens = TestTokens.tokens();

    static CallFacts call(String token) {
        return CallFacts.builder().tenant("t1").direction(Direction.INBOUND).caller(CALLER).callee("+4940123456789")
                .time(AT).consentToken(token).build();
    }

    Decision decide(String token) throws Exception {
        PolicyEngine engine = new PolicyEngine(PolicyLoader.loadString(POLICY, "p.yaml"), new InMemoryConsentRegistry(),
                new InMemoryObjectionRegistry(), PseudonymKey.insecureForTesting(), tokens, Clock.systemUTC());
        return engine.decide(call(token));
    }

    String refusal(String token, String purpose) {
        ConsentTokens.Refusal r = tokens.refusal(tokens.verify(token), call(token), purpose);
        return r == null ? null : r.code();
    }

    @Test
    void anyConsentTokenValueNoLongerCountsAsConsent() throws Exception {
        Decision d = decide("anything");
        assertThat(d.rule()).isEqualTo("capture");
        assertThat(d.outcome()).isEqualTo(Outcome.RECORD_AFTER_CONSENT);
        assertThat(d.evidence()).doesNotContainKey("consentToken");
        assertThat(d.consentTokenRefusal()).map(ConsentTokens.Refusal::code).contains("malformed");
        assertThat(d.canonicalJson()).contains("consent token refused (malformed)");
    }

    @Test
    void aSignedTokenForThisCallIsConsentAndIsNamedInTheEvidence() throws Exception {
        String token = TestTokens.ivr(CALLER, "t1", "service", AT);
        Decision d = decide(token);
        assertThat(d.rule()).isEqualTo("by-token");
        assertThat(d.outcome()).isEqualTo(Outcome.RECORD);
        assertThat(d.consentTokenRefusal()).isEmpty();
        JsonNode ev = new ObjectMapper().readTree(d.canonicalJson()).get("evidence").get("consentToken");
        assertThat(ev.get("issuer").asText()).isEqualTo("ivr");
        assertThat(ev.get("method").asText()).isEqualTo("ivr-dtmf");
        assertThat(ev.get("noticeVersion").asText()).isEqualTo("consent-v3");
        assertThat(ev.get("purpose").asText()).isEqualTo("service");
        assertThat(ev.get("givenAt").asText()).isEqualTo("2026-03-03T09:59:00Z");
        assertThat(ev.get("expiresAt").asText()).isEqualTo("2026-03-03T11:00:00Z");
        assertThat(ev.get("digest").asText()).matches("sha256:[0-9a-f]{64}");
        // the token carries the number; the decision (and so the audit log) must not
        assertThat(d.canonicalJson()).doesNotContain(CALLER).doesNotContain(token);
    }

    @Test
    void anHs256TokenFromTheCrmVerifies() {
        String token = TestTokens.hs256("crm", TestTokens.CRM_SECRET, "{\"alg\":\"HS256\",\"kid\":\"crm\"}",
                TestTokens.claims("crm", "tel:+49 30 1234-5678", "t1", "service", AT.minusSeconds(5), AT.plusSeconds(600)));
        assertThat(refusal(token, "service")).isNull();
    }

    @Test
    void aForgedOrTamperedTokenIsRefused() {
        assertThat(refusal(TestTokens.forged(CALLER, "t1", "service", AT), "service")).isEqualTo("bad_signature");
        String good = TestTokens.ivr(CALLER, "t1", "service", AT);
        String[] p = good.split("\\.");
        String otherClaims = TestTokens.b64(TestTokens.claims("ivr", "+442079460123", "t1", "service", AT.minusSeconds(60),
                AT.plusSeconds(3600)));
        assertThat(refusal(p[0] + "." + otherClaims + "." + p[2], "service")).isEqualTo("bad_signature");
        assertThat(refusal(p[0] + "." + p[1] + ".", "service")).isEqualTo("malformed");
        assertThat(refusal(good + "=", "service")).isEqualTo("malformed");
    }

    /** Found by bench/fuzz: the last character's unused bits gave one signature several spellings, and so several digests. */
    @Test
    void aSignatureSpelledNonCanonicallyIsRefused() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (String good : new String[] {TestTokens.ivr(CALLER, "t1", "service", AT), TestTokens.crm(CALLER, "t1", "service", AT)}) {
            assertThat(refusal(good, "service")).isNull();
            char last = good.charAt(good.length() - 1);
            // Ed25519 (64 bytes) leaves 4 unused bits in the last character, HMAC-SHA256 (32 bytes) 2: flip the lowest.
            String respelled = good.substring(0, good.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
            assertThat(java.util.Base64.getUrlDecoder().decode(respelled.substring(respelled.lastIndexOf('.') + 1)))
                    .as("the same signature bytes").isEqualTo(java.util.Base64.getUrlDecoder().decode(good.substring(good.lastIndexOf('.') + 1)));
            assertThat(refusal(respelled, "service")).isEqualTo("malformed");
        }
    }

    @Test
    void theAlgorithmIsTheIssuersNotTheTokens() {
        String claims = TestTokens.claims("ivr", CALLER, "t1", "service", AT.minusSeconds(60), AT.plusSeconds(60));
        // alg none, and an HMAC "keyed" with the issuer's public key (the classic JWS confusion)
        assertThat(refusal(TestTokens.b64("{\"alg\":\"none\",\"kid\":\"ivr\"}") + "." + TestTokens.b64(claims) + ".", "service"))
                .isEqualTo("malformed");
        assertThat(refusal(TestTokens.b64("{\"alg\":\"none\",\"kid\":\"ivr\"}") + "." + TestTokens.b64(claims) + ".c2ln", "service"))
                .isEqualTo("wrong_algorithm");
        assertThat(refusal(TestTokens.hs256("ivr", TestTokens.IVR.getPublic().getEncoded(), "{\"alg\":\"HS256\",\"kid\":\"ivr\"}", claims),
                "service")).isEqualTo("wrong_algorithm");
        assertThat(refusal(TestTokens.hs256("nobody", TestTokens.CRM_SECRET, "{\"alg\":\"HS256\",\"kid\":\"nobody\"}", claims),
                "service")).isEqualTo("unknown_issuer");
    }

    @Test
    void aTokenForAnotherSubjectTenantOrPurposeIsRefused() {
        assertThat(refusal(TestTokens.ivr("+442079460123", "t1", "service", AT), "service")).isEqualTo("wrong_subject");
        assertThat(refusal(TestTokens.ivr(CALLER, "t2", "service", AT), "service")).isEqualTo("wrong_tenant");
        assertThat(refusal(TestTokens.ivr(CALLER, "t1", "sales", AT), "service")).isEqualTo("wrong_purpose");
        assertThat(refusal(TestTokens.ivr(CALLER, "t1", "service", AT), null)).isEqualTo("wrong_purpose");
    }

    @Test
    void anExpiredNotYetValidOrTooLongLivedTokenIsRefused() {
        String expired = TestTokens.eddsa("ivr", TestTokens.IVR.getPrivate(),
                TestTokens.claims("ivr", CALLER, "t1", "service", AT.minusSeconds(7200), AT.minusSeconds(61)));
        assertThat(refusal(expired, "service")).isEqualTo("expired");
        String withinSkew = TestTokens.eddsa("ivr", TestTokens.IVR.getPrivate(),
                TestTokens.claims("ivr", CALLER, "t1", "service", AT.minusSeconds(7200), AT.minusSeconds(30)));
        assertThat(refusal(withinSkew, "service")).isNull();
        String future = TestTokens.eddsa("ivr", TestTokens.IVR.getPrivate(),
                TestTokens.claims("ivr", CALLER, "t1", "service", AT.plusSeconds(3600), AT.plusSeconds(7200)));
        assertThat(refusal(future, "service")).isEqualTo("not_yet_valid");
        String yearLong = TestTokens.eddsa("ivr", TestTokens.IVR.getPrivate(),
                TestTokens.claims("ivr", CALLER, "t1", "service", AT.minusSeconds(60), AT.plusSeconds(366L * 86400)));
        assertThat(refusal(yearLong, "service")).isEqualTo("lifetime_too_long");
    }

    @Test
    void aWithheldCallerCannotBeBoundByAToken() {
        String token = TestTokens.ivr("sip:anonymous@anonymous.invalid", "t1", "service", AT);
        CallFacts f = CallFacts.builder().tenant("t1").direction(Direction.INBOUND).caller("sip:anonymous@anonymous.invalid")
                .callee("+4940123456789").time(AT).consentToken(token).build();
        assertThat(tokens.refusal(tokens.verify(token), f, "service").code()).isEqualTo("no_subject");
    }

    @Test
    void anIssuerLimitedToOneTenantCannotVouchForAnother() {
        ConsentTokens onlyT2 = new ConsentTokens(java.util.List.of(new ConsentTokenIssuer("ivr", ConsentTokenIssuer.Algorithm.EdDSA,
                TestTokens.IVR.getPublic(), java.util.Set.of("t2"), java.time.Duration.ofDays(1))), java.time.Duration.ofSeconds(60));
        String token = TestTokens.ivr(CALLER, "t1", "service", AT);
        assertThat(onlyT2.refusal(onlyT2.verify(token), call(token), "service").code()).isEqualTo("issuer_not_for_tenant");
    }

    @Test
    void withoutIssuersNoTokenCounts() {
        String token = TestTokens.ivr(CALLER, "t1", "service", AT);
        assertThat(ConsentTokens.NONE.verify(token).refusal().code()).isEqualTo("no_issuer");
    }
}
