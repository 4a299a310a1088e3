package com.callbasis.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Checks consent tokens: compact JWS (RFC 7515) signed by a configured {@link ConsentTokenIssuer},
 * whose claims name the subject, tenant, purpose, capture method, notice version and the time consent
 * was given (docs/consent-tokens.md). A token that is malformed, signed by no configured issuer or
 * with another algorithm than its issuer's, expired, or about another subject, tenant or purpose is
 * not consent; the refusal says why, without echoing anything from the token.
 *
 * <p>The algorithm is the issuer's, never the token header's ({@code alg} must merely agree), so a
 * token cannot downgrade itself to {@code none} or to an HMAC keyed with a public key.
 */
public final class ConsentTokens {
    /** No issuer trusted: every token is refused (the default until issuers are configured). */
    public static final ConsentTokens NONE = new ConsentTokens(List.of(), Duration.ofSeconds(60));

    /** Longer tokens are refused unread; real ones are a few hundred characters. */
    static final int MAX_LENGTH = 4096;
    private static final int MAX_CLAIM = 256;
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Why a token does not count, as a metric label ({@code code}) and a sentence for the explanation. */
    public record Refusal(String code, String detail) {
        @Override
        public String toString() {
            return "consent token refused (" + code + "): " + detail;
        }
    }

    /** The result of checking a token's form and signature: exactly one of the two is set. */
    public record Verified(ConsentToken token, Refusal refusal) {
    }

    private final Map<String, ConsentTokenIssuer> issuers;
    /** Ed25519 keys decoded once, for Bouncy Castle's verifier (docs/benchmarks.md, consent tokens). */
    private final Map<String, Ed25519PublicKeyParameters> edKeys;
    private final Duration clockSkew;

    /**
     * @param clockSkew how far the caller's clock may be from the issuer's when checking {@code iat}
     *     and {@code exp}
     */
    public ConsentTokens(List<ConsentTokenIssuer> issuers, Duration clockSkew) {
        Map<String, ConsentTokenIssuer> m = new LinkedHashMap<>();
        for (ConsentTokenIssuer i : issuers) {
            if (m.put(i.name(), i) != null) {
                throw new IllegalArgumentException("two consent-token issuers named " + i.name());
            }
        }
        this.issuers = Map.copyOf(m);
        Map<String, Ed25519PublicKeyParameters> ed = new LinkedHashMap<>();
        for (ConsentTokenIssuer i : issuers) {
            if (i.algorithm() == ConsentTokenIssuer.Algorithm.EdDSA) {
                ed.put(i.name(), rawEd25519(i));
            }
        }
        this.edKeys = Map.copyOf(ed);
        this.clockSkew = Objects.requireNonNull(clockSkew);
    }

    public boolean isEmpty() {
        return issuers.isEmpty();
    }

