package com.callbasis.gateway.media;

import io.netty.buffer.ByteBuf;

/**
 * A stand-in for SRTP in tests: XORs everything after the first 8 bytes (so RTP/RTCP headers stay
 * classifiable) and appends a 4-byte "tag" holding the key, which unprotect checks and strips the way
 * an SRTP authentication tag is (RFC 3711 s.3.1).
 */
class XorTransform implements PacketTransform {
    private final int key;

    XorTransform(int key) {
        this.key = key;
    }

    byte[] protect(byte[] plain) {
        byte[] out = java.util.Arrays.copyOf(plain, plain.length + 4);
        for (int i = 8; i < plain.length; i++) {
            out[i] ^= (byte) key;
        }
        java.nio.ByteBuffer.wrap(out).putInt(plain.length, key);
        return out;
    }

    private boolean unprotect(ByteBuf p) {
        int end = p.writerIndex() - 4;
        if (end < p.readerIndex() + 8 || p.getInt(end) != key) {
            return false;
        }
        p.writerIndex(end);
        xor(p);
        return true;
    }

    private ByteBuf protect(ByteBuf p) {
        xor(p);
        return p.writeInt(key);
    }

    private void xor(ByteBuf p) {
        for (int i = p.readerIndex() + 8; i < p.writerIndex(); i++) {
            p.setByte(i, p.getByte(i) ^ key);
        }
    }

    @Override
    public boolean unprotectRtp(ByteBuf packet) {
        return unprotect(packet);
    }

    @Override
    public boolean unprotectRtcp(ByteBuf packet) {
        return unprotect(packet);
    }

    @Override
    public ByteBuf protectRtp(ByteBuf packet) {
        return protect(packet);
    }

    @Override
    public ByteBuf protectRtcp(ByteBuf packet) {
        return protect(packet);
    }
}
