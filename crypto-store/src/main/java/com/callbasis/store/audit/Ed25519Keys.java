package com.callbasis.store.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** Raw 32-byte Ed25519 keys to and from the JDK's encoded forms (fixed DER prefixes, RFC 8410). */
final class Ed25519Keys {
    private static final byte[] SPKI_PREFIX = hex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

    private Ed25519Keys() {}

    static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 32) {
            throw new GeneralSecurityException("Ed25519 public key must be 32 bytes");
        }
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, raw)));
    }

    static PrivateKey privateKey(byte[] seed) throws GeneralSecurityException {
        if (seed.length != 32) {
            throw new GeneralSecurityException("Ed25519 private key must be 32 bytes");
        }
        byte[] der = concat(PKCS8_PREFIX, seed);
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    static byte[] rawPublic(PublicKey k) throws GeneralSecurityException {
        byte[] enc = k.getEncoded();
        if (enc.length != 44 || !Arrays.equals(Arrays.copyOf(enc, 12), SPKI_PREFIX)) {
            throw new GeneralSecurityException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(enc, 12, 44);
    }

    /** The 32-byte seed; the caller must wipe it. */
    static byte[] rawPrivate(PrivateKey k) throws GeneralSecurityException {
        byte[] enc = k.getEncoded();
        try {
            if (enc.length != 48 || !Arrays.equals(Arrays.copyOf(enc, 16), PKCS8_PREFIX)) {
                throw new GeneralSecurityException("not an Ed25519 private key");
            }
            return Arrays.copyOfRange(enc, 16, 48);
        } finally {
            Arrays.fill(enc, (byte) 0);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
