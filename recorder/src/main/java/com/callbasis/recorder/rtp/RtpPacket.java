package com.callbasis.recorder.rtp;

/**
 * One parsed RTP packet (RFC 3550 s.5.1). The payload is a window into the caller's buffer, which is
 * not copied: use the packet before the buffer is reused.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * </pre>
 */
public final class RtpPacket {
    private final byte[] buffer;
    private final int packetOffset;
    private final int padding;
    private final boolean extension;
    private final int csrcCount;
    private final boolean marker;
    private final int payloadType;
    private final int sequence;
    private final long timestamp;
    private final int ssrc;
    private final int payloadOffset;
    private final int payloadLength;

    RtpPacket(byte[] buffer, int packetOffset, int padding, boolean extension, int csrcCount, boolean marker, int payloadType,
            int sequence, long timestamp, int ssrc, int payloadOffset, int payloadLength) {
        this.buffer = buffer;
        this.packetOffset = packetOffset;
        this.padding = padding;
        this.extension = extension;
        this.csrcCount = csrcCount;
        this.marker = marker;
        this.payloadType = payloadType;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.ssrc = ssrc;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
    }

    /** Always 2: other versions are rejected by the parser. */
    public int version() {
        return 2;
    }

    /** True when the P bit was set; the padding is already excluded from the payload. */
    public boolean padding() {
        return padding > 0;
    }

    /** Number of padding bytes removed from the end (0 without the P bit). */
    public int paddingLength() {
        return padding;
    }

    public boolean extension() {
        return extension;
    }

    public int csrcCount() {
        return csrcCount;
    }

    public boolean marker() {
        return marker;
    }

    /** 0..127. */
    public int payloadType() {
        return payloadType;
    }

    /** 0..65535. */
    public int sequence() {
        return sequence;
    }

    /** Unsigned 32-bit RTP timestamp, 0..2^32-1. */
    public long timestamp() {
        return timestamp;
    }

    public int ssrc() {
        return ssrc;
    }

    /** The CSRC at {@code i} (0 &lt;= i &lt; {@link #csrcCount()}). */
    public int csrc(int i) {
        if (i < 0 || i >= csrcCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return readInt(buffer, packetOffset + 12 + 4 * i);
    }

    /** The buffer the packet was parsed from; the payload starts at {@link #payloadOffset()}. */
    public byte[] buffer() {
        return buffer;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    static int readInt(byte[] b, int o) {
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + ", seq=" + sequence + ", ts=" + timestamp + ", ssrc="
                + Integer.toUnsignedString(ssrc, 16) + (marker ? ", M" : "") + ", payload=" + payloadLength + "]";
    }
}
