package com.callbasis.gateway.dtmf;

import com.callbasis.gateway.media.MediaTap;
import com.callbasis.gateway.media.Side;
import com.callbasis.recorder.PayloadTypes;
import com.callbasis.recorder.codec.Decoder;
import com.callbasis.recorder.rtp.RtpPacket;
import com.callbasis.recorder.rtp.RtpParser;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * The media side of DTMF capture for one leg: a {@link MediaTap} that hears the subject's packets and
 * passes each press to a {@link DigitCollector}. Packets of a telephone-event payload type go to an
 * {@link Rfc4733DigitReader}; audio is decoded with the leg's negotiated decoder and searched for tones
 * by an {@link InbandDtmfDetector} at the decoder's rate. SIP INFO digits reach the same collector from
 * the SIP side ({@link DtmfInfo}).
 *
 * <p>Packets from the other side, of unknown payload types, malformed, or larger than
 * {@value #MAX_PACKET} bytes are ignored and counted. Called on the relay's event loop (one thread per
 * session); {@link #payloadTypes} and {@link #close} from elsewhere must be handed to that loop.
 */
public final class DtmfLegTap implements MediaTap {
    /** Larger than any RTP packet over UDP with a 1500-byte MTU; bounds the copy buffer. */
    public static final int MAX_PACKET = 2048;
    /** 120 ms at 48 kHz, the longest Opus packet (RFC 6716 s.3.2.1). */
    private static final int MAX_SAMPLES = 5760;

    private final Side subject;
    private final DigitCollector collector;
    private final Rfc4733DigitReader events;
    private final byte[] copy = new byte[MAX_PACKET];
    private final short[] pcm = new short[MAX_SAMPLES];
    private PayloadTypes types;
    private int decoderPt = -1;
    private Decoder decoder;
    private InbandDtmfDetector detector;
    private long detectorArrival;
    private long ignored;

    /**
     * @param subject the side whose presses count (the data subject's leg)
     * @param types the leg's negotiated payload types
     */
    public DtmfLegTap(Side subject, PayloadTypes types, DigitCollector collector) {
        this.subject = Objects.requireNonNull(subject);
        this.types = Objects.requireNonNull(types);
        this.collector = Objects.requireNonNull(collector);
        this.events = new Rfc4733DigitReader(collector::offer);
    }

    /** A re-INVITE changed the codecs: later packets are decoded with the new types. */
    public void payloadTypes(PayloadTypes newTypes) {
        this.types = Objects.requireNonNull(newTypes);
        releaseDecoder();
    }

    @Override
    public void onRtp(Side from, ByteBuf packet, long arrivalNanos) {
        events.expire(arrivalNanos);
        int len = packet.readableBytes();
        if (from != subject || len > MAX_PACKET) {
            ignored += from == subject ? 1 : 0;
            return;
        }
        packet.getBytes(packet.readerIndex(), copy, 0, len);
        if (!(RtpParser.parseOrError(copy, 0, len) instanceof RtpPacket p)) {
            ignored++;
            return;
        }
        int pt = p.payloadType();
        if (types.isTelephoneEvent(pt)) {
            events.offer(p, arrivalNanos);
            return;
        }
        Decoder d = decoderFor(pt);
        if (d == null) {
            ignored++;
            return;
        }
        int n = d.samples(copy, p.payloadOffset(), p.payloadLength());
        if (n <= 0 || n > MAX_SAMPLES) {
            ignored++;
            return;
        }
        int decoded = d.decode(copy, p.payloadOffset(), p.payloadLength(), pcm, 0);
        if (detector == null || detector.sampleRate() != d.sampleRate()) {
            if (detector != null) {
                detector.flush();
            }
            InbandDtmfDetector[] self = new InbandDtmfDetector[1];
            int rate = d.sampleRate();
            self[0] = new InbandDtmfDetector(rate, (digit, start, end) -> {
                // the press ended (end of the detector's samples - end) samples before this packet's last one
                long behind = self[0].samples() - end;
                long endNanos = detectorArrival - behind * 1_000_000_000L / rate;
                collector.offer(new DtmfDigit(digit, DtmfSource.INBAND, endNanos));
            });
            detector = self[0];
        }
        detectorArrival = arrivalNanos;
        detector.process(pcm, 0, Math.max(0, Math.min(decoded, MAX_SAMPLES)));
    }

    private Decoder decoderFor(int pt) {
        if (pt != decoderPt) {
            releaseDecoder();
            Decoder prototype = types.audio(pt);
            if (prototype == null) {
                return null;
            }
            decoder = prototype.newInstance();
            decoderPt = pt;
        }
        return decoder;
    }

    private void releaseDecoder() {
        if (decoder != null) {
            decoder.close();
        }
        decoder = null;
        decoderPt = -1;
    }

    /** End of the leg (or of the prompt): reports presses still open and frees the decoder. */
    public void close() {
        events.close();
        if (detector != null) {
            detector.flush();
        }
        releaseDecoder();
    }

    /** Subject packets not used: malformed, oversized, unknown payload type. */
    public long ignored() {
        return ignored;
    }

    @Override
    public String toString() {
        return "DtmfLegTap[subject=" + subject + ", ignored=" + ignored + "]";
    }
}
