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
 * recorder writes through an {@link AsyncPcmSink} into the store. Created at answer by
 * {@link RecordingGate#start}; ended by {@link #finish}.
 */
public final class CallRecording implements MediaTap {
    private final GateDecision decision;
    private final CallRecorder recorder;
    private final AsyncPcmSink sink;
    private volatile boolean stopped;
    /** When the relay last fed a packet: a call with flowing media is advanced by its packets, not by ticks. */
    private volatile long lastPacketNanos;

    CallRecording(GateDecision decision, CallRecorder recorder, AsyncPcmSink sink) {
        this.decision = decision;
        this.recorder = recorder;
        this.sink = sink;
    }

    public GateDecision decision() {
        return decision;
    }

    @Override
    public void onRtp(Side from, ByteBuf packet, long arrivalNanos) {
        if (stopped) {
            return;
        }
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
    public void setPayloadTypes(Side from, PayloadTypes types) {
        recorder.setPayloadTypes(leg(from), types);
    }

    /** PCI pause: silence in the same recording until {@link #resume}; audited by the store. */
    public void pause(String reason) {
        recorder.pause(reason);
    }

    public void resume(String reason) {
        recorder.resume(reason);
    }

    public boolean isPaused() {
        return recorder.isPaused();
    }

    public Completeness completeness(Side side) {
        return recorder.completeness(leg(side));
    }

    /** The store's id of the recording, once it has been created. */
    public String recordingId() {
        return sink.recordingId();
    }

    /**
     * Lets a silent call (hold, both sides quiet) advance. Skipped while packets flow: each packet already
     * advances the recording, and a tick would only contend with the relay thread for the recorder's lock.
     */
    void tick(long nowNanos) {
        if (!stopped && nowNanos - lastPacketNanos > 80_000_000L) {
            recorder.tick();
        }
    }

    /**
     * Ends the recording: writes what is buffered, stores the completeness accounting with it and
     * seals it. Completes with the summary once sealed (or with a failed summary).
     */
    CompletableFuture<Finished> finish() {
        stopped = true;
        RecordingSummary summary = recorder.finish();
        return sink.seal(qualityJson(summary), summary.flagged()).thenApply(id -> new Finished(id, summary, sink.failed()));
    }

    /** What a finished recording came to. {@code recordingId} is null when the store failed. */
    public record Finished(String recordingId, RecordingSummary summary, boolean failed) {}

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
