package com.callbasis.gateway.recording;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A bounded pool of PCM blocks shared by every call's {@link AsyncPcmSink}: the media thread fills a
 * block, a storage thread gives it back once written. Without it every call allocated a fresh block
 * many times a second, close to half of the gateway's allocation under load.
 */
final class PcmBlocks {
    private final int size;
    private final ArrayBlockingQueue<byte[]> free;

    PcmBlocks(int size, int capacity) {
        this.size = size;
        this.free = new ArrayBlockingQueue<>(capacity);
    }

    int size() {
        return size;
    }

    /** A block of {@link #size()} bytes, reused when one is free; its content is not cleared. */
    byte[] take() {
        byte[] b = free.poll();
        return b != null ? b : new byte[size];
    }

    /** Returns a block nobody uses any more; dropped when the pool is full (or it is not one of ours). */
    void give(byte[] b) {
        if (b.length == size) {
            free.offer(b);
        }
    }

    int available() {
        return free.size();
    }
}
