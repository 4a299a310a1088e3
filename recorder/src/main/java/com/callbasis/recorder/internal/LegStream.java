package com.callbasis.recorder.internal;

import com.callbasis.recorder.Completeness;
import com.callbasis.recorder.DtmfEvent;
import com.callbasis.recorder.Leg;
import com.callbasis.recorder.PayloadTypes;
import com.callbasis.recorder.codec.Decoder;
import com.callbasis.recorder.rtp.RtpPacket;
import java.util.function.Consumer;

/**
 * One leg's RTP turned into PCM on the call timeline (positions in frames since the recording
 * began): per-SSRC sequence and timestamp tracking (RFC 3550 A.1), a reorder buffer drained by
 * {@link #render}, loss concealed by the codec's PLC where it has one and by silence otherwise,
 * RFC 4733 events kept out of the audio. Not thread-safe; guarded by the recorder's lock.
 *
 * <p>Payloads are decoded when the renderer reaches them, not on arrival, so that stateful decoders
 * (G.722, Opus) see each source's packets in timestamp order even when the network reordered them.
 * Each source has its own decoder instance per payload type and a {@link Resampler} from the
 * decoder's rate to the recording rate, reset where the audio is not continuous. A payload type
 * switch (re-INVITE: PCMU to G.722 on the same SSRC) keeps the timeline: positions come from RTP
 * timestamps at the clock rate, which both share; only a clock rate change re-anchors by arrival.
 */
final class LegStream {
    /** RFC 3550 A.1: a forward jump beyond this many sequence numbers is a restart. */
    static final int MAX_DROPOUT = 3000;
    /** RFC 3550 A.1: a backward jump beyond this is a restart. */
    static final int MAX_MISORDER = 100;
    /** Sequence numbers remembered per source for duplicate detection (about 5 s at 20 ms). */
    static final int WINDOW = 256;
    static final int MAX_SOURCES = 8;
    /**
     * Frames one leg may hold waiting for their turn. At 20 ms packets a 60 ms depth plus the 1 s
     * {@code maxAhead} needs about 55; a flood beyond this bound is dropped and counted as late.
     */
    static final int MAX_BUFFERED = 512;
    /** How long an event without its end bit keeps the mask open after its last packet. */
    static final long OPEN_EVENT_MILLIS = 100;
    private static final long NO_EVENT = Long.MIN_VALUE;
    /**
     * Concealment after the last decoded packet is bounded (3 x 20 ms): beyond that the sender has
     * most likely stopped (hold, DTX, end of call) and silence is the truthful rendering.
     */
    static final int MAX_CONCEAL = 3;

    private final Leg leg;
    private final int rate;
    private final long maxGap;
    private final long maxAhead;
    private final long guard;
    private final double lossThreshold;
    private final Masks masks;
    private final Consumer<DtmfEvent> dtmf;
    private PayloadTypes types = PayloadTypes.g711Static();
    boolean suppressDtmf;

    /**
     * The sources, least recently used first (a lookup counts as a use): the first is evicted when a
     * new one would exceed {@link #MAX_SOURCES}. A plain array: at most 8, searched by int, no boxing.
     */
    private final Source[] sources = new Source[MAX_SOURCES];
    private int sourceCount;
    /** Waiting frames by position; equal positions in insertion order (the queue is stable). */
    private final FrameQueue<Frame> frames = new FrameQueue<>(16);
    /** Rendered frames for reuse (no garbage per packet). */
    private final java.util.ArrayDeque<Frame> framePool = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<short[]> pool = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<byte[]> bytePool = new java.util.ArrayDeque<>();
    private static final int POOL = 8;
    /** The source whose audio was rendered last, the end of that audio, and how many chunks were concealed since. */
    private Source plcSource;
    private long plcEnd;
    private int concealed;
    private long evictedExpected;
    private int sourcesSeen;
    private long received;
    private long late;
    private long duplicate;
    private long written;
    private long events;
    private long suppressed;
    private long unsupported;
    private long resyncs;

