package com.callbasis.recorder.internal;

import com.callbasis.recorder.Completeness;
import com.callbasis.recorder.DtmfEvent;
import com.callbasis.recorder.Leg;
import com.callbasis.recorder.PayloadTypes;
import com.callbasis.recorder.codec.Decoder;
import com.callbasis.recorder.rtp.RtpPacket;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * One leg's RTP turned into PCM on the call timeline (positions in frames since the recording
 * began): per-SSRC sequence and timestamp tracking (RFC 3550 A.1), a reorder buffer drained by
 * {@link #render}, loss concealed by silence, RFC 4733 events kept out of the audio. Not
 * thread-safe; guarded by the recorder's lock.
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

    private final Map<Integer, Source> sources = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Source> e) {
            if (size() > MAX_SOURCES) {
                evictedExpected += e.getValue().expected();
                return true;
            }
            return false;
        }
    };
    private final PriorityQueue<Frame> frames = new PriorityQueue<>(
            Comparator.comparingLong((Frame f) -> f.pos).thenComparingLong(f -> f.order));
    private final java.util.ArrayDeque<short[]> pool = new java.util.ArrayDeque<>();
    private static final int POOL = 8;
    private long order;
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
        Source s = sources.get(p.ssrc());
        long extTs;
        long ext;
        if (s == null) {
            s = new Source(p.ssrc());
            sources.put(p.ssrc(), s);
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
        Decoder d = types.audio(p.payloadType());
        if (d == null || d.sampleRate() != rate || len == 0) {
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
        short[] pcm = buffer(d.samples(len));
        int n = d.decode(buf, off, len, pcm, 0);
        frames.add(new Frame(pos, n, pcm, ext, s, order++));
    }

    private void start(Source s, RtpPacket p, long arrivalPos, long lowest) {
        s.base = p.sequence() + 65536L;
        s.highest = s.base;
        s.highestTs = p.timestamp() + (1L << 32);
        s.clearSeen();
        s.anchorTs = s.highestTs;
        s.anchorPos = Math.max(arrivalPos, lowest);
        s.lastWritten = Long.MIN_VALUE;
        s.eventTs = NO_EVENT;
    }

    private void resync(Source s, long extTs, long arrivalPos, long lowest) {
        s.anchorTs = extTs;
        s.anchorPos = Math.max(arrivalPos, lowest);
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
        for (Source s : sources.values()) {
            if (s.eventTs != NO_EVENT && !s.eventEnded) {
                endEvent(s);
            }
        }
    }

    private long millis(long frames) {
        return frames * 1000 / rate;
    }

    /** Fills {@code out[0, n)} with this leg's samples for positions [from, from + n); silence where none. */
    void render(short[] out, long from, int n) {
        java.util.Arrays.fill(out, 0, n, (short) 0);
        long to = from + n;
        while (!frames.isEmpty()) {
            Frame f = frames.peek();
            if (f.pos >= to) {
                break;
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
            if (masks.covers(f.pos, f.end())) {
                suppressed++;
            } else {
                written++;
            }
            if (f.ext > f.source.lastWritten) {
                f.source.lastWritten = f.ext;
            }
        }
    }

    /** A sample buffer of at least {@code n}, reused from rendered frames where possible (no garbage per packet). */
    private short[] buffer(int n) {
        short[] b = pool.pollFirst();
        return b != null && b.length == n ? b : new short[n];
    }

    private void recycle(short[] b) {
        if (pool.size() < POOL) {
            pool.addFirst(b);
        }
    }

    /** End of the last buffered packet, or {@code Long.MIN_VALUE}. */
    long bufferedEnd() {
        long e = Long.MIN_VALUE;
        for (Frame f : frames) {
            e = Math.max(e, f.end());
        }
        return e;
    }

    Completeness completeness() {
        long expected = evictedExpected;
        for (Source s : sources.values()) {
            expected += s.expected();
        }
        long lost = Math.max(0, expected - received);
        double ratio = expected == 0 ? 0 : (double) (lost + late) / expected;
        return new Completeness(leg, expected, received, lost, late, duplicate, written, events, suppressed,
                unsupported, resyncs, sourcesSeen, ratio, ratio > lossThreshold);
    }

    private static final class Frame {
        final long pos;
        final int length;
        final short[] pcm;
        final long ext;
        final Source source;
        final long order;

        Frame(long pos, int length, short[] pcm, long ext, Source source, long order) {
            this.pos = pos;
            this.length = length;
            this.pcm = pcm;
            this.ext = ext;
            this.source = source;
            this.order = order;
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
        int clockRate = 8000;
        long lastWritten = Long.MIN_VALUE;
        final long[] seen = new long[WINDOW];
        long eventTs = NO_EVENT;
        boolean eventEnded;
        int eventCode = -1;
        long eventPos;
        long eventDuration;
        Masks.Mask eventMask;

        Source(int ssrc) {
            this.ssrc = ssrc;
        }

        long expected() {
            return expectedPrior + highest - base + 1;
        }

        boolean seen(long ext) {
            return seen[(int) (ext & (WINDOW - 1))] == ext;
        }

        void markSeen(long ext) {
            seen[(int) (ext & (WINDOW - 1))] = ext;
        }

        void clearSeen() {
            java.util.Arrays.fill(seen, -1L);
        }

        @Override
        public String toString() {
            return "Source[" + Integer.toUnsignedString(ssrc, 16) + "]";
        }
    }
}
