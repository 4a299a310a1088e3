package com.callbasis.policy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret the engine uses to turn parties into subject keys (HMAC-SHA-256), so decisions and
 * registries never hold a phone number or SIP URI in plain text. Does not print itself.
 */
public final class PseudonymKey {
    private final byte[] key;
    private final ThreadLocal<Mac> mac;

    private PseudonymKey(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("pseudonym key must have at least 16 bytes");
        }
        this.key = key.clone();
        SecretKeySpec spec = new SecretKeySpec(this.key, "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(spec);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
            }
        });
    }

    /** A key from stored secret bytes (at least 16). */
    public static PseudonymKey of(byte[] key) {
        return new PseudonymKey(key);
    }

    /** A fresh random 32-byte key. Subject keys differ from one key to the next. */
    public static PseudonymKey random() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new PseudonymKey(k);
    }

    /**
     * A fixed, publicly known key so that the command line and tests give reproducible output. Its
     * pseudonyms can be reversed by anyone who guesses the number: never use it on real calls.
     */
    public static PseudonymKey insecureForTesting() {
        return new PseudonymKey("callbasis-insecure-test-key-0001".getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code prefix} + first 128 bits of HMAC-SHA-256(key, text), in hex. */
    String pseudonym(String prefix, String text) {
        byte[] h = mac.get().doFinal(text.getBytes(StandardCharsets.UTF_8));
        return prefix + Canonical.hex(Arrays.copyOf(h, 16));
    }

    @Override
    public String toString() {
        return "PseudonymKey[redacted]";
    }
}
