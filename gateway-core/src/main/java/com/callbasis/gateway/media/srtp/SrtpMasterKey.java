package com.callbasis.gateway.media.srtp;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * An SRTP master key and master salt (RFC 3711 s.3.2.1, s.8.2). Holds its own copies; never prints
 * them ({@link #toString()} shows lengths only) so that a log line or an exception message cannot
 * leak a call's keys. {@link #destroy()} zeroes the copies once the keys are no longer needed.
 */
public final class SrtpMasterKey {
    private final byte[] key;
    private final byte[] salt;

    private SrtpMasterKey(byte[] key, byte[] salt) {
        this.key = key;
        this.salt = salt;
    }

    /** Copies {@code key} and {@code salt}; the caller may wipe its arrays afterwards. */
    public static SrtpMasterKey of(byte[] key, byte[] salt) {
        return new SrtpMasterKey(key.clone(), salt.clone());
    }

    /** A fresh key and salt for {@code suite} from {@code random} (RFC 4568 s.10.3: keys must be random). */
    public static SrtpMasterKey generate(SrtpSuite suite, SecureRandom random) {
        byte[] k = new byte[suite.masterKeyLength()];
        byte[] s = new byte[suite.masterSaltLength()];
        random.nextBytes(k);
        random.nextBytes(s);
        return new SrtpMasterKey(k, s);
    }

    /** Splits RFC 4568's {@code key||salt} concatenation (s.6.1) for {@code suite}. */
    static SrtpMasterKey split(byte[] keyAndSalt, SrtpSuite suite) {
        int kl = suite.masterKeyLength();
        if (keyAndSalt.length != kl + suite.masterSaltLength()) {
            throw new SdesException("inline key is " + keyAndSalt.length + " octets, " + suite.sdesName()
                    + " needs " + (kl + suite.masterSaltLength()) + " (key and salt)");
        }
        return new SrtpMasterKey(Arrays.copyOfRange(keyAndSalt, 0, kl),
                Arrays.copyOfRange(keyAndSalt, kl, keyAndSalt.length));
    }

    public int keyLength() {
        return key.length;
    }

    public int saltLength() {
        return salt.length;
    }

    /** A copy of the master key; the caller should wipe it after use. */
    byte[] key() {
        return key.clone();
    }

    /** A copy of the master salt; the caller should wipe it after use. */
    byte[] salt() {
        return salt.clone();
    }

    /** {@code base64(key||salt)} as carried after {@code inline:} (RFC 4568 s.6.1). */
    String inlineBase64() {
        byte[] both = new byte[key.length + salt.length];
        System.arraycopy(key, 0, both, 0, key.length);
        System.arraycopy(salt, 0, both, key.length, salt.length);
        try {
            return Base64.getEncoder().encodeToString(both);
        } finally {
            Arrays.fill(both, (byte) 0);
        }
    }

    /** Zeroes this object's copies. Using it afterwards yields all-zero keys. */
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        Arrays.fill(salt, (byte) 0);
    }

    /** Constant-time comparison, so that equality checks do not leak key bytes through timing. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpMasterKey other
                && MessageDigest.isEqual(key, other.key)
                && MessageDigest.isEqual(salt, other.salt);
    }

    /** Does not depend on the key bytes, so hash-based containers reveal nothing about them. */
    @Override
    public int hashCode() {
        return 31 * key.length + salt.length;
    }

    @Override
    public String toString() {
        return "SrtpMasterKey[" + (key.length * 8) + "-bit key, " + (salt.length * 8) + "-bit salt, redacted]";
    }
}
