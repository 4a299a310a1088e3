package com.callbasis.gateway.media.testing;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * One RTP packet (RFC 3550 section 5.1), as the fixtures and test senders see it. CSRCs, header
 * extensions and padding are skipped when parsing and not written back: the fixtures have none.
 */
public record RtpPacket(int seq, long timestamp, int payloadType, boolean marker, long ssrc, byte[] payload) {

    public RtpPacket {
        payload = payload.clone();
    }

    /** Parses a datagram; empty if it is not RTP version 2 or is too short for what it claims. */
    public static Optional<RtpPacket> parse(byte[] buf, int off, int len) {
        if (len < 12 || (buf[off] & 0xC0) != 0x80) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        int b0 = b.get() & 0xFF;
        int b1 = b.get() & 0xFF;
        int seq = b.getShort() & 0xFFFF;
        long ts = b.getInt() & 0xFFFFFFFFL;
        long ssrc = b.getInt() & 0xFFFFFFFFL;
        int start = off + 12 + 4 * (b0 & 0x0F);
        if ((b0 & 0x10) != 0 && start + 4 <= off + len) { // header extension: 4-byte header + length words
            start += 4 + 4 * (((buf[start + 2] & 0xFF) << 8) | (buf[start + 3] & 0xFF));
        }
        int end = off + len;
        if ((b0 & 0x20) != 0 && end > start) { // padding: the last octet counts it
            end -= buf[end - 1] & 0xFF;
        }
        if (start > end) {
            return Optional.empty();
        }
        return Optional.of(new RtpPacket(seq, ts, b1 & 0x7F, (b1 & 0x80) != 0, ssrc, Arrays.copyOfRange(buf, start, end)));
    }

    /** The packet on the wire: a 12-byte header and the payload. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(12 + payload.length).put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | payloadType))
                .putShort((short) seq).putInt((int) timestamp).putInt((int) ssrc).put(payload).array();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtpPacket p && seq == p.seq && timestamp == p.timestamp && payloadType == p.payloadType
                && marker == p.marker && ssrc == p.ssrc && Arrays.equals(payload, p.payload);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(ssrc) + seq;
    }

    @Override
    public String toString() {
        return "RtpPacket[seq=" + seq + ", ts=" + timestamp + ", pt=" + payloadType + (marker ? ", M" : "")
                + ", ssrc=" + Long.toHexString(ssrc) + ", " + payload.length + " bytes]";
    }
}