    LegStream(Leg leg, int rate, long maxGap, long maxAhead, long guard, double lossThreshold, boolean suppressDtmf,
            Masks masks, Consumer<DtmfEvent> dtmf) {
        this.leg = leg;
        this.rate = rate;
        this.maxGap = maxGap;
        this.maxAhead = maxAhead;
        this.guard = guard;
        this.lossThreshold = lossThreshold;
        this.suppressDtmf = suppressDtmf;
        this.masks = masks;
        this.dtmf = dtmf;
    }

    void setPayloadTypes(PayloadTypes t) {
        this.types = t;
    }

    /** One parsed packet, arrived at timeline position {@code arrivalPos}; {@code rendered} frames are written. */
    void onPacket(RtpPacket p, long arrivalPos, long rendered) {
        long lowest = rendered;
        Source s = source(p.ssrc());
        long extTs;
        long ext;
        if (s == null) {
            s = new Source(p.ssrc());
            addSource(s);
            sourcesSeen++;
            start(s, p, arrivalPos, lowest);
            ext = s.highest;
            extTs = s.highestTs;
            s.markSeen(ext);
            received++;
        } else {
            int delta = (short) (p.sequence() - (int) (s.highest & 0xFFFF));
            if (delta > MAX_DROPOUT || delta < -MAX_MISORDER) {
                s.expectedPrior = s.expected();
                start(s, p, arrivalPos, lowest);
                resyncs++;
                ext = s.highest;
                extTs = s.highestTs;
                s.markSeen(ext);
                received++;
            } else {
                ext = s.highest + delta;
                if (ext <= s.highest - WINDOW) {
                    received++;
                    late++;
                    return;
                }
                if (s.seen(ext)) {
                    duplicate++;
                    return;
                }
                s.markSeen(ext);
                received++;
                if (ext < s.base) {
                    s.base = ext;
                }
                extTs = s.highestTs + (int) (p.timestamp() - (s.highestTs & 0xFFFFFFFFL));
                if (ext > s.highest) {
                    long tsDelta = extTs - s.highestTs;
                    s.highest = ext;
                    s.highestTs = extTs;
                    if (tsDelta < 0 || scale(s, tsDelta) > maxGap) {
                        resync(s, extTs, arrivalPos, lowest);
                    } else if (position(s, extTs) > arrivalPos + maxAhead) {
                        resync(s, extTs, arrivalPos, lowest);
                    }
                }
            }
        }
        byte[] buf = p.buffer();
        int off = p.payloadOffset();
        int len = p.payloadLength();
        if (types.isTelephoneEvent(p.payloadType())) {
            events++;
            telephoneEvent(s, extTs, buf, off, len, lowest);
            return;
        }
        Decoder proto = types.audio(p.payloadType());
        Decoder d = proto == null || len == 0 ? null : s.decoder(p.payloadType(), proto);
        int samples = d == null ? 0 : d.samples(buf, off, len);
        if (samples <= 0) {
            unsupported++;
            return;
        }
        if (d.clockRate() != s.clockRate) {
            s.clockRate = d.clockRate();
            resync(s, extTs, arrivalPos, lowest);
        }
        long pos = position(s, extTs);
        if (pos < lowest) {
            if (ext == s.highest && ext > s.lastWritten) {
                // The newest packet, only later than its slot: the sender's clock is slower than ours,
                // a delay spike, or timestamps that stood still during hold. Re-align the source by
                // arrival (which restores the full reorder margin) rather than drop everything from here on.
                resync(s, extTs, arrivalPos, lowest);
                pos = position(s, extTs);
            } else {
                late++;
                return;
            }
        }
        if (frames.size() >= MAX_BUFFERED) {
            late++;
            return;
        }
        int length = (int) ((long) samples * rate / d.sampleRate());
        byte[] payload = bytes(len);
        System.arraycopy(buf, off, payload, 0, len);
        frames.add(pos, frame().packet(pos, length, payload, len, d, samples, extTs, ext, s));
        if (ext == s.highest) {
            s.queuedEnd = Math.max(s.queuedEnd, pos + length);
        }
    }

