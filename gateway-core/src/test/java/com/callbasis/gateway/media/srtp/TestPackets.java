package com.callbasis.gateway.media.srtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;

/** Plain RTP/RTCP packets for the tests and the ways the relay may hand them over. */
final class TestPackets {
    static final int PAYLOAD_160 = 160; // 20 ms of G.711: 172-byte RTP packet

    private TestPackets() {
    }

    /** RTP v2, PT 0, no CSRC or extension, payload bytes {@code i * 7 + seq}. */
    static byte[] rtp(int seq, int ssrc, int payloadLength) {
        ByteBuffer b = ByteBuffer.allocate(12 + payloadLength);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(ssrc);
        for (int i = 0; i < payloadLength; i++) {
            b.put((byte) (i * 7 + seq));
        }
        return b.array();
    }

    /** An RTCP receiver report (RFC 3550 s.6.4.2) with one report block, from {@code ssrc}. */
    static byte[] rtcp(int ssrc) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.put((byte) 0x81).put((byte) 201).putShort((short) 7).putInt(ssrc);
        b.putInt(0x11223344).putInt(0x00000005).putInt(0x0001_0203).putInt(17).putInt(0).putInt(0);
        return b.array();
    }

    /** How the relay's buffers come: pooled direct (epoll), pooled heap, or heap with no spare room. */
    enum Kind {
        POOLED_DIRECT, POOLED_HEAP, TIGHT_HEAP;

        ByteBuf of(byte[] bytes) {
            return switch (this) {
                case POOLED_DIRECT -> PooledByteBufAllocator.DEFAULT.directBuffer(2048).writeBytes(bytes);
                case POOLED_HEAP -> PooledByteBufAllocator.DEFAULT.heapBuffer(2048).writeBytes(bytes);
                // a slice of a larger array: arrayOffset != 0 and maxCapacity == length
                case TIGHT_HEAP -> {
                    byte[] big = new byte[bytes.length + 13];
                    System.arraycopy(bytes, 0, big, 5, bytes.length);
                    yield io.netty.buffer.Unpooled.wrappedBuffer(big, 5, bytes.length);
                }
            };
        }
    }

    /** The readable bytes, and releases the buffer. */
    static byte[] drain(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
