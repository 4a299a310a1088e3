package com.callbasis.gateway.media;

import io.netty.buffer.ByteBuf;

/** Cheap header checks on the hot path; nothing is parsed beyond the first two bytes. */
final class RtpPackets {
    /** RFC 3550 s.5.1: the fixed RTP header is 12 bytes. */
    static final int MIN_RTP = 12;
    /**
     * RFC 3550 s.6.4.2: an RR without report blocks is 8 bytes, and RFC 5506 allows sending it alone,
     * so RTCP gets a lower bound than RTP.
     */
    static final int MIN_RTCP = 8;

    private RtpPackets() {
    }

    /** RFC 3550 s.5.1 / s.6.4: the two top bits of the first byte carry version 2 in RTP and RTCP alike. */
    static boolean isVersion2(ByteBuf b) {
        return (b.getByte(b.readerIndex()) & 0xC0) == 0x80;
    }

    /**
     * RFC 5761 s.4: on a port that carries both, a packet is RTCP when its second byte (RTCP packet
     * type, or RTP marker bit plus payload type) is in 192..223; RTP payload types 64..95 are avoided
     * for exactly this reason. Caller guarantees at least two readable bytes.
     */
    static boolean isRtcp(ByteBuf b) {
        int pt = b.getUnsignedByte(b.readerIndex() + 1);
        return pt >= 192 && pt <= 223;
    }
}
