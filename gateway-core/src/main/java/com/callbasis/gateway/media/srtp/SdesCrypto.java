package com.callbasis.gateway.media.srtp;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One {@code a=crypto} attribute value (RFC 4568 s.4, s.9.1):
 * {@code tag SP crypto-suite SP inline:base64(key||salt)[|lifetime][|mki:length] *(SP session-param)}.
 *
 * <p>Immutable apart from {@link SrtpMasterKey#destroy()}. {@link #toString()} never shows the key;
 * {@link #toAttributeValue()} does, because the SDP has to carry it.
 *
 * <p>What is accepted ({@link SdesCryptoParser} says why):
 * <ul>
 *   <li>only the first key parameter when several are given (s.6.1 allows several with MKIs; jitsi
 *       has one master key per direction);
 *   <li>a lifetime and an MKI are parsed and kept, but {@link SrtpTransform} refuses keys with an MKI
 *       because jitsi-srtp neither writes nor strips the MKI field (RFC 3711 s.3.1);
 *   <li>session parameters {@code WSH} (a hint, s.6.3.6), {@code FEC_ORDER=FEC_SRTP} (the default,
 *       s.6.3.4) and extensions marked optional with {@code -} (s.6.3.7 grammar) are kept; every
 *       other one is refused.
 * </ul>
 */
public final class SdesCrypto {
    /** RFC 4568 s.9.1: {@code tag = 1*9DIGIT}. */
    public static final int MAX_TAG = 999_999_999;

    private final int tag;
    private final SrtpSuite suite;
    private final SrtpMasterKey masterKey;
    private final long lifetime;
    private final long mkiValue;
    private final int mkiLength;
    private final List<String> sessionParameters;

    SdesCrypto(int tag, SrtpSuite suite, SrtpMasterKey masterKey, long lifetime, long mkiValue, int mkiLength,
            List<String> sessionParameters) {
        if (tag < 0 || tag > MAX_TAG) {
            throw new SdesException("tag out of range 0.." + MAX_TAG + ": " + tag);
        }
        if (masterKey.keyLength() != suite.masterKeyLength() || masterKey.saltLength() != suite.masterSaltLength()) {
            throw new SdesException("master key does not fit " + suite.sdesName() + ": " + masterKey);
        }
        this.tag = tag;
        this.suite = Objects.requireNonNull(suite);
        this.masterKey = masterKey;
        this.lifetime = lifetime;
        this.mkiValue = mkiValue;
        this.mkiLength = mkiLength;
        this.sessionParameters = List.copyOf(sessionParameters);
    }

    /** Parses an attribute value; {@code a=crypto:} or {@code crypto:} in front is tolerated. */
    public static SdesCrypto parse(String attributeValue) {
        return SdesCryptoParser.parse(attributeValue);
    }

    /** A fresh random master key for {@code suite}, no lifetime, no MKI, no session parameters. */
    public static SdesCrypto generate(int tag, SrtpSuite suite, SecureRandom random) {
        return new SdesCrypto(tag, suite, SrtpMasterKey.generate(suite, random), 0, 0, 0, List.of());
    }

    /** Uses {@code key} as given, for tests and for keys that come from elsewhere. */
    public static SdesCrypto of(int tag, SrtpSuite suite, SrtpMasterKey key) {
        return new SdesCrypto(tag, suite, key, 0, 0, 0, List.of());
    }

    public int tag() {
        return tag;
    }

    public SrtpSuite suite() {
        return suite;
    }

    public SrtpMasterKey masterKey() {
        return masterKey;
    }

    /** Maximum number of SRTP (and, separately, SRTCP) packets under this key (s.6.1), if given. */
    public OptionalLong lifetime() {
        return lifetime == 0 ? OptionalLong.empty() : OptionalLong.of(lifetime);
    }

    public boolean hasMki() {
        return mkiLength != 0;
    }

    /** The MKI value, if the key parameter had one. */
    public OptionalLong mkiValue() {
        return hasMki() ? OptionalLong.of(mkiValue) : OptionalLong.empty();
    }

    /** MKI length in octets (1..128), 0 without MKI. */
    public int mkiLength() {
        return mkiLength;
    }

    /** The session parameters that were accepted, in their original spelling. */
    public List<String> sessionParameters() {
        return sessionParameters;
    }

    /** The value that goes after {@code a=crypto:} in SDP. Contains the key: do not log it. */
    public String toAttributeValue() {
        StringBuilder b = new StringBuilder(80).append(tag).append(' ').append(suite.sdesName())
                .append(" inline:").append(masterKey.inlineBase64());
        appendKeyOptions(b);
        for (String p : sessionParameters) {
            b.append(' ').append(p);
        }
        return b.toString();
    }

    private void appendKeyOptions(StringBuilder b) {
        if (lifetime != 0) {
            b.append('|');
            if (Long.bitCount(lifetime) == 1) {
                b.append("2^").append(Long.numberOfTrailingZeros(lifetime));
            } else {
                b.append(lifetime);
            }
        }
        if (mkiLength != 0) {
            b.append('|').append(Long.toUnsignedString(mkiValue)).append(':').append(mkiLength);
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("SdesCrypto[").append(tag).append(' ').append(suite.sdesName())
                .append(" inline:<redacted>");
        appendKeyOptions(b);
        for (String p : sessionParameters) {
            b.append(' ').append(p);
        }
        return b.append(']').toString();
    }
}
