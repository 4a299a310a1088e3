package com.callbasis.recorder.internal;

import com.callbasis.recorder.CallRecorder;
import com.callbasis.recorder.Completeness;
import com.callbasis.recorder.DtmfEvent;
import com.callbasis.recorder.Leg;
import com.callbasis.recorder.PauseEvent;
import com.callbasis.recorder.PayloadTypes;
import com.callbasis.recorder.PcmFormat;
import com.callbasis.recorder.PcmSink;
import com.callbasis.recorder.RecorderConfig;
import com.callbasis.recorder.RecorderListener;
import com.callbasis.recorder.RecordingSummary;
import com.callbasis.recorder.rtp.RtpPacket;
import com.callbasis.recorder.rtp.RtpParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The stereo mixer: drains both legs' reorder buffers in 20 ms blocks up to {@code now - reorderDepth},
 * applies pauses and DTMF suppression to both channels, and writes interleaved 16-bit LE frames.
 */
final class DefaultCallRecorder implements CallRecorder {
    private final RecorderConfig config;
    private final PcmSink sink;
    private final RecorderListener listener;
    private final LongSupplier nanoClock;
    private final Clock wallClock;
    private final PcmFormat format;
    private final int rate;
    private final long depth;
    private final long startNanos;
    private final Masks masks = new Masks();
    private final LegStream caller;
    private final LegStream agent;
    private final RtpParser callerParser = new RtpParser();
    private final RtpParser agentParser = new RtpParser();
    private final int block;
    private final short[] left;
    private final short[] right;
    private final byte[] out;
    /** For {@link #onPacket(Leg, ByteBuffer, long)} with a direct buffer; made on first use (heap per call). */
    private byte[] scratch;
    private long written;
    private Masks.Mask openPause;
    private String pauseReason;
    private boolean sinkPaused;
    private boolean sinkFailed;
    private boolean finished;
    private RecordingSummary summary;

    DefaultCallRecorder(RecorderConfig config, PcmSink sink, RecorderListener listener, LongSupplier nanoClock,
            Clock wallClock) throws IOException {
        this.config = config;
        this.sink = sink;
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        this.rate = config.sampleRate();
        this.format = PcmFormat.stereo(rate);
        this.depth = config.samples(config.reorderDepth());
        this.block = rate / 50;
        this.left = new short[block];
        this.right = new short[block];
        this.out = new byte[block * format.bytesPerFrame()];
        long gap = config.samples(config.maxGap());
        long ahead = config.samples(config.maxAhead());
        long guard = config.samples(config.dtmfGuard());
        this.caller = new LegStream(Leg.CALLER, rate, gap, ahead, guard, config.lossThreshold(), config.suppressDtmf(),
                masks, this::dtmf);
        this.agent = new LegStream(Leg.AGENT, rate, gap, ahead, guard, config.lossThreshold(), config.suppressDtmf(),
                masks, this::dtmf);
        this.startNanos = nanoClock.getAsLong();
        sink.open(format);
    }

    private LegStream stream(Leg leg) {
        return leg == Leg.CALLER ? caller : agent;
    }

    private RtpParser parser(Leg leg) {
        return leg == Leg.CALLER ? callerParser : agentParser;
    }

    private void dtmf(DtmfEvent e) {
        listener.onDtmf(e);
    }

    private long position(long nanos) {
        long d = nanos - startNanos;
        if (d <= 0) {
            return 0;
        }
        return d < Long.MAX_VALUE / rate ? d * rate / 1_000_000_000L : (long) ((double) d * rate / 1e9);
    }

    private long millis(long frames) {
        return frames * 1000 / rate;
    }

    @Override
    public synchronized void setPayloadTypes(Leg leg, PayloadTypes types) {
        stream(leg).setPayloadTypes(Objects.requireNonNull(types));
    }

    @Override
    public synchronized void onPacket(Leg leg, byte[] datagram, int off, int len, long arrivalNanos) {
        if (finished) {
            return;
        }
        RtpPacket p = parser(leg).parse(datagram, off, len);
        long pos = position(arrivalNanos);
        if (p != null) {
            stream(leg).onPacket(p, pos, written);
        }
        advance(pos - depth, false);
    }

    @Override
    public void onPacket(Leg leg, ByteBuffer datagram, long arrivalNanos) {
        int len = datagram.remaining();
        if (datagram.hasArray()) {
            onPacket(leg, datagram.array(), datagram.arrayOffset() + datagram.position(), len, arrivalNanos);
            return;
        }
        synchronized (this) {
            if (scratch == null || scratch.length < len) {
                scratch = new byte[Math.max(2048, len)];
            }
            byte[] b = scratch;
            datagram.duplicate().get(b, 0, len);
            onPacket(leg, b, 0, len, arrivalNanos);
        }
    }

