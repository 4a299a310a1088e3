package com.callbasis.gateway.media.srtp;

import io.netty.buffer.ByteBuf;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * Bridges a Netty {@link ByteBuf} to jitsi-srtp's {@link ByteArrayBuffer} (a {@code byte[]} with
 * offset and length). A heap buffer is used in place, without a copy; any other buffer (direct, as
 * the epoll transport delivers, or composite) is copied into a reused scratch array and the result
 * copied back. One instance per transform; not thread-safe (the relay calls it from one event loop).
 */
final class PacketView implements ByteArrayBuffer {
    /** Most a transform adds: SRTCP index (4) plus a GCM tag (16), plus a cryptex header (4). */
    static final int MAX_GROWTH = 32;

    private byte[] scratch = new byte[1500 + MAX_GROWTH];
    private byte[] array;
    private int offset;
    private int length;
    /** End of the region of {@link #array} we may write to. */
    private int limit;

    /**
     * Points this view at {@code buf}'s readable bytes.
     *
     * @param forceCopy copy even a heap buffer, e.g. when the operation might write into the
     *     packet before it knows the packet is authentic
     */
    void load(ByteBuf buf, boolean forceCopy) {
        int len = buf.readableBytes();
        if (!forceCopy && buf.hasArray()) {
            array = buf.array();
            offset = buf.arrayOffset() + buf.readerIndex();
            limit = buf.arrayOffset() + buf.capacity();
        } else {
            if (scratch.length < len + MAX_GROWTH) {
                scratch = new byte[len + MAX_GROWTH];
            }
            buf.getBytes(buf.readerIndex(), scratch, 0, len);
            array = scratch;
            offset = 0;
            limit = scratch.length;
        }
        length = len;
    }

    /**
     * Makes {@code buf}'s readable bytes the transformed packet. {@code buf} must be the buffer last
     * {@link #load loaded}, with room for the packet's growth already ensured.
     */
    void storeInto(ByteBuf buf) {
        int ri = buf.readerIndex();
        boolean inPlace = buf.hasArray() && array == buf.array() && offset == buf.arrayOffset() + ri;
        if (!inPlace) {
            int grow = length - buf.readableBytes();
            if (grow > 0) {
                buf.ensureWritable(grow);
            }
            buf.setBytes(ri, array, offset, length);
        }
        buf.writerIndex(ri + length);
    }

    /** Forgets the loaded buffer (the scratch array stays for reuse). */
    void clear() {
        array = null;
        offset = 0;
        length = 0;
        limit = 0;
    }

    @Override
    public byte[] getBuffer() {
        return array;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int len) {
        if (len < 0 || offset + len > limit) {
            throw new IndexOutOfBoundsException("length " + len);
        }
        length = len;
    }

    @Override
    public void setOffset(int off) {
        if (off < 0 || off + length > limit) {
            throw new IndexOutOfBoundsException("offset " + off);
        }
        offset = off;
    }

    @Override
    public boolean isInvalid() {
        return array == null || offset < 0 || length < 0 || offset + length > limit;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuf) {
        System.arraycopy(array, offset + off, outBuf, 0, len);
    }

    /** Ensures room for {@code howMuch} more bytes; moves to a new array if the current one is full. */
    @Override
    public void grow(int howMuch) {
        if (offset + length + howMuch <= limit) {
            return;
        }
        byte[] bigger = new byte[length + howMuch + MAX_GROWTH];
        System.arraycopy(array, offset, bigger, 0, length);
        if (array == scratch) {
            scratch = bigger;
        }
        array = bigger;
        offset = 0;
        limit = bigger.length;
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, array, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len > 0) {
            length = Math.max(0, length - len);
        }
    }
}
