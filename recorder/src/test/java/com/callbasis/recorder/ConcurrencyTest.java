package com.callbasis.recorder;

import static com.callbasis.recorder.Fixtures.PTIME;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The relay feeds the legs from different threads while a control thread pauses and resumes. */
class ConcurrencyTest {
    @Test
    void legsFedFromTwoThreadsWithPausesFromAThird() throws Exception {
        AtomicLong now = new AtomicLong(0);
        Fixtures.CapturingSink sink = new Fixtures.CapturingSink();
        Fixtures.RecordingListener listener = new Fixtures.RecordingListener();
        CallRecorder r = CallRecorder.create(RecorderConfig.defaults(), sink, listener, now::get, Fixtures.WALL);
        int n = 2000;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> caller = pool.submit(() -> feed(r, Leg.CALLER, 1, n, now, go));
            Future<?> agent = pool.submit(() -> feed(r, Leg.AGENT, 2, n, now, go));
            Future<?> control = pool.submit(() -> {
                go.await();
                for (int i = 0; i < 50; i++) {
                    r.pause("pci-card-entry");
                    Thread.yield();
                    r.resume("operator");
                    r.tick();
                }
                return null;
            });
            go.countDown();
            caller.get(30, TimeUnit.SECONDS);
            agent.get(30, TimeUnit.SECONDS);
            control.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        now.set((long) n * 20_000_000L);
        RecordingSummary s = r.finish();
        for (Completeness c : new Completeness[] {s.caller(), s.agent()}) {
            assertThat(c.expected()).isEqualTo(n);
            assertThat(c.received()).isEqualTo(n);
            assertThat(c.duplicate()).isZero();
            assertThat(c.received()).isEqualTo(c.written() + c.late() + c.events() + c.suppressed() + c.unsupported());
        }
        assertThat(sink.bytes.size()).isEqualTo(s.frames() * 4);
        assertThat(listener.pauses.size() % 2).isZero();
        assertThat(sink.marks.size() % 2).isZero();
    }

    private static Void feed(CallRecorder r, Leg leg, int ssrc, int n, AtomicLong now, CountDownLatch go)
            throws InterruptedException {
        go.await();
        for (int i = 0; i < n; i++) {
            byte[] p = Fixtures.rtp(0, false, i, (long) PTIME * i, ssrc, new byte[PTIME]);
            long t = (long) i * 20_000_000L;
            now.accumulateAndGet(t, Math::max);
            r.onPacket(leg, p, 0, p.length, t);
        }
        return null;
    }
}
