package com.callbasis.gateway.media.srtp;

import java.util.Optional;
import org.jitsi.srtp.SrtpPolicy;

/**
 * The SRTP crypto suites this gateway can terminate, by their RFC 4568 names.
 *
 * <ul>
 *   <li>{@code AES_CM_128_HMAC_SHA1_80/32}: RFC 4568 s.6.2.1 and s.6.2.2 (AES-CM and HMAC-SHA1 of
 *       RFC 3711 s.4.1.1 and s.4.2.1). The {@code _32} suite shortens the SRTP tag only: SRTCP keeps
 *       its 80-bit tag (RFC 4568 s.6.2.2).
 *   <li>{@code AES_192_CM_*} and {@code AES_256_CM_*}: RFC 6188 s.7.1, same layout with longer keys.
 *   <li>{@code AEAD_AES_128_GCM} and {@code AEAD_AES_256_GCM}: RFC 7714 s.14.2, 96-bit salt and a
 *       16-octet GCM tag instead of HMAC.
 * </ul>
 */
public enum SrtpSuite {
    AES_CM_128_HMAC_SHA1_80(16, 14, 10, 10),
    AES_CM_128_HMAC_SHA1_32(16, 14, 4, 10),
    AES_192_CM_HMAC_SHA1_80(24, 14, 10, 10),
    AES_192_CM_HMAC_SHA1_32(24, 14, 4, 10),
    AES_256_CM_HMAC_SHA1_80(32, 14, 10, 10),
    AES_256_CM_HMAC_SHA1_32(32, 14, 4, 10),
    AEAD_AES_128_GCM(16, 12, 16, 16),
    AEAD_AES_256_GCM(32, 12, 16, 16);

    /** HMAC-SHA1 session authentication key length (RFC 3711 s.8.2: n_a = 160 bits). */
    private static final int HMAC_SHA1_KEY_LENGTH = 20;

    private final int keyLength;
    private final int saltLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;

    SrtpSuite(int keyLength, int saltLength, int rtpTagLength, int rtcpTagLength) {
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
    }

    /** The name used in {@code a=crypto} (identical to the constant's name). */
    public String sdesName() {
        return name();
    }

    /** Looks a suite up by its RFC 4568 name; names are case-sensitive in the RFC's grammar. */
    public static Optional<SrtpSuite> bySdesName(String name) {
        for (SrtpSuite s : values()) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Master key length in octets. */
    public int masterKeyLength() {
        return keyLength;
    }

    /** Master salt length in octets (112 bits for AES-CM, 96 bits for GCM). */
    public int masterSaltLength() {
        return saltLength;
    }

    /** Octets appended to each SRTP packet (authentication or GCM tag). */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** Octets appended to each SRTCP packet: the 4-octet E flag and index, plus the tag. */
    public int rtcpOverhead() {
        return 4 + rtcpTagLength;
    }

    public boolean isAead() {
        return this == AEAD_AES_128_GCM || this == AEAD_AES_256_GCM;
    }

    /** A new jitsi policy for SRTP; new each time because {@link SrtpPolicy} is mutable. */
    SrtpPolicy srtpPolicy() {
        return policy(rtpTagLength);
    }

    SrtpPolicy srtcpPolicy() {
        return policy(rtcpTagLength);
    }

    private SrtpPolicy policy(int tagLength) {
        if (isAead()) {
            return new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, keyLength,
                    SrtpPolicy.NULL_AUTHENTICATION, 0, tagLength, saltLength);
        }
        return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keyLength,
                SrtpPolicy.HMACSHA1_AUTHENTICATION, HMAC_SHA1_KEY_LENGTH, tagLength, saltLength);
    }
}
