package com.callbasis.gateway.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PcmBlocksTest {
    @Test
    void givenBackBlocksAreReused() {
        PcmBlocks pool = new PcmBlocks(16, 2);
        byte[] a = pool.take();
        assertEquals(16, a.length);
        pool.give(a);
        assertEquals(1, pool.available());
        assertSame(a, pool.take());
        assertEquals(0, pool.available());
        assertNotSame(a, pool.take()); // empty: a fresh block
    }

    @Test
    void keepsAtMostItsCapacityAndOnlyItsOwnSize() {
        PcmBlocks pool = new PcmBlocks(16, 2);
        pool.give(new byte[16]);
        pool.give(new byte[16]);
        pool.give(new byte[16]);
        assertEquals(2, pool.available());
        pool.take();
        pool.give(new byte[8]);
        assertEquals(1, pool.available());
        assertEquals(16, pool.take().length);
    }
}
