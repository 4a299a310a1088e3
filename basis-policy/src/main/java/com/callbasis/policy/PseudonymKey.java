package com.callbasis.policy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link Pseudonyms} over a secret held in memory: HMAC-SHA-256 of {@code tenant || 0x00 || identity},
 * the construction the recording store uses with its own key, so keys computed here have the same
 * shape as the store's. The running gateway uses the store's key instead (gateway-app); this class
 * serves tests and the command line. Does not print itself.
 */
public final class PseudonymKey implements Pseudonyms {
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

    /** {@code sk_} + first 160 bits of HMAC-SHA-256(key, tenant || 0x00 || identity), in hex. */
    @Override
    public String subjectKey(String tenant, String identity) {
        Mac m = mac.get();
        m.update(tenant.getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0);
        byte[] h = m.doFinal(identity.getBytes(StandardCharsets.UTF_8));
        return "sk_" + Canonical.hex(Arrays.copyOf(h, 20));
    }

    /** {@code prefix} + first 128 bits of HMAC-SHA-256(key, "ref" || 0x00 || value), in hex. */
    @Override
    public String reference(String prefix, String value) {
        Mac m = mac.get();
        m.update(REF);
        byte[] h = m.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return prefix + Canonical.hex(Arrays.copyOf(h, 16));
    }

    /** Separates references from subject keys: no tenant name starts with a 0x00 after "ref". */
    private static final byte[] REF = {'r', 'e', 'f', 0, 0};

    @Override
    public String toString() {
        return "PseudonymKey[redacted]";
    }
}
