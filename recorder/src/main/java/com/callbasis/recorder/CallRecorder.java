package com.callbasis.recorder;

import com.callbasis.recorder.internal.Recorders;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * Records one call: the relay hands it every RTP packet of both legs, it writes one stereo stream
 * (caller left, agent right) into a {@link PcmSink} as the call runs, about
 * {@link RecorderConfig#reorderDepth()} behind real time.
 *
 * <p>Times are {@code System.nanoTime()}-style monotonic nanoseconds from the clock given at
 * creation; arrival times passed by the relay must come from the same clock. The recording's time
 * zero is the creation time. Thread-safe (one lock per call); the relay may feed both legs from
 * different threads, and pause/resume may come from a control thread.
 *
 * <p>Nothing here throws on bad packets: they are counted ({@link #completeness}, {@link #rejected}).
 * A failing sink is reported once to {@link RecorderListener#onSinkFailure} and the rest of the call is
 * only counted.
 */
public interface CallRecorder extends Closeable {
    /** Creates a recorder whose time zero is now; the sink is opened at once. */
    static CallRecorder create(RecorderConfig config, PcmSink sink, RecorderListener listener,
            LongSupplier nanoClock, Clock wallClock) throws java.io.IOException {
        return Recorders.create(config, sink, listener, nanoClock, wallClock);
    }

    /** Sets the negotiated payload types of a leg (initially {@link PayloadTypes#g711Static()}). */
    void setPayloadTypes(Leg leg, PayloadTypes types);

    /** One RTP datagram of {@code leg}, received at {@code arrivalNanos}. The bytes are copied if kept. */
    void onPacket(Leg leg, byte[] datagram, int off, int len, long arrivalNanos);

    /** One RTP datagram between the buffer's position and limit; the position is not changed. */
    void onPacket(Leg leg, ByteBuffer datagram, long arrivalNanos);

    /**
     * Lets time pass without packets: writes what is due. Call it every 20-100 ms per call (or from
     * the relay's timer wheel) so that a call on hold, or with both sides silent, keeps being written.
     */
    void tick();

    /**
     * Pauses capture (card entry): from now on both channels are silence in the same recording, until
     * {@link #resume}. Reported to the listener. No effect when already paused.
     *
     * @param reason short code (e.g. {@code pci-card-entry}); not free text, it goes to the audit log
     */
    void pause(String reason);

    /** Ends a pause; reported to the listener. No effect when not paused. */
    void resume(String reason);

    boolean isPaused();

    /** Switches DTMF suppression on or off for the rest of the call (the {@code suppress_dtmf} obligation). */
    void setSuppressDtmf(boolean on);

    /** Accounting of a leg so far. */
    Completeness completeness(Leg leg);

    /** Datagrams of a leg that were not RTP at all (see {@link com.callbasis.recorder.rtp.RtpParseError}). */
    long rejected(Leg leg);

    /** Stereo frames written so far. */
    long framesWritten();

    /**
     * Ends the call: writes everything buffered up to now (or to the end of the last buffered packet,
     * if later), ends an open pause, closes the sink. Idempotent.
     */
    RecordingSummary finish();

    @Override
    default void close() {
        finish();
    }
}
