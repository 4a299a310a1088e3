package com.callbasis.policy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues real consent tokens for tests: an Ed25519 issuer {@code ivr} and an HS256 issuer {@code crm}
 * (both for any tenant, one day's lifetime), plus a key no issuer is configured with, for forgeries.
 */
final class TestTokens {
    static final byte[] CRM_SECRET = "0123456789abcdef0123456789abcdef-crm".getBytes(StandardCharsets.US_ASCII);
    static final KeyPair IVR = generate();
    static final KeyPair FORGER = generate();

    private TestTokens() {
    }

    /** Signing with the JDK's Ed25519 takes a fraction of a millisecond; brute-force searches re-sign the same claims. */
    private static final Map<String, String> SIGNED = new ConcurrentHashMap<>();
    private static final ConsentTokens TOKENS = build();

    static ConsentTokens tokens() {
        return TOKENS;
    }

    private static ConsentTokens build() {
        return new ConsentTokens(List.of(
                new ConsentTokenIssuer("ivr", ConsentTokenIssuer.Algorithm.EdDSA, IVR.getPublic(), Set.of(), Duration.ofDays(1)),
                new ConsentTokenIssuer("crm", ConsentTokenIssuer.Algorithm.HS256, new SecretKeySpec(CRM_SECRET, "HmacSHA256"),
                        Set.of(), Duration.ofDays(1))),
                Duration.ofSeconds(60));
    }

    /** A token from {@code ivr}: consent given a minute before {@code at}, valid for an hour after it. */
    static String ivr(String subject, String tenant, String purpose, Instant at) {
        return SIGNED.computeIfAbsent("ivr " + subject + " " + tenant + " " + purpose + " " + at, k -> eddsa("ivr", IVR.getPrivate(), claims("ivr", subject, tenant, purpose, at.minusSeconds(60), at.plusSeconds(3600))));
    }

    /** A token from {@code crm} (HS256, cheap to check: for brute-force searches), as {@link #ivr}. */
    static String crm(String subject, String tenant, String purpose, Instant at) {
        return SIGNED.computeIfAbsent("crm " + subject + " " + tenant + " " + purpose + " " + at, k -> hs256("crm", CRM_SECRET,
                "{\"alg\":\"HS256\",\"kid\":\"crm\"}", claims("crm", subject, tenant, purpose, at.minusSeconds(60), at.plusSeconds(3600))));
    }

    /** A {@link #crm} token signed with a secret no issuer holds. */
    static String forgedCrm(String subject, String tenant, String purpose, Instant at) {
        return SIGNED.computeIfAbsent("forged-crm " + subject + " " + tenant + " " + purpose + " " + at, k -> hs256("crm",
                "another secret, another secret, 32+".getBytes(StandardCharsets.US_ASCII), "{\"alg\":\"HS256\",\"kid\":\"crm\"}",
                claims("crm", subject, tenant, purpose, at.minusSeconds(60), at.plusSeconds(3600))));
    }

    /** The same claims signed with a key no issuer holds. */
    static String forged(String subject, String tenant, String purpose, Instant at) {
        return SIGNED.computeIfAbsent("forged " + subject + " " + tenant + " " + purpose + " " + at, k -> eddsa("ivr", FORGER.getPrivate(), claims("ivr", subject, tenant, purpose, at.minusSeconds(60), at.plusSeconds(3600))));
    }

    static String claims(String iss, String subject, String tenant, String purpose, Instant iat, Instant exp) {
        return "{\"iss\":\"" + iss + "\",\"sub\":\"" + subject + "\",\"tenant\":\"" + tenant + "\",\"purpose\":\"" + purpose
                + "\",\"method\":\"ivr-dtmf\",\"noticeVersion\":\"consent-v3\",\"iat\":" + iat.getEpochSecond()
                + ",\"exp\":" + exp.getEpochSecond() + "}";
    }

    static String eddsa(String kid, PrivateKey key, String claimsJson) {
        String input = b64("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}") + "." + b64(claimsJson);
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hs256(String kid, byte[] secret, String headerJson, String claimsJson) {
        String input = b64(headerJson) + "." + b64(claimsJson);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
