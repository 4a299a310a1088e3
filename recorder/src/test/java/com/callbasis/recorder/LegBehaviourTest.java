package com.callbasis.recorder;

import static com.callbasis.recorder.Fixtures.PTIME;
import static com.callbasis.recorder.Fixtures.assertSamples;
import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.recorder.codec.Decoders;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** One leg's timeline: SSRC changes, timestamp jumps, clock slips, hold, restarts, odd payloads. */
class LegBehaviourTest {
    static Sim.Stream tone(int ssrc, int seq0, long ts0, double hz) {
        return new Sim.Stream(0, ssrc, seq0, ts0,
                i -> Fixtures.ulaw(Fixtures.tone(hz, 6000, (long) PTIME * i, PTIME)), Decoders.pcmu());
    }

    /** Sends packets [from, to) of {@code s} at 20 ms steps starting {@code atMillis}, with a timestamp offset. */
    static void send(Sim sim, Leg leg, Sim.Stream s, int from, int to, double atMillis) {
        for (int i = from; i < to; i++) {
            sim.at(atMillis + 20.0 * (i - from), leg, s.packet(i));
        }
    }

    @Test
    void ssrcChangeStartsANewSourceAlignedByArrival() throws Exception {
        Sim sim = new Sim(RecorderConfig.defaults());
        Sim.Stream a = tone(0xAAAA, 100, 5000, 440);
        Sim.Stream b = tone(0xBBBB, 40000, 3_000_000_000L, 440); // unrelated sequence and timestamp
        send(sim, Leg.CALLER, a, 0, 50, 0);       // 0..1000 ms
        send(sim, Leg.CALLER, b, 0, 30, 1200);    // new source after 200 ms of nothing
        sim.ticks(1800);
        RecordingSummary s = sim.run(1800);

        short[] expected = new short[8 * 1800];
        for (int i = 0; i < 50; i++) {
            a.expect(expected, i, PTIME * i);
        }
        for (int i = 0; i < 30; i++) {
            b.expect(expected, i, 9600 + PTIME * i);
        }
        short[][] ch = sim.sink.channels();
        assertSamples(ch[0], expected);
        assertThat(ch[1]).containsOnly((short) 0);
        Completeness c = s.caller();
        assertThat(c.sources()).isEqualTo(2);
        assertThat(c.expected()).isEqualTo(80);
        assertThat(c.written()).isEqualTo(80);
        assertThat(c.lost()).isZero();
    }

    @Test
    void aBurstAfterAStallIsQueuedInOrderNeverWrittenOverItself() throws Exception {
        // Found end to end (baresip SRTP test): a 1.2 s stall, then 2 s of packets at once. Each packet past
        // maxAhead re-anchored the stream at its arrival, on top of the audio queued before it.
        Sim sim = new Sim(RecorderConfig.defaults());
        Sim.Stream a = tone(7, 1000, 160_000, 440);
        send(sim, Leg.CALLER, a, 0, 10, 0);                // 0..200 ms on time
        for (int i = 10; i < 110; i++) {
            sim.at(1400 + 0.01 * i, Leg.CALLER, a.packet(i)); // 2 s of audio arrives at 1.4 s in one burst
        }
        sim.ticks(4000);
        RecordingSummary s = sim.run(4000);

        short[] left = sim.sink.channels()[0];
        // every packet's samples appear once, contiguous and in order after the first 200 ms
        short[] sent = new short[110 * PTIME];
        for (int i = 0; i < 110; i++) {
            a.expect(sent, i, PTIME * i);
        }
        int start = 10 * PTIME;
        int at = -1;
        for (int p = start; p + PTIME <= left.length && at < 0; p++) {
            if (Arrays.equals(left, p, p + PTIME, sent, start, start + PTIME)) {
                at = p;
            }
        }
        assertThat(at).as("packet 10 is in the recording").isGreaterThanOrEqualTo(start);
        assertThat(Arrays.equals(left, at, at + 100 * PTIME, sent, start, start + 100 * PTIME))
                .as("packets 10..109 follow each other without overlap").isTrue();
        assertThat(s.caller().written()).isEqualTo(110);
        assertThat(s.caller().late()).isZero();
    }