    /** The source of {@code ssrc}, now the most recently used; null if unknown. */
    private Source source(int ssrc) {
        for (int i = sourceCount - 1; i >= 0; i--) { // from the newest: usually the one used last
            Source s = sources[i];
            if (s.ssrc == ssrc) {
                for (int j = i + 1; j < sourceCount; j++) {
                    sources[j - 1] = sources[j];
                }
                sources[sourceCount - 1] = s;
                return s;
            }
        }
        return null;
    }

    /** Adds a new source as the most recently used, evicting the least recently used one when full. */
    private void addSource(Source s) {
        if (sourceCount == MAX_SOURCES) {
            Source eldest = sources[0];
            evictedExpected += eldest.expected();
            if (plcSource == eldest) {
                plcSource = null;
            }
            System.arraycopy(sources, 1, sources, 0, sourceCount - 1);
            sourceCount--;
        }
        sources[sourceCount++] = s;
    }

    private void start(Source s, RtpPacket p, long arrivalPos, long lowest) {
        s.base = p.sequence() + 65536L;
        s.highest = s.base;
        s.highestTs = p.timestamp() + (1L << 32);
        s.clearSeen();
        s.anchorTs = s.highestTs;
        s.anchorPos = Math.max(Math.max(arrivalPos, lowest), s.queuedEnd);
        s.lastWritten = Long.MIN_VALUE;
        s.eventTs = NO_EVENT;
    }

    /**
     * Re-aligns a source by arrival. Never before the end of what is already queued for it: after a
     * stall a burst of in-order packets arrives at once, and anchoring one of them at its arrival would
     * lay it over the audio queued just before it (both would be written into the same frames).
     */
    private void resync(Source s, long extTs, long arrivalPos, long lowest) {
        s.anchorTs = extTs;
        s.anchorPos = Math.max(Math.max(arrivalPos, lowest), s.queuedEnd);
        resyncs++;
    }

    private long scale(Source s, long ts) {
        return s.clockRate == rate ? ts : ts * rate / s.clockRate;
    }

    private long position(Source s, long extTs) {
        return s.anchorPos + scale(s, extTs - s.anchorTs);
    }

