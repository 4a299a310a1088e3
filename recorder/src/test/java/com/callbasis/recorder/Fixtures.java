package com.callbasis.recorder;

import com.callbasis.recorder.codec.G711;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** RTP packets, tones, a Goertzel detector and a capturing sink for recorder tests. */
public final class Fixtures {
    public static final Clock WALL = Clock.fixed(Instant.parse("2026-05-04T08:00:00Z"), ZoneOffset.UTC);
    public static final int RATE = 8000;
    public static final int PTIME = 160; // 20 ms at 8 kHz

    private Fixtures() {}

    /** An RTP packet (RFC 3550) with the given header fields and payload. */
    public static byte[] rtp(int pt, boolean marker, int seq, long ts, int ssrc, byte[] payload) {
        byte[] b = new byte[12 + payload.length];
        b[0] = (byte) 0x80;
        b[1] = (byte) ((marker ? 0x80 : 0) | pt);
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        b[4] = (byte) (ts >> 24);
        b[5] = (byte) (ts >> 16);
        b[6] = (byte) (ts >> 8);
        b[7] = (byte) ts;
        b[8] = (byte) (ssrc >> 24);
        b[9] = (byte) (ssrc >> 16);
        b[10] = (byte) (ssrc >> 8);
        b[11] = (byte) ssrc;
        System.arraycopy(payload, 0, b, 12, payload.length);
        return b;
    }

    /** RFC 4733 s.2.3 payload. */
    public static byte[] event(int code, boolean end, int volume, int duration) {
        return new byte[] {(byte) code, (byte) ((end ? 0x80 : 0) | volume), (byte) (duration >> 8), (byte) duration};
    }

    /** {@code n} samples of a sine at {@code hz}, amplitude {@code amp}, starting at sample {@code from}. */
    public static short[] tone(double hz, int amp, long from, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) Math.round(amp * Math.sin(2 * Math.PI * hz * (from + i) / RATE));
        }
        return s;
    }

    public static byte[] ulaw(short[] pcm) {
        byte[] b = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            b[i] = G711.linearToUlaw(pcm[i]);
        }
        return b;
    }

    public static byte[] alaw(short[] pcm) {
        byte[] b = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            b[i] = G711.linearToAlaw(pcm[i]);
        }
        return b;
    }

    /** Relative power of {@code hz} in {@code x[from, from + n)} (Goertzel), normalised by n^2. */
    public static double goertzel(short[] x, int from, int n, double hz) {
        return goertzel(x, from, n, hz, RATE);
    }

    /**
     * Goertzel at any sample rate: power of {@code hz} normalised by n^2, so a sine of amplitude A gives
     * about A^2/4 when n spans whole periods.
     */
    public static double goertzel(short[] x, int from, int n, double hz, int rate) {
        double w = 2 * Math.PI * hz / rate;
        double c = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            double s0 = x[from + i] + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double p = s1 * s1 + s2 * s2 - c * s1 * s2;
        return p / ((double) n * n);
    }

    /** Energy (mean square) of x[from, from + n). */
    public static double energy(short[] x, int from, int n) {
        double e = 0;
        for (int i = 0; i < n; i++) {
            e += (double) x[from + i] * x[from + i];
        }
        return n == 0 ? 0 : e / n;
    }

    /** Splits interleaved 16-bit LE stereo into channels: [0] left, [1] right. */
    public static short[][] split(byte[] pcm, int off) {
        int frames = (pcm.length - off) / 4;
        short[][] ch = new short[2][frames];
        for (int i = 0; i < frames; i++) {
            int o = off + 4 * i;
            ch[0][i] = (short) ((pcm[o] & 0xFF) | pcm[o + 1] << 8);
            ch[1][i] = (short) ((pcm[o + 2] & 0xFF) | pcm[o + 3] << 8);
        }
        return ch;
    }

    /** Compares sample arrays and names the first difference (AssertJ would print both arrays whole). */
    public static void assertSamples(short[] actual, short[] expected) {
        int n = Math.min(actual.length, expected.length);
        for (int i = 0; i < n; i++) {
            if (actual[i] != expected[i]) {
                int last = i;
                while (last + 1 < n && actual[last + 1] != expected[last + 1]) {
                    last++;
                }
                throw new AssertionError("samples differ from " + i + " to " + last + " (frame " + i / 160
                        + "): actual " + actual[i] + ", expected " + expected[i]);
            }
        }
        if (actual.length != expected.length) {
            throw new AssertionError("length " + actual.length + ", expected " + expected.length);
        }
    }

    /** A monotonic clock the test moves, in nanoseconds. */
    public static final class NanoClock {
        public final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        public long get() {
            return nanos.get();
        }

        public long at(double millis) {
            long t = 1_000_000_000L + Math.round(millis * 1_000_000);
            nanos.set(t);
            return t;
        }
    }

    /** Keeps everything written, and the order of pause/resume marks. */
    public static class CapturingSink implements PcmSink {
        public final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        public final List<String> marks = new ArrayList<>();
        public PcmFormat format;
        public int writes;
        public boolean closed;

        @Override
        public void open(PcmFormat f) {
            format = f;
        }

        @Override
        public void write(byte[] pcm, int off, int len) {
            if (len % 4 != 0) {
                throw new AssertionError("partial frame");
            }
            bytes.write(pcm, off, len);
            writes++;
        }

        @Override
        public void pause(String reason) {
            marks.add("pause:" + reason + "@" + bytes.size() / 4);
        }

        @Override
        public void resume() {
            marks.add("resume@" + bytes.size() / 4);
        }

        @Override
        public void close() {
            closed = true;
        }

        public short[][] channels() {
            return split(bytes.toByteArray(), 0);
        }
    }

    /** Listener that records what it is told (the test may look at digits; the recorder must not keep them). */
    public static final class RecordingListener implements RecorderListener {
        public final List<DtmfEvent> dtmf = new ArrayList<>();
        public final List<PauseEvent> pauses = new ArrayList<>();
        public final List<Exception> failures = new ArrayList<>();

        @Override
        public void onDtmf(DtmfEvent e) {
            dtmf.add(e);
        }

        @Override
        public void onPause(PauseEvent e) {
            pauses.add(e);
        }

        @Override
        public void onSinkFailure(Exception cause) {
            failures.add(cause);
        }
    }
}
