package com.callbasis.gateway.recording;

import com.callbasis.gateway.media.MediaTap;
import com.callbasis.gateway.media.Side;
import com.callbasis.recorder.CallRecorder;
import com.callbasis.recorder.Completeness;
import com.callbasis.recorder.Leg;
import com.callbasis.recorder.PayloadTypes;
import com.callbasis.recorder.RecordingSummary;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One call being recorded: the relay's tap feeds the recorder (caller left, callee right), the
 * recorder writes through an {@link AsyncPcmSink} into the store. Armed at answer by
 * {@link RecordingGate#start}; ended by {@link #finish}.
 *
 * <p>The recorder, and with it the store's object, is created by the first RTP packet of the call,
 * not at the answer (issue 12, item 4): a call through which no audio ever passes (a flood of answered
 * calls that are never acknowledged) leaves no recording made of silence. Payload types, pause and
 * resume set before that are applied when it starts.
 */
public final class CallRecording implements MediaTap {
    /** The recorder and its sink, created together at the first packet. */
    record Started(CallRecorder recorder, AsyncPcmSink sink) {}

    /** Creates them (time zero: now) for the payload types negotiated by then; null when that failed (audited by the gate). */
    interface Starter {
        Started start(PayloadTypes caller, PayloadTypes callee);
    }

    private final GateDecision decision;
    private final Starter starter;
    private volatile Started started; // written under this lock
    // guarded by this until started
    private PayloadTypes callerTypes;
    private PayloadTypes calleeTypes;
    private String pauseReason;
    private boolean startFailed;
    private volatile boolean stopped;
    /** When the relay last fed a packet: a call with flowing media is advanced by its packets, not by ticks. */
    private volatile long lastPacketNanos;

    CallRecording(GateDecision decision, PayloadTypes caller, PayloadTypes callee, Starter starter) {
        this.decision = decision;
        this.callerTypes = caller;
        this.calleeTypes = callee;
        this.starter = starter;
    }

    public GateDecision decision() {
        return decision;
    }

    @Override
    public void onRtp(Side from, ByteBuf packet, long arrivalNanos) {
        if (stopped) {
            return;
        }
        Started s = started;
        if (s == null && (s = startAt(packet, arrivalNanos)) == null) {
            return;
        }
        CallRecorder recorder = s.recorder();
        lastPacketNanos = arrivalNanos;
        int len = packet.readableBytes();
        if (packet.hasArray()) {
            recorder.onPacket(leg(from), packet.array(), packet.arrayOffset() + packet.readerIndex(), len, arrivalNanos);
            return;
        }
        // A direct buffer: one copy into the relay thread's scratch (the recorder copies the payload it
        // keeps), instead of a ByteBuffer view allocated per packet.
        byte[] b = SCRATCH.get();
        if (len > b.length) {
            b = new byte[len];
        }
        packet.getBytes(packet.readerIndex(), b, 0, len);
        recorder.onPacket(leg(from), b, 0, len, arrivalNanos);
    }

    /** The first packet that looks like RTP (version 2, full header) starts the recording; null: not (yet). */
    private synchronized Started startAt(ByteBuf packet, long arrivalNanos) {
        if (started != null || stopped || startFailed) {
            return started;
        }
        if (packet.readableBytes() < 12 || (packet.getByte(packet.readerIndex()) & 0xC0) != 0x80) {
            return null;
        }
        Started s = starter.start(callerTypes, calleeTypes);
        if (s == null) {
            startFailed = true;
            return null;
        }
        s.recorder().setPayloadTypes(Leg.CALLER, callerTypes);
        s.recorder().setPayloadTypes(Leg.AGENT, calleeTypes);
        if (pauseReason != null) {
            s.recorder().pause(pauseReason);
        }
        lastPacketNanos = arrivalNanos;
        started = s;
        return s;
    }

    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[2048];
        }
    };

    private static Leg leg(Side side) {
        return side == Side.CALLER ? Leg.CALLER : Leg.AGENT;
    }

    /** The payload types negotiated for what {@code from}'s peer sends (after each offer/answer). */
    public synchronized void setPayloadTypes(Side from, PayloadTypes types) {
        if (started != null) {
            started.recorder().setPayloadTypes(leg(from), types);
        } else if (from == Side.CALLER) {
            callerTypes = types;
        } else {
            calleeTypes = types;
        }
    }

    /** PCI pause: silence in the same recording until {@link #resume}; audited by the store. */
    public synchronized void pause(String reason) {
        if (started != null) {
            started.recorder().pause(reason);
        } else if (pauseReason == null) {
            pauseReason = reason;
        }
    }

    public synchronized void resume(String reason) {
        if (started != null) {
            started.recorder().resume(reason);
        } else {
            pauseReason = null;
        }
    }

    public synchronized boolean isPaused() {
        return started != null ? started.recorder().isPaused() : pauseReason != null;
    }

    /** Accounting of a leg so far; null until the first packet started the recording. */
    public Completeness completeness(Side side) {
        Started s = started;
        return s == null ? null : s.recorder().completeness(leg(side));
    }

    /** The store's id of the recording, once it has been created (after the first packet). */
    public String recordingId() {
        Started s = started;
        return s == null ? null : s.sink().recordingId();
    }

    /** True once the first packet started the recording (its store object is being created). */
    public boolean hasMedia() {
        return started != null;
    }

    /** The recording could not be started at its first packet (audited as {@code recorder_error}). */
    synchronized boolean startFailed() {
        return startFailed;
    }

    /**
     * Lets a silent call (hold, both sides quiet) advance. Skipped while packets flow: each packet already
     * advances the recording, and a tick would only contend with the relay thread for the recorder's lock.
     */
    void tick(long nowNanos) {
        Started s = started;
        if (s != null && !stopped && nowNanos - lastPacketNanos > 80_000_000L) {
            s.recorder().tick();
        }
    }

    /**
     * Ends the recording: writes what is buffered, stores the completeness accounting with it and
     * seals it. Completes with the summary once sealed (or with a failed summary); a recording no
     * packet ever started completes at once with {@link Finished#NO_MEDIA}: nothing was stored.
     */
    CompletableFuture<Finished> finish() {
        Started s;
        synchronized (this) {
            stopped = true;
            s = started;
        }
        if (s == null) {
            return CompletableFuture.completedFuture(Finished.NO_MEDIA);
        }
        RecordingSummary summary = s.recorder().finish();
        return s.sink().seal(qualityJson(summary), summary.flagged()).thenApply(id -> new Finished(id, summary, s.sink().failed()));
    }

    /**
     * What a finished recording came to. {@code recordingId} is null when the store failed or nothing
     * was stored; {@code summary} is null when no packet ever started the recording.
     */
    public record Finished(String recordingId, RecordingSummary summary, boolean failed) {
        static final Finished NO_MEDIA = new Finished(null, null, false);
    }

    static String qualityJson(RecordingSummary s) {
        return "{\"durationMs\":" + s.durationMillis() + ",\"sampleRate\":" + s.format().sampleRate()
                + ",\"flagged\":" + s.flagged() + ",\"caller\":" + leg(s.caller()) + ",\"agent\":" + leg(s.agent()) + "}";
    }

    private static String leg(Completeness c) {
        return String.format(Locale.ROOT, "{\"expected\":%d,\"received\":%d,\"lost\":%d,\"late\":%d,\"duplicate\":%d,"
                + "\"written\":%d,\"events\":%d,\"suppressed\":%d,\"unsupported\":%d,\"resyncs\":%d,\"sources\":%d,"
                + "\"lossRatio\":%.6f,\"overThreshold\":%b}", c.expected(), c.received(), c.lost(), c.late(), c.duplicate(),
                c.written(), c.events(), c.suppressed(), c.unsupported(), c.resyncs(), c.sources(), c.lossRatio(), c.overThreshold());
    }
}