    /** RFC 4733 s.2.3: event(8) E(1) R(1) volume(6) duration(16); all packets of an event share its timestamp. */
    private void telephoneEvent(Source s, long extTs, byte[] b, int off, int len, long lowest) {
        if (len < 4 || (s.eventTs != NO_EVENT && extTs < s.eventTs)) {
            return; // malformed, or a straggler of an earlier event
        }
        int code = b[off] & 0xFF;
        boolean end = (b[off + 1] & 0x80) != 0;
        long duration = (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
        long pos = position(s, extTs);
        if (extTs != s.eventTs) {
            if (s.eventTs != NO_EVENT && !s.eventEnded) {
                endEvent(s);
            }
            s.eventTs = extTs;
            s.eventEnded = false;
            s.eventCode = code;
            s.eventPos = pos;
            s.eventDuration = 0;
            s.eventMask = suppressDtmf ? masks.add(false, Math.max(pos - guard, lowest), pos) : null;
            dtmf.accept(new DtmfEvent(leg, DtmfEvent.Phase.START, code, millis(pos), millis(scale(s, duration))));
        } else if (s.eventEnded) {
            return; // RFC 4733 s.2.5.1.4: the end packet is sent three times
        }
        s.eventDuration = Math.max(s.eventDuration, scale(s, duration));
        if (s.eventMask != null) {
            long tail = end ? guard : Math.max(guard, OPEN_EVENT_MILLIS * rate / 1000);
            s.eventMask.end = Math.max(s.eventMask.start, pos + s.eventDuration + tail);
        }
        if (end) {
            endEvent(s);
        }
    }

    private void endEvent(Source s) {
        s.eventEnded = true;
        dtmf.accept(new DtmfEvent(leg, DtmfEvent.Phase.END, s.eventCode, millis(s.eventPos), millis(s.eventDuration)));
        s.eventCode = -1; // the digit is not kept
    }

    /** Reports the end of events still open (end of call). */
    void endOpenEvents() {
        for (int i = 0; i < sourceCount; i++) {
            Source s = sources[i];
            if (s.eventTs != NO_EVENT && !s.eventEnded) {
                endEvent(s);
            }
        }
    }

    private long millis(long frames) {
        return frames * 1000 / rate;
    }

    /**
     * Fills {@code out[0, n)} with this leg's samples for positions [from, from + n); concealment or
     * silence where no packet arrived.
     */
    void render(short[] out, long from, int n) {
        java.util.Arrays.fill(out, 0, n, (short) 0);
        long to = from + n;
        while (true) {
            if (conceal(from, to)) {
                continue;
            }
            Frame f = frames.peek();
            if (f == null || f.pos >= to) {
                break;
            }
            if (f.pcm == null) {
                decode(f);
            }
            long a = Math.max(f.pos, from);
            long b = Math.min(f.end(), to);
            if (b > a) {
                System.arraycopy(f.pcm, (int) (a - f.pos), out, (int) (a - from), (int) (b - a));
            }
            if (f.end() > to) {
                break;
            }
            frames.poll();
            recycle(f.pcm);
            if (f.payload != null) { // a packet, not concealment
                recycleBytes(f.payload);
                if (masks.covers(f.pos, f.end())) {
                    suppressed++;
                } else {
                    written++;
                }
                if (f.ext > f.source.lastWritten) {
                    f.source.lastWritten = f.ext;
                }
            }
            recycleFrame(f);
        }
    }

    /** Decodes a packet in its turn and brings it to the recording rate; it becomes what concealment continues. */
    private void decode(Frame f) {
        Source s = f.source;
        Decoder d = f.decoder;
        short[] raw = Scratch.get().raw(f.samples);
        int n = d.decode(f.payload, 0, f.payloadLength, raw, 0);
        java.util.Arrays.fill(raw, n, f.samples, (short) 0);
        boolean continuous = s.lastDecoder == d && f.extTs == s.nextTs;
        f.pcm = resample(s, d, raw, f.samples, continuous, f.length);
        s.lastDecoder = d;
        s.nextTs = f.extTs + (long) f.samples * d.clockRate() / d.sampleRate();
        plcSource = s;
        plcEnd = f.end();
        concealed = 0;
    }

    /**
     * Packet loss concealment: when the audio of the source rendered last ends inside this block and no
     * packet follows at once, asks its decoder for 20 ms of concealment and queues it as a frame at
     * that end. A packet that turns up for the same place later is written over it.
     */
    private boolean conceal(long from, long to) {
        Source s = plcSource;
        if (s == null || s.lastDecoder == null || concealed >= MAX_CONCEAL || plcEnd < from || plcEnd >= to) {
            return false;
        }
        Frame head = frames.peek();
        if (head != null && head.pos <= plcEnd) {
            return false;
        }
        Decoder d = s.lastDecoder;
        int samples = d.sampleRate() / 50;
        short[] raw = Scratch.get().raw(samples);
        if (!d.conceal(raw, 0, samples)) {
            plcSource = null; // no PLC in this codec: silence, as for G.711
            return false;
        }
        int length = (int) ((long) samples * rate / d.sampleRate());
        short[] pcm = resample(s, d, raw, samples, true, length);
        frames.add(plcEnd, frame().concealment(plcEnd, length, pcm, s));
        s.nextTs += (long) samples * d.clockRate() / d.sampleRate();
        plcEnd += length;
        concealed++;
        return true;
    }

    /** {@code raw[0, samples)} at the decoder's rate to exactly {@code length} samples at the recording rate. */
    private short[] resample(Source s, Decoder d, short[] raw, int samples, boolean continuous, int length) {
        short[] pcm = buffer(length);
        if (d.sampleRate() == rate) {
            System.arraycopy(raw, 0, pcm, 0, Math.min(samples, length));
            return pcm;
        }
        Resampler r = s.resampler;
        if (r == null || r.inRate() != d.sampleRate()) {
            r = new Resampler(d.sampleRate(), rate);
            s.resampler = r;
        } else if (!continuous) {
            r.reset();
        }
        short[] resampled = Scratch.get().resampled(r.outputLength(samples));
        int m = r.process(raw, samples, resampled);
        // Integer ratios (8/16/48 kHz, 20 ms packets) give exactly `length`; others differ by a sample at most.
        System.arraycopy(resampled, 0, pcm, 0, Math.min(m, length));
        if (m < length) {
            java.util.Arrays.fill(pcm, m, length, m > 0 ? resampled[m - 1] : 0);
        }
        return pcm;
    }

    /** A frame from the pool or a new one; {@link Frame#packet} or {@link Frame#concealment} sets it. */
    private Frame frame() {
        Frame f = framePool.pollFirst();
        return f != null ? f : new Frame();
    }

    private void recycleFrame(Frame f) {
        f.clear();
        if (framePool.size() < POOL) {
            framePool.addFirst(f);
        }
    }

    /** A sample buffer of exactly {@code n}, reused from rendered frames where possible (no garbage per packet). */
    private short[] buffer(int n) {
        short[] b = pool.pollFirst();
        return b != null && b.length == n ? b : new short[n];
    }

    private void recycle(short[] b) {
        if (pool.size() < POOL) {
            pool.addFirst(b);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = bytePool.pollFirst();
        return b != null && b.length == n ? b : new byte[n];
    }

    private void recycleBytes(byte[] b) {
        if (bytePool.size() < POOL) {
            bytePool.addFirst(b);
        }
    }

    /** Frees the decoders' native state (end of call). */
    void release() {
        for (int i = 0; i < sourceCount; i++) {
            sources[i].closeDecoders();
        }
    }

    /** End of the last buffered packet, or {@code Long.MIN_VALUE}. */
    long bufferedEnd() {
        long e = Long.MIN_VALUE;
        for (int i = 0; i < frames.size(); i++) {
            e = Math.max(e, frames.get(i).end());
        }
        return e;
    }

    Completeness completeness() {
        long expected = evictedExpected;
        for (int i = 0; i < sourceCount; i++) {
            expected += sources[i].expected();
        }
        long lost = Math.max(0, expected - received);
        double ratio = expected == 0 ? 0 : (double) (lost + late) / expected;
        return new Completeness(leg, expected, received, lost, late, duplicate, written, events, suppressed,
                unsupported, resyncs, sourcesSeen, ratio, ratio > lossThreshold);
    }

    /**
     * Decoder output and resampler output: needed only while one frame is rendered, so one pair per
     * thread rather than per leg (a gateway keeps two legs open for every recorded call).
     */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);
        private short[] raw = new short[960];
        private short[] resampled = new short[960];

        static Scratch get() {
            return PER_THREAD.get();
        }

        short[] raw(int n) {
            if (raw.length < n) {
                raw = new short[n];
            }
            return raw;
        }

        short[] resampled(int n) {
            if (resampled.length < n) {
                resampled = new short[n];
            }
            return resampled;
        }
    }