    @Test
    void sequenceAndTimestampWrapAroundAreSeamless() throws Exception {
        Sim sim = new Sim(RecorderConfig.defaults());
        Sim.Stream a = tone(1, 65530, 0xFFFFFF00L, 440);
        send(sim, Leg.CALLER, a, 0, 20, 0);
        RecordingSummary s = sim.run(400);
        short[] expected = new short[3200];
        for (int i = 0; i < 20; i++) {
            a.expect(expected, i, PTIME * i);
        }
        assertSamples(sim.sink.channels()[0], expected);
        assertThat(s.caller().expected()).isEqualTo(20);
        assertThat(s.caller().resyncs()).isZero();
    }

    @Test
    void timestampGapWithinTheBoundIsSilenceAtTheSendersTiming() throws Exception {
        Sim sim = new Sim(RecorderConfig.defaults());
        Sim.Stream a = tone(1, 0, 0, 440);
        send(sim, Leg.CALLER, a, 0, 10, 0); // 0..200 ms
        // silence suppression: the next packets carry timestamps 1 s later, but arrive on time anyway
        Sim.Stream later = tone(1, 10, 8000 - 10 * PTIME + 10L * PTIME, 440);
        for (int i = 10; i < 20; i++) {
            sim.at(1000 + 20.0 * (i - 10), Leg.CALLER, Fixtures.rtp(0, false, i, 8000 + (long) PTIME * (i - 10), 1,
                    later.payload.apply(i)));
        }
        sim.ticks(1300);
        RecordingSummary s = sim.run(1300);
        short[] expected = new short[8 * 1300];
        for (int i = 0; i < 10; i++) {
            a.expect(expected, i, PTIME * i);
        }
        for (int i = 10; i < 20; i++) {
            later.expect(expected, i, 8000 + PTIME * (i - 10));
        }
        assertSamples(sim.sink.channels()[0], expected);
        assertThat(s.caller().resyncs()).isZero();
        assertThat(s.caller().lost()).isZero();
    }

    @Test
    void timestampJumpBeyondTheBoundResyncsByArrival() throws Exception {
        Sim sim = new Sim(RecorderConfig.builder().maxGap(Duration.ofSeconds(2)).build());
        Sim.Stream a = tone(1, 0, 0, 440);
        send(sim, Leg.CALLER, a, 0, 10, 0);
        // a broken sender jumps 10 minutes ahead; then one jumps backwards
        for (int i = 10; i < 20; i++) {
            sim.at(20.0 * i, Leg.CALLER, Fixtures.rtp(0, false, i, 4_800_000L + (long) PTIME * (i - 10), 1,
                    a.payload.apply(i)));
        }
        for (int i = 20; i < 30; i++) {
            sim.at(20.0 * i, Leg.CALLER, Fixtures.rtp(0, false, i, 1000 + (long) PTIME * (i - 20), 1,
                    a.payload.apply(i)));
        }
        RecordingSummary s = sim.run(600);
        short[] expected = new short[4800];
        for (int i = 0; i < 30; i++) {
            a.expect(expected, i, PTIME * i);
        }
        assertThat(s.frames()).isEqualTo(4800); // not stretched by 10 minutes
        assertSamples(sim.sink.channels()[0], expected);
        assertThat(s.caller().resyncs()).isEqualTo(2);
        assertThat(s.caller().written()).isEqualTo(30);
    }

    @Test
    void aDelaySpikeOnTheNewestPacketsSlipsInsteadOfDroppingThem() throws Exception {
        Sim sim = new Sim(RecorderConfig.defaults());
        Sim.Stream a = tone(1, 0, 0, 440);
        send(sim, Leg.CALLER, a, 0, 50, 0);
        // packets 50..59 are held up 200 ms in the network and then arrive in a burst
        for (int i = 50; i < 60; i++) {
            sim.at(1200 + 0.1 * (i - 50), Leg.CALLER, a.packet(i));
        }
        send(sim, Leg.CALLER, a, 60, 70, 1220);
        sim.ticks(1500);
        RecordingSummary s = sim.run(1500);
        Completeness c = s.caller();
        assertThat(c.late()).isZero();
        assertThat(c.written()).isEqualTo(70);
        assertThat(c.resyncs()).isEqualTo(1);
        short[] left = sim.sink.channels()[0];
        // the spike became silence before packet 50; the audio after it is complete and contiguous
        // re-aligned by its arrival (1200 ms), which restores the reorder margin for what follows
        int slipAt = 9600;
        short[] expected = new short[left.length];
        for (int i = 0; i < 50; i++) {
            a.expect(expected, i, PTIME * i);
        }
        for (int i = 50; i < 70; i++) {
            a.expect(expected, i, slipAt + PTIME * (i - 50));
        }
        assertSamples(left, expected);
    }

