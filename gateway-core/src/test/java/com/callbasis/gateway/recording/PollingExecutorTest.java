package com.callbasis.gateway.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollingExecutorTest {
    private static PollingExecutor executor() {
        return new PollingExecutor(2, 5, TimeUnit.MILLISECONDS, r -> {
            Thread t = new Thread(r, "polling-test");
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((th, e) -> { }); // the test's failing task is expected
            return t;
        });
    }

    @Test
    void runsEveryTaskAndSurvivesAFailingOne() throws Exception {
        PollingExecutor ex = executor();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1000);
        ex.execute(() -> {
            throw new IllegalStateException("boom");
        });
        for (int i = 0; i < 1000; i++) {
            ex.execute(() -> {
                ran.incrementAndGet();
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(1000, ran.get());
        assertTrue(ex.shutdownAndWait(5, TimeUnit.SECONDS));
    }

    @Test
    void shutdownRunsWhatWasQueuedThenRefuses() throws Exception {
        PollingExecutor ex = executor();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        ex.execute(() -> {
            try {
                gate.await(); // holds one thread while the rest queue up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 100; i++) {
            ex.execute(ran::incrementAndGet);
        }
        gate.countDown();
        assertTrue(ex.shutdownAndWait(5, TimeUnit.SECONDS));
        assertEquals(100, ran.get());
        assertEquals(0, ex.queued());
        assertThrows(RejectedExecutionException.class, () -> ex.execute(ran::incrementAndGet));
    }
}
