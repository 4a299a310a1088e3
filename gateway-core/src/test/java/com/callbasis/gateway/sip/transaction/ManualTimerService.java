package com.callbasis.gateway.sip.transaction;

import java.time.Duration;
import java.util.PriorityQueue;

/** A test clock: time moves only when {@link #advance} is called, and due tasks run in order. */
public final class ManualTimerService implements TimerService {
    private record Task(long at, long seq, Runnable run, boolean[] cancelled) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long seq;

    @Override
    public Timeout schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Task(now + delay.toMillis(), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    public void advance(Duration d) {
        long end = now + d.toMillis();
        while (!queue.isEmpty() && queue.peek().at() <= end) {
            Task t = queue.poll();
            now = t.at();
            if (!t.cancelled()[0]) {
                t.run().run();
            }
        }
        now = end;
    }

    public void advanceMillis(long ms) {
        advance(Duration.ofMillis(ms));
    }
}
