package com.callbasis.gateway.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Hears Netty's buffer leak reports directly: the test classpath has no SLF4J provider, so the
 * detector's log lines (paranoid level, set by surefire) would go nowhere.
 */
final class LeakWatch {
    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        try {
            Field f = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
            f.setAccessible(true);
            ((ResourceLeakDetector<?>) f.get(null)).setLeakListener((type, records) -> LEAKS.add(type + " " + records));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private LeakWatch() {
    }

    static void start() {
        LEAKS.clear();
    }

    /** Collects garbage and allocates, which is when the detector reports what was collected unreleased. */
    static Queue<String> leaks() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
            for (int j = 0; j < 50; j++) {
                ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
                b.release();
            }
        }
        return LEAKS;
    }
}
