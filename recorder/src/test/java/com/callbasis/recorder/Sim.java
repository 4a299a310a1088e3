package com.callbasis.recorder;

import static com.callbasis.recorder.Fixtures.PTIME;

import com.callbasis.recorder.codec.Decoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A simulated call: packets are scheduled with arrival times, then fed in time order to a recorder
 * driven by a fake clock. Also computes the recording the test expects.
 */
final class Sim {
    record Arrival(double atMillis, Leg leg, byte[] packet, long order) {}

    final Fixtures.NanoClock clock = new Fixtures.NanoClock();
    final Fixtures.CapturingSink sink = new Fixtures.CapturingSink();
    final Fixtures.RecordingListener listener = new Fixtures.RecordingListener();
    final CallRecorder recorder;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final List<Runnable> actions = new ArrayList<>();
    private long order;

    Sim(RecorderConfig config) throws Exception {
        clock.at(0);
        recorder = CallRecorder.create(config, sink, listener, clock::get, Fixtures.WALL);
    }

    void at(double millis, Leg leg, byte[] packet) {
        arrivals.add(new Arrival(millis, leg, packet, order++));
    }

    /** Schedules a call on the recorder (pause, resume, tick) at a time. */
    void at(double millis, Runnable action) {
        int i = actions.size();
        actions.add(action);
        arrivals.add(new Arrival(millis, null, new byte[] {(byte) i}, order++));
    }

    /** Ticks every 20 ms from 0 to {@code untilMillis}, as the relay's timer would. */
    void ticks(double untilMillis) {
        for (double t = 0; t <= untilMillis; t += 20) {
            at(t + 0.5, recorder::tick);
        }
    }

    RecordingSummary run(double endMillis) {
        arrivals.sort(Comparator.comparingDouble(Arrival::atMillis).thenComparingLong(Arrival::order));
        for (Arrival a : arrivals) {
            long t = clock.at(a.atMillis());
            if (a.leg() == null) {
                actions.get(a.packet()[0] & 0xFF).run();
            } else {
                recorder.onPacket(a.leg(), a.packet(), 0, a.packet().length, t);
            }
        }
        clock.at(endMillis);
        return recorder.finish();
    }

    /** A G.711 audio stream of one leg, packet {@code i} carrying samples [160 i, 160 i + 160) of {@code source}. */
    static final class Stream {
        final int pt;
        final int ssrc;
        final int seq0;
        final long ts0;
        final IntFunction<byte[]> payload;
        final Decoder decoder;

        Stream(int pt, int ssrc, int seq0, long ts0, IntFunction<byte[]> payload, Decoder decoder) {
            this.pt = pt;
            this.ssrc = ssrc;
            this.seq0 = seq0;
            this.ts0 = ts0;
            this.payload = payload;
            this.decoder = decoder;
        }

        byte[] packet(int i) {
            return Fixtures.rtp(pt, i == 0, (seq0 + i) & 0xFFFF, (ts0 + (long) PTIME * i) & 0xFFFFFFFFL, ssrc,
                    payload.apply(i));
        }

        byte[] event(int i, int eventIndex0, int code, boolean end, int duration) {
            return Fixtures.rtp(101, false, (seq0 + i) & 0xFFFF, (ts0 + (long) PTIME * eventIndex0) & 0xFFFFFFFFL,
                    ssrc, Fixtures.event(code, end, 10, duration));
        }

        short[] decoded(int i) {
            byte[] p = payload.apply(i);
            short[] s = new short[p.length];
            decoder.decode(p, 0, p.length, s, 0);
            return s;
        }

        /** Writes packet i's decoded samples into {@code into} at {@code pos}. */
        void expect(short[] into, int i, int pos) {
            short[] s = decoded(i);
            System.arraycopy(s, 0, into, pos, Math.min(s.length, into.length - pos));
        }
    }
}
