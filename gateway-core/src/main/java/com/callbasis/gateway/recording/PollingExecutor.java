package com.callbasis.gateway.recording;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The storage threads: they take tasks from a shared queue and, when it is empty, sleep for a fixed
 * interval. Submitting never wakes a thread. A thread pool woke a storage thread for nearly every
 * PCM block, thousands of wake-ups and context switches a second under load, most of the
 * storage threads' CPU; here they wake {@code 1 / interval} times a second and find a batch.
 * Storage latency is bounded by the interval, which the recordings do not notice.
 */
final class PollingExecutor implements Executor {
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final long intervalNanos;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean shutdown;

    PollingExecutor(int threads, long interval, TimeUnit unit, ThreadFactory factory) {
        this.intervalNanos = unit.toNanos(interval);
        for (int i = 0; i < threads; i++) {
            Thread t = factory.newThread(this::work);
            this.threads.add(t);
            t.start();
        }
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("storage threads stopped");
        }
        queue.add(task);
    }

    private void work() {
        while (true) {
            Runnable task = queue.poll();
            if (task != null) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    // a task's failure is its own (the sinks report theirs); the thread goes on
                    Thread t = Thread.currentThread();
                    t.getUncaughtExceptionHandler().uncaughtException(t, e);
                }
                continue;
            }
            if (shutdown) {
                return; // only once the queue is empty: what was submitted before shutdown runs
            }
            LockSupport.parkNanos(this, intervalNanos);
        }
    }

    /** Refuses new tasks, runs those queued, and waits up to {@code timeout} for the threads to end. */
    boolean shutdownAndWait(long timeout, TimeUnit unit) throws InterruptedException {
        shutdown = true;
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    int queued() {
        return queue.size();
    }
}