    /** Checks the token's form, issuer and signature (not yet whether it fits a call). */
    public Verified verify(String compact) {
        if (issuers.isEmpty()) {
            return refused("no_issuer", "no consent-token issuer is configured");
        }
        if (compact.length() > MAX_LENGTH) {
            return refused("malformed", "longer than " + MAX_LENGTH + " characters");
        }
        String[] parts = compact.strip().split("\\.", -1);
        if (parts.length != 3) {
            return refused("malformed", "not a compact JWS (header.payload.signature)");
        }
        JsonNode header = json(parts[0]);
        JsonNode claims = json(parts[1]);
        byte[] signature = base64(parts[2]);
        if (header == null || claims == null || signature == null) {
            return refused("malformed", "a part is not base64url-encoded JSON");
        }
        if (header.has("crit")) {
            return refused("malformed", "critical header extensions are not supported");
        }
        String kid = text(header, "kid");
        ConsentTokenIssuer issuer = kid == null ? null : issuers.get(kid);
        if (issuer == null) {
            return refused("unknown_issuer", "signed by no configured issuer");
        }
        if (!issuer.algorithm().name().equals(text(header, "alg"))) {
            return refused("wrong_algorithm", "issuer " + issuer.name() + " signs with " + issuer.algorithm());
        }
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!signatureValid(issuer, edKeys.get(issuer.name()), signed, signature)) {
            return refused("bad_signature", "the signature does not verify with issuer " + issuer.name() + "'s key");
        }
        // Signed by a trusted issuer from here on; the claims are checked for form, not yet for fit.
        if (!issuer.name().equals(text(claims, "iss"))) {
            return refused("malformed", "iss is not the signing issuer " + issuer.name());
        }
        String sub = text(claims, "sub");
        String subject = sub == null ? null : SubjectIdentity.of(sub);
        String tenant = text(claims, "tenant");
        String purpose = text(claims, "purpose");
        String method = text(claims, "method");
        String notice = text(claims, "noticeVersion");
        Instant iat = numericDate(claims, "iat");
        Instant exp = numericDate(claims, "exp");
        if (sub == null || tenant == null || purpose == null || method == null || notice == null || iat == null || exp == null) {
            return refused("malformed", "sub, tenant, purpose, method, noticeVersion, iat and exp are all required");
        }
        if (!exp.isAfter(iat)) {
            return refused("malformed", "exp is not after iat");
        }
        if (Duration.between(iat, exp).compareTo(issuer.maxLifetime()) > 0) {
            return refused("lifetime_too_long", "valid for longer than issuer " + issuer.name() + "'s maxLifetime "
                    + issuer.maxLifetime());
        }
        return new Verified(new ConsentToken(issuer.name(), subject, tenant, purpose, method, notice, iat, exp,
                digest(compact.strip())), null);
    }

    /**
     * Null when the verified token is consent for this call and purpose; otherwise why not. The
     * subject must have a usable identity ({@link SubjectIdentity}): a token cannot bind a withheld caller.
     */
    public Refusal refusal(Verified v, CallFacts f, String purpose) {
        if (v.refusal() != null) {
            return v.refusal();
        }
        ConsentToken t = v.token();
        if (!issuers.get(t.issuer()).speaksFor(f.tenant())) {
            return new Refusal("issuer_not_for_tenant", "issuer " + t.issuer() + " may not vouch for tenant " + f.tenant());
        }
        if (!t.tenant().equals(f.tenant())) {
            return new Refusal("wrong_tenant", "issued for another tenant");
        }
        if (f.subjectIdentity() == null) {
            return new Refusal("no_subject", "the call's subject has no usable identity to bind the token to");
        }
        if (!f.subjectIdentity().equals(t.subjectIdentity())) {
            return new Refusal("wrong_subject", "issued for another subject");
        }
        if (!t.purpose().equals(purpose)) {
            return new Refusal("wrong_purpose", "issued for another purpose than " + purpose);
        }
        if (t.issuedAt().isAfter(f.time().plus(clockSkew))) {
            return new Refusal("not_yet_valid", "issued after the call's time (iat " + t.issuedAt() + ")");
        }
        if (!f.time().isBefore(t.expiresAt().plus(clockSkew))) {
            return new Refusal("expired", "expired at " + t.expiresAt());
        }
        return null;
    }

    private static Verified refused(String code, String detail) {
        return new Verified(null, new Refusal(code, detail));
    }

    private static boolean signatureValid(ConsentTokenIssuer issuer, Ed25519PublicKeyParameters edKey, byte[] signed,
            byte[] signature) {
        if (issuer.algorithm() == ConsentTokenIssuer.Algorithm.EdDSA) {
            if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
                return false;
            }
            Ed25519Signer v = new Ed25519Signer();
            v.init(false, edKey);
            v.update(signed, 0, signed.length);
            return v.verifySignature(signature);
        }
        try {
            Mac mac = Mac.getInstance(issuer.algorithm().jca);
            mac.init(issuer.key());
            return MessageDigest.isEqual(mac.doFinal(signed), signature); // constant time
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The 32-byte key at the end of an Ed25519 SubjectPublicKeyInfo (RFC 8410: a fixed 12-byte prefix). */
    private static Ed25519PublicKeyParameters rawEd25519(ConsentTokenIssuer i) {
        byte[] spki = ((PublicKey) i.key()).getEncoded();
        if (spki == null || spki.length != 12 + Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("issuer " + i.name() + ": not an Ed25519 public key");
        }
        return new Ed25519PublicKeyParameters(spki, 12);
    }

    private static byte[] base64(String part) {
        if (part.isEmpty() || part.indexOf('=') >= 0) {
            return null; // JWS uses unpadded base64url
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            return null;
        }
        // The decoder ignores the unused low bits of the last character, so one signature has up to 16
        // spellings, each with its own token digest: one consent would count as several. Only the
        // canonical spelling is accepted (found by bench/fuzz, ConsentTokenFuzzTarget).
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part) ? bytes : null;
    }

    private static JsonNode json(String part) {
        byte[] bytes = base64(part);
        if (bytes == null) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank() || v.asText().length() > MAX_CLAIM) {
            return null;
        }
        return v.asText();
    }

    /** RFC 7519 NumericDate, whole seconds. */
    private static Instant numericDate(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > 253402300799L) {
            return null;
        }
        return Instant.ofEpochSecond(v.asLong());
    }

    /** The token is base64url text, so its UTF-8 bytes are the ASCII ones it was signed as. */
    private static String digest(String compact) {
        return "sha256:" + Canonical.sha256Hex(compact);
    }
}