    /**
     * A packet waiting for its turn (payload kept, decoded when rendered), or concealment (pcm only).
     * Pooled: {@link #packet} and {@link #concealment} set every field.
     */
    private static final class Frame {
        long pos;
        int length;
        byte[] payload;
        int payloadLength;
        Decoder decoder;
        int samples;
        long extTs;
        short[] pcm;
        long ext;
        Source source;

        Frame packet(long pos, int length, byte[] payload, int payloadLength, Decoder decoder, int samples,
                long extTs, long ext, Source source) {
            this.pos = pos;
            this.length = length;
            this.payload = payload;
            this.payloadLength = payloadLength;
            this.decoder = decoder;
            this.samples = samples;
            this.extTs = extTs;
            this.pcm = null;
            this.ext = ext;
            this.source = source;
            return this;
        }

        Frame concealment(long pos, int length, short[] pcm, Source source) {
            packet(pos, length, null, 0, null, 0, 0, Long.MIN_VALUE, source);
            this.pcm = pcm;
            return this;
        }

        /** A pooled frame keeps nothing alive: not the buffers, nor an evicted source and its decoders. */
        void clear() {
            packet(0, 0, null, 0, null, 0, 0, Long.MIN_VALUE, null);
        }

        long end() {
            return pos + length;
        }
    }