    @Test
    void aHeldOrSilentSideIsSilenceAndTheOtherSideKeepsRecording() throws Exception {
        Sim sim = new Sim(RecorderConfig.defaults());
        Sim.Stream c = tone(1, 0, 0, 440);
        Sim.Stream ag = tone(2, 0, 0, 1000);
        send(sim, Leg.CALLER, c, 0, 150, 0);
        send(sim, Leg.AGENT, ag, 0, 50, 0);   // agent talks for 1 s, then holds (sendonly from us: no RTP)
        send(sim, Leg.AGENT, ag, 100, 150, 2000); // unhold at 2 s; its timestamps ran on
        RecordingSummary s = sim.run(3000);
        short[][] ch = sim.sink.channels();
        assertThat(s.frames()).isEqualTo(24000);
        short[] left = new short[24000];
        short[] right = new short[24000];
        for (int i = 0; i < 150; i++) {
            c.expect(left, i, PTIME * i);
            if (i < 50 || i >= 100) {
                ag.expect(right, i, PTIME * i);
            }
        }
        assertSamples(ch[0], left);
        assertSamples(ch[1], right);
        assertThat(Fixtures.energy(ch[0], 8000, 8000)).isGreaterThan(1e6); // caller during the hold
        assertThat(Fixtures.energy(ch[1], 8000, 8000)).isZero();
        assertThat(s.agent().lost()).isEqualTo(50); // the sequence numbers say 50 were not received
    }

    @Test
    void unholdWithTimestampsThatStoodStillIsPlacedAtItsArrival() throws Exception {
        Sim sim = new Sim(RecorderConfig.defaults());
        Sim.Stream ag = tone(2, 0, 0, 1000);
        send(sim, Leg.AGENT, ag, 0, 50, 0);
        // after 1 s of hold the phone resumes with the next sequence number and timestamp, as if no time had passed
        for (int i = 50; i < 100; i++) {
            sim.at(2000 + 20.0 * (i - 50) + (i % 3), Leg.AGENT, ag.packet(i)); // with up to 2 ms of jitter
        }
        sim.ticks(3100);
        RecordingSummary s = sim.run(3100);
        short[] right = new short[(int) s.frames()];
        int unholdAt = 8 * (2000 + 50 % 3); // packet 50's arrival; the rest follows by timestamp
        for (int i = 0; i < 100; i++) {
            ag.expect(right, i, i < 50 ? PTIME * i : unholdAt + PTIME * (i - 50));
        }
        assertSamples(sim.sink.channels()[1], right);
        assertThat(s.agent().resyncs()).isEqualTo(1);
        assertThat(s.agent().written()).isEqualTo(100);
        assertThat(s.agent().late()).isZero();
    }

    @Test
    void withoutAnyPacketsTicksStillWriteTheTimeline() throws Exception {
        Sim sim = new Sim(RecorderConfig.defaults());
        sim.ticks(1000);
        sim.at(1000.5, () -> assertThat(sim.recorder.framesWritten()).isEqualTo(8004 - 480));
        RecordingSummary s = sim.run(2000);
        assertThat(s.frames()).isEqualTo(16000);
        assertThat(sim.sink.channels()[0]).containsOnly((short) 0);
        assertThat(s.caller().expected()).isZero();
        assertThat(s.caller().lossRatio()).isZero();
    }

