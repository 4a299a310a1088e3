package com.callbasis.gateway.b2bua;

import com.callbasis.gateway.dtmf.DigitCollector;
import com.callbasis.gateway.dtmf.DtmfDigit;
import com.callbasis.gateway.dtmf.DtmfLegTap;
import com.callbasis.gateway.dtmf.DtmfSource;
import com.callbasis.gateway.media.Side;
import com.callbasis.recorder.PayloadTypes;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;

/**
 * The data subject's key presses of one call, from all three ways carriers send them: RFC 4733 events
 * and in-band tones in its RTP (relay thread, through {@link DtmfLegTap}) and SIP INFO (core thread).
 * One {@link DigitCollector} merges them, so a press sent two ways counts once and a digit storm is
 * cut at its rate limit. Each accepted press goes to {@code sink}, which hands it to the core thread.
 * The agent's side is never listened to: its digits cannot answer for the subject.
 */
final class SubjectDigits {
    interface Sink {
        void press(char digit, String method, long endNanos);
    }

    private final Side subject;
    private final DigitCollector collector;
    private final DtmfLegTap tap;
    /** New payload types from a re-INVITE, applied on the relay thread with the next packet. */
    private volatile PayloadTypes pending;
    private volatile boolean closed;

    SubjectDigits(Side subject, PayloadTypes types, Sink sink) {
        this.subject = subject;
        this.collector = new DigitCollector(DigitCollector.Config.defaults(),
                d -> sink.press(d.digit(), method(d.source()), d.endNanos()));
        this.tap = new DtmfLegTap(subject, types, collector);
    }

    private static String method(DtmfSource s) {
        return switch (s) {
            case RFC4733 -> "rfc4733";
            case INBAND -> "inband";
            case SIP_INFO -> "sip-info";
        };
    }

    /** Relay thread. */
    void onRtp(Side from, ByteBuf packet, long arrivalNanos) {
        if (closed || from != subject) {
            return;
        }
        PayloadTypes p = pending;
        if (p != null) {
            pending = null;
            tap.payloadTypes(p);
        }
        tap.onRtp(from, packet, arrivalNanos);
    }

    /** Core thread: the leg's codecs changed. */
    void setPayloadTypes(PayloadTypes types) {
        pending = types;
    }

    /** Core thread: a digit by SIP INFO. */
    void info(char digit, long nanos) {
        collector.offer(new DtmfDigit(digit, DtmfSource.SIP_INFO, nanos));
    }

    /** Call end: counts what was heard ({@code dtmf.presses{result}}); the decoder is freed with the tap. */
    void close(MeterRegistry registry) {
        if (closed) {
            return;
        }
        closed = true;
        registry.counter("dtmf.presses", "result", "accepted").increment(collector.accepted());
        registry.counter("dtmf.presses", "result", "duplicate").increment(collector.duplicates());
        registry.counter("dtmf.presses", "result", "dropped").increment(collector.dropped());
    }
}