    /** RFC 3550 A.1 state of one SSRC. */
    private static final class Source {
        final int ssrc;
        long base;
        long highest;
        long expectedPrior;
        long highestTs;
        long anchorTs;
        long anchorPos;
        /** Timeline end of the newest packet queued for this source: a re-anchor never goes before it. */
        long queuedEnd = Long.MIN_VALUE;
        int clockRate = 8000;
        long lastWritten = Long.MIN_VALUE;
        /** Low 32 bits of the extended sequence numbers seen, by slot: enough to tell within the window (heap per call). */
        final int[] seen = new int[WINDOW];
        long eventTs = NO_EVENT;
        boolean eventEnded;
        int eventCode = -1;
        long eventPos;
        long eventDuration;
        Masks.Mask eventMask;
        /**
         * Per payload type seen (a source uses one or two): the negotiated decoder (prototype) and this
         * source's own instance of it. Small arrays searched in order, not one slot per type (heap per call).
         */
        private int[] pts = new int[2];
        private Decoder[] protos = new Decoder[2];
        private Decoder[] decoders = new Decoder[2];
        private int types;
        Decoder lastDecoder;
        long nextTs;
        Resampler resampler;

        Source(int ssrc) {
            this.ssrc = ssrc;
        }

        /** This source's decoder for {@code pt}; a new instance when the negotiation changed the codec. */
        Decoder decoder(int pt, Decoder proto) {
            int i = 0;
            while (i < types && pts[i] != pt) {
                i++;
            }
            if (i == types) {
                if (types == pts.length) {
                    pts = java.util.Arrays.copyOf(pts, types * 2);
                    protos = java.util.Arrays.copyOf(protos, types * 2);
                    decoders = java.util.Arrays.copyOf(decoders, types * 2);
                }
                pts[i] = pt;
                types++;
            }
            if (protos[i] != proto) {
                // A replaced instance may still have queued packets: it is not closed here (Opus frees on GC).
                protos[i] = proto;
                decoders[i] = proto.newInstance();
            }
            return decoders[i];
        }

        void closeDecoders() {
            for (int i = 0; i < types; i++) {
                decoders[i].close();
                decoders[i] = null;
                protos[i] = null;
            }
            types = 0;
        }

        long expected() {
            return expectedPrior + highest - base + 1;
        }

        boolean seen(long ext) {
            return seen[(int) (ext & (WINDOW - 1))] == (int) ext;
        }

        void markSeen(long ext) {
            seen[(int) (ext & (WINDOW - 1))] = (int) ext;
        }

        void clearSeen() {
            // -1 is never a low half: extended numbers start at 65536 and would need 2^32 packets to get there
            java.util.Arrays.fill(seen, -1);
        }

        @Override
        public String toString() {
            return "Source[" + Integer.toUnsignedString(ssrc, 16) + "]";
        }
    }
}