    @Override
    public synchronized void tick() {
        if (!finished) {
            advance(position(nanoClock.getAsLong()) - depth, true); // silent calls only: no saving to make
        }
    }

    @Override
    public synchronized void pause(String reason) {
        Objects.requireNonNull(reason);
        if (finished || openPause != null) {
            return;
        }
        long pos = Math.max(position(nanoClock.getAsLong()), written);
        openPause = masks.add(true, pos, Masks.OPEN);
        pauseReason = reason;
        listener.onPause(new PauseEvent(PauseEvent.Kind.PAUSE, reason, millis(pos), wallClock.instant()));
    }

    @Override
    public synchronized void resume(String reason) {
        Objects.requireNonNull(reason);
        if (finished || openPause == null) {
            return;
        }
        endPause(Math.max(position(nanoClock.getAsLong()), written), reason);
    }

    private void endPause(long pos, String reason) {
        openPause.end = Math.max(pos, openPause.start);
        listener.onPause(new PauseEvent(PauseEvent.Kind.RESUME, reason, millis(openPause.end), wallClock.instant()));
        openPause = null;
        pauseReason = null;
    }

    @Override
    public synchronized boolean isPaused() {
        return openPause != null;
    }

    @Override
    public synchronized void setSuppressDtmf(boolean on) {
        caller.suppressDtmf = on;
        agent.suppressDtmf = on;
    }

    @Override
    public synchronized Completeness completeness(Leg leg) {
        return stream(leg).completeness();
    }

    @Override
    public synchronized long rejected(Leg leg) {
        return parser(leg).rejectedTotal();
    }

    @Override
    public synchronized long framesWritten() {
        return written;
    }

    /**
     * Writes frames up to (excluding) {@code target}, in whole 20 ms blocks: a packet from either leg
     * arrives about every 10 ms, and mixing half a block each time doubled the per-block work (both
     * legs rendered, masks, interleaving, the sink) for the same audio. The remainder waits for the
     * next packet or tick, so a packet may be up to one block later than the reorder depth and still
     * be in time. {@code all}: up to {@code target} exactly (ticks, end of the call).
     */
    private void advance(long target, boolean all) {
        while (written < target && (all || target - written >= block)) {
            long end = masks.nextPauseBoundary(written, Math.min(target, written + block));
            int n = (int) (end - written);
            boolean paused = masks.pausedAt(written);
            caller.render(left, written, n);
            agent.render(right, written, n);
            masks.apply(left, right, written, n);
            emit(paused, n);
            written += n;
        }
        masks.prune(written - rate);
    }

    private void emit(boolean paused, int n) {
        if (sinkFailed) {
            return;
        }
        try {
            if (paused != sinkPaused) {
                if (paused) {
                    sink.pause(pauseReason == null ? "pause" : pauseReason);
                } else {
                    sink.resume();
                }
                sinkPaused = paused;
            }
            for (int i = 0, o = 0; i < n; i++) {
                short l = left[i];
                short r = right[i];
                out[o++] = (byte) l;
                out[o++] = (byte) (l >> 8);
                out[o++] = (byte) r;
                out[o++] = (byte) (r >> 8);
            }
            sink.write(out, 0, n * format.bytesPerFrame());
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void fail(Exception e) {
        if (!sinkFailed) {
            sinkFailed = true;
            listener.onSinkFailure(e);
        }
    }

    @Override
    public synchronized RecordingSummary finish() {
        if (finished) {
            return summary;
        }
        long target = Math.max(position(nanoClock.getAsLong()),
                Math.max(caller.bufferedEnd(), agent.bufferedEnd()));
        if (openPause != null) {
            endPause(target, "call-ended");
        }
        advance(target, true);
        caller.endOpenEvents();
        agent.endOpenEvents();
        caller.release();
        agent.release();
        finished = true;
        if (!sinkFailed) {
            try {
                if (sinkPaused) {
                    sink.resume();
                    sinkPaused = false;
                }
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }
        try {
            sink.close();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
        summary = new RecordingSummary(format, written, caller.completeness(), agent.completeness(), sinkFailed);
        return summary;
    }

    @Override
    public String toString() {
        return "CallRecorder[" + written + " frames" + (openPause != null ? ", paused" : "") + "]";
    }
}
