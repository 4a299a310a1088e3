package com.callbasis.gateway.media.srtp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent, deliberately plain SRTP sender written from RFC 3711 (AES-CM and HMAC-SHA1 only),
 * using the JDK's AES and HMAC. It is checked against the RFC's Appendix B vectors and then used as
 * the oracle for jitsi-srtp's output. Key derivation rate 0, no MKI.
 */
final class ReferenceSrtp {
    static final HexFormat HEX = HexFormat.of();

    private ReferenceSrtp() {
    }

    static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    /** AES in counter mode from {@code iv} (RFC 3711 s.4.1.1): the first {@code len} keystream octets. */
    static byte[] keystream(byte[] key, byte[] iv, int len) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return c.doFinal(new byte[len]);
    }

    /**
     * RFC 3711 s.4.3.1 with kdr = 0: x = (label || r=0, 48 bits) XOR master_salt, then AES-CM keyed
     * by the master key with IV = x * 2^16.
     */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int len) throws GeneralSecurityException {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, 14);
        iv[7] ^= (byte) label; // key_id = label || r is 7 octets, right-aligned against the 14-octet salt
        return keystream(masterKey, iv, len);
    }

    /** RFC 3711 s.4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16). */
    static byte[] rtpIv(byte[] sessionSalt, int ssrc, long index) {
        byte[] iv = new byte[16];
        System.arraycopy(sessionSalt, 0, iv, 0, 14);
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
        return iv;
    }

    /** Session keys for SRTP (labels 0,1,2) or SRTCP (3,4,5), RFC 3711 s.4.3.2. */
    record SessionKeys(byte[] enc, byte[] auth, byte[] salt) {
        static SessionKeys of(byte[] masterKey, byte[] masterSalt, boolean rtcp) throws GeneralSecurityException {
            int base = rtcp ? 3 : 0;
            return new SessionKeys(derive(masterKey, masterSalt, base, masterKey.length),
                    derive(masterKey, masterSalt, base + 1, 20), derive(masterKey, masterSalt, base + 2, 14));
        }
    }

    /** Protects an RTP packet (no CSRC, no extension) with ROC {@code roc}; tag of {@code tagLen}. */
    static byte[] protectRtp(byte[] masterKey, byte[] masterSalt, byte[] rtp, int roc, int tagLen)
            throws GeneralSecurityException {
        SessionKeys k = SessionKeys.of(masterKey, masterSalt, false);
        ByteBuffer b = ByteBuffer.wrap(rtp);
        int headerLen = 12 + (rtp[0] & 0x0f) * 4;
        int seq = b.getShort(2) & 0xffff;
        int ssrc = b.getInt(8);
        long index = ((long) roc << 16) | seq;
        byte[] ks = keystream(k.enc, rtpIv(k.salt, ssrc, index), rtp.length - headerLen);
        byte[] out = Arrays.copyOf(rtp, rtp.length + tagLen);
        for (int i = headerLen; i < rtp.length; i++) {
            out[i] ^= ks[i - headerLen];
        }
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(k.auth, "HmacSHA1"));
        mac.update(out, 0, rtp.length);
        mac.update(ByteBuffer.allocate(4).putInt(roc).array()); // authenticated portion || ROC (s.4.2)
        System.arraycopy(mac.doFinal(), 0, out, rtp.length, tagLen);
        return out;
    }

    /** Protects an RTCP compound packet with SRTCP index {@code index}, E=1, 80-bit tag (s.3.4). */
    static byte[] protectRtcp(byte[] masterKey, byte[] masterSalt, byte[] rtcp, int index)
            throws GeneralSecurityException {
        SessionKeys k = SessionKeys.of(masterKey, masterSalt, true);
        int ssrc = ByteBuffer.wrap(rtcp).getInt(4);
        byte[] iv = new byte[16];
        System.arraycopy(k.salt, 0, iv, 0, 14);
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
            iv[10 + i] ^= (byte) (index >>> (24 - 8 * i)); // the 31-bit SRTCP index takes the low 48 bits' place
        }
        byte[] ks = keystream(k.enc, iv, rtcp.length - 8);
        byte[] out = Arrays.copyOf(rtcp, rtcp.length + 4 + 10);
        for (int i = 8; i < rtcp.length; i++) {
            out[i] ^= ks[i - 8];
        }
        ByteBuffer.wrap(out).putInt(rtcp.length, index | 0x80000000);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(k.auth, "HmacSHA1"));
        mac.update(out, 0, rtcp.length + 4);
        System.arraycopy(mac.doFinal(), 0, out, rtcp.length + 4, 10);
        return out;
    }
}