    @Test
    void sequenceRestartIsANewEpochOfTheSameSource() throws Exception {
        Sim sim = new Sim(RecorderConfig.defaults());
        Sim.Stream a = tone(1, 0, 0, 440);
        send(sim, Leg.CALLER, a, 0, 10, 0);
        Sim.Stream restarted = tone(1, 30000, 50_000, 440);
        send(sim, Leg.CALLER, restarted, 10, 20, 200);
        RecordingSummary s = sim.run(400);
        assertThat(s.caller().expected()).isEqualTo(20);
        assertThat(s.caller().written()).isEqualTo(20);
        assertThat(s.caller().resyncs()).isEqualTo(1);
        short[] expected = new short[3200];
        for (int i = 0; i < 20; i++) {
            (i < 10 ? a : restarted).expect(expected, i, PTIME * i);
        }
        assertSamples(sim.sink.channels()[0], expected);
    }

    @Test
    void unknownPayloadTypesAndGarbageAreCountedNotWritten() throws Exception {
        Sim sim = new Sim(RecorderConfig.defaults());
        Sim.Stream a = tone(1, 0, 0, 440);
        for (int i = 0; i < 10; i++) {
            byte[] p = i == 4 ? Fixtures.rtp(13, false, i, (long) PTIME * i, 1, new byte[] {40}) // comfort noise
                    : i == 5 ? Fixtures.rtp(101, false, i, (long) PTIME * i, 1, Fixtures.event(1, false, 10, 160))
                    : a.packet(i);
            sim.at(20.0 * i, Leg.CALLER, p);
        }
        sim.at(50, Leg.CALLER, new byte[] {1, 2, 3});
        sim.at(51, Leg.AGENT, new byte[20]);
        RecordingSummary s = sim.run(200);
        Completeness c = s.caller();
        // 101 is not negotiated on this leg: not an event, just an unknown payload type
        assertThat(c.unsupported()).isEqualTo(2);
        assertThat(c.events()).isZero();
        assertThat(c.written()).isEqualTo(8);
        assertThat(c.expected()).isEqualTo(10);
        assertThat(sim.recorder.rejected(Leg.CALLER)).isEqualTo(1);
        assertThat(sim.recorder.rejected(Leg.AGENT)).isEqualTo(1);
        assertThat(Arrays.copyOfRange(sim.sink.channels()[0], 640, 960)).containsOnly((short) 0);
        assertThat(sim.listener.dtmf).isEmpty();
    }

    @Test
    void directAndHeapByteBuffersAreAccepted() throws Exception {
        Fixtures.NanoClock clock = new Fixtures.NanoClock();
        clock.at(0);
        Fixtures.CapturingSink sink = new Fixtures.CapturingSink();
        CallRecorder r = CallRecorder.create(RecorderConfig.defaults(), sink, null, clock::get, Fixtures.WALL);
        Sim.Stream a = tone(1, 0, 0, 440);
        for (int i = 0; i < 10; i++) {
            byte[] p = a.packet(i);
            ByteBuffer b;
            if (i % 2 == 0) {
                b = ByteBuffer.allocateDirect(p.length + 10);
                b.position(10);
                b.put(p);
                b.position(10);
            } else {
                b = ByteBuffer.wrap(new byte[p.length + 3], 3, p.length).slice();
                b.put(p).flip();
            }
            int pos = b.position();
            r.onPacket(Leg.AGENT, b, clock.at(20.0 * i));
            assertThat(b.position()).isEqualTo(pos);
        }
        clock.at(200);
        RecordingSummary s = r.finish();
        assertThat(s.agent().written()).isEqualTo(10);
        short[] expected = new short[1600];
        for (int i = 0; i < 10; i++) {
            a.expect(expected, i, PTIME * i);
        }
        assertSamples(sink.channels()[1], expected);
        assertThat(r.finish()).isSameAs(s);
    }

    @Test
    void lossRatioAgainstTheThreshold() throws Exception {
        Sim sim = new Sim(RecorderConfig.builder().lossThreshold(0.05).build());
        Sim.Stream a = tone(1, 0, 0, 440);
        for (int i = 0; i < 100; i++) {
            if (i % 25 != 3) { // 4 of 100 lost
                sim.at(20.0 * i, Leg.CALLER, a.packet(i));
            }
        }
        RecordingSummary s = sim.run(2000);
        assertThat(s.caller().lost()).isEqualTo(4);
        assertThat(s.caller().lossRatio()).isEqualTo(0.04);
        assertThat(s.caller().overThreshold()).isFalse();
        assertThat(s.flagged()).isFalse();
    }
}
