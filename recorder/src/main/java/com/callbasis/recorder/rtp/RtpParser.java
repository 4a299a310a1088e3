package com.callbasis.recorder.rtp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Parses RTP datagrams (RFC 3550 s.5.1) and counts what it rejects. Bad input never escapes as an
 * exception: {@link #parse} returns {@code null} and the reason is counted in {@link #rejected()}.
 * Thread-safe (the counters are atomic; parsing itself is stateless).
 */
public final class RtpParser {
    /** RFC 3550 s.5.1: the fixed header is 12 bytes. */
    public static final int FIXED_HEADER = 12;

    private final AtomicLongArray rejected = new AtomicLongArray(RtpParseError.values().length);

    /** Parses {@code len} bytes at {@code off}; returns null (and counts the reason) when invalid. */
    public RtpPacket parse(byte[] buf, int off, int len) {
        Object r = parseOrError(buf, off, len);
        if (r instanceof RtpParseError e) {
            rejected.incrementAndGet(e.ordinal());
            return null;
        }
        return (RtpPacket) r;
    }

    /**
     * Validates and parses; returns either an {@link RtpPacket} or the {@link RtpParseError}. Checks
     * follow RFC 3550 A.1: version 2, the CSRC list and the extension within the datagram, a padding
     * count that is not zero and not past the header ("the last octet of the padding contains a count
     * of how many padding octets should be ignored, including itself").
     */
    public static Object parseOrError(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off + len > buf.length) {
            return RtpParseError.TOO_SHORT;
        }
        if (len < FIXED_HEADER) {
            return RtpParseError.TOO_SHORT;
        }
        int b0 = buf[off] & 0xFF;
        int b1 = buf[off + 1] & 0xFF;
        if (b0 >>> 6 != 2) {
            return RtpParseError.BAD_VERSION;
        }
        boolean p = (b0 & 0x20) != 0;
        boolean x = (b0 & 0x10) != 0;
        int cc = b0 & 0x0F;
        boolean m = (b1 & 0x80) != 0;
        int pt = b1 & 0x7F;
        if (pt >= 72 && pt <= 76) {
            return RtpParseError.RTCP; // RFC 5761 s.4: RTCP types 200-204 with the marker bit read as RTP
        }
        int seq = (buf[off + 2] & 0xFF) << 8 | (buf[off + 3] & 0xFF);
        long ts = RtpPacket.readInt(buf, off + 4) & 0xFFFFFFFFL;
        int ssrc = RtpPacket.readInt(buf, off + 8);
        int header = FIXED_HEADER + 4 * cc;
        if (header > len) {
            return RtpParseError.CSRC_OVERFLOW;
        }
        if (x) {
            if (header + 4 > len) {
                return RtpParseError.EXTENSION_OVERFLOW;
            }
            int words = (buf[off + header + 2] & 0xFF) << 8 | (buf[off + header + 3] & 0xFF);
            header += 4 + 4 * words;
            if (header > len) {
                return RtpParseError.EXTENSION_OVERFLOW;
            }
        }
        int padding = 0;
        if (p) {
            padding = buf[off + len - 1] & 0xFF;
            if (padding == 0 || header + padding > len) {
                return RtpParseError.BAD_PADDING;
            }
        }
        return new RtpPacket(buf, off, padding, x, cc, m, pt, seq, ts, ssrc, off + header, len - header - padding);
    }

    /** Datagrams rejected so far, by reason (reasons never seen are absent). */
    public Map<RtpParseError, Long> rejected() {
        Map<RtpParseError, Long> m = new EnumMap<>(RtpParseError.class);
        for (RtpParseError e : RtpParseError.values()) {
            long n = rejected.get(e.ordinal());
            if (n > 0) {
                m.put(e, n);
            }
        }
        return m;
    }

    /** Total datagrams rejected. */
    public long rejectedTotal() {
        long n = 0;
        for (int i = 0; i < rejected.length(); i++) {
            n += rejected.get(i);
        }
        return n;
    }
}
