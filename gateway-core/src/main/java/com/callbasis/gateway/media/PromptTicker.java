package com.callbasis.gateway.media;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one prompt clock of one media event loop: while any playback on the loop is active, a task runs
 * every {@value #TICK_MILLIS} ms and sends each playback's frames whose time has come. No thread or
 * timer per call; all state here is confined to the loop.
 *
 * <p>Frame {@code i} of a playback is due at {@code start + i * 20 ms} ({@link System#nanoTime()}),
 * and a tick sends every frame due by then, so a late tick catches up and the stream never drifts.
 * The start lies on the tick grid, so a tick that runs on time finds its frames exactly due (lateness
 * is the loop's own delay, not a grid offset), and of the four grid points within the next 20 ms it is
 * the one with the fewest playbacks: prompts started together are spread over four ticks instead of
 * all being sent by one. A tick also sends what is due within half a tick, which only matters when
 * the tick ran late: frames are sent at most 2.5 ms early, never a whole tick late.
 */
final class PromptTicker {
    static final int TICK_MILLIS = 5;
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(PromptFrames.FRAME_MILLIS);
    static final int PHASES = (int) (FRAME_NANOS / TICK_NANOS);
    private static final long EARLY_NANOS = TICK_NANOS / 2;
    /** A frame sent more than this after its due time counts as late. */
    static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** Result indexes: each frame whose time came is counted under exactly one. */
    static final int SENT = 0;
    static final int LATE = 1;
    static final int NO_DESTINATION = 2;
    static final int SEND_FAILED = 3;
    static final int RESULTS = 4;

    private final EventLoop loop;
    private final RelayMetrics metrics;
    private final ArrayList<Playback> active = new ArrayList<>();
    private final int[] phaseLoad = new int[PHASES];
    private final long[] results = new long[RESULTS];
    private ScheduledFuture<?> task;
    private long origin;

    PromptTicker(EventLoop loop, RelayMetrics metrics) {
        this.loop = loop;
        this.metrics = metrics;
    }

    EventLoop loop() {
        return loop;
    }

    /**
     * Any thread: on the loop, stops {@code replaced} (if any) and starts {@code p}. When the loop is
     * gone, both end as cancelled on this thread.
     */
    void submit(Playback replaced, Playback p) {
        try {
            loop.execute(() -> {
                if (replaced != null) {
                    cancel(replaced);
                }
                start(p);
            });
        } catch (RejectedExecutionException e) {
            if (replaced != null) {
                replaced.finish(false);
            }
            p.finish(false);
        }
    }

    private void start(Playback p) {
        if (p.isDone()) {
            return; // cancelled before it started, and already told so
        }
        if (p.stream.isClosed()) {
            p.finish(false);
            return;
        }
        long now = System.nanoTime();
        if (task == null) {
            origin = now;
            task = loop.scheduleAtFixedRate(this::tick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
        long first = Math.floorDiv(now - origin, TICK_NANOS) + 1; // the next grid point after now
        long best = first;
        for (long k = first + 1; k < first + PHASES; k++) {
            if (phaseLoad[(int) (k % PHASES)] < phaseLoad[(int) (best % PHASES)]) {
                best = k;
            }
        }
        int phase = (int) (best % PHASES);
        p.begin(origin + best * TICK_NANOS, phase);
        phaseLoad[phase]++;
        active.add(p);
        metrics.promptStarted();
    }

    /** On the loop. */
    void cancel(Playback p) {
        if (p.isDone()) {
            return;
        }
        if (active.remove(p)) {
            ended(p);
        }
        p.finish(false);
    }

    private void ended(Playback p) {
        phaseLoad[p.phase]--;
        metrics.promptEnded();
    }

    private void tick() {
        List<Playback> over = null;
        List<Boolean> completedFlags = null;
        for (int i = 0; i < active.size(); ) {
            Playback p = active.get(i);
            boolean done;
            boolean completed = false;
            if (p.stream.isClosed()) {
                done = true;
            } else {
                long now = System.nanoTime();
                done = completed = p.advance(now, now + EARLY_NANOS, results);
            }
            if (done) {
                int last = active.size() - 1;
                active.set(i, active.get(last));
                active.remove(last);
                ended(p);
                if (over == null) {
                    over = new ArrayList<>();
                    completedFlags = new ArrayList<>();
                }
                over.add(p);
                completedFlags.add(completed);
            } else {
                i++;
            }
        }
        // Counters first: a listener told of the end may read them (and tests do).
        metrics.promptFrames(results);
        if (over != null) {
            for (int i = 0; i < over.size(); i++) {
                over.get(i).finish(completedFlags.get(i));
            }
        }
        if (active.isEmpty() && task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /** Playbacks on this loop (tests). */
    int active() {
        return active.size();
    }
}
