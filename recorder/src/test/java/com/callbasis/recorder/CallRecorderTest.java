package com.callbasis.recorder;

import static com.callbasis.recorder.Fixtures.PTIME;
import static com.callbasis.recorder.Fixtures.goertzel;
import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.recorder.codec.Decoders;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The acceptance scenario without the network: a 440 Hz caller (PCMU) and a 1 kHz agent
 * (PCMA) as RTP, with loss, reordering, duplication, a late packet and a DTMF event; the recording is
 * checked sample by sample.
 */
class CallRecorderTest {
    static final int N = 150; // 3 s per leg
    static final int TE = 101;
    static final Set<Integer> CALLER_LOST = Set.of(40, 41);
    static final int CALLER_LATE = 20;
    static final int EVENT_FIRST = 60;
    static final int EVENT_LAST = 71; // 60..69 progress (E on 69), 70 and 71 repeat the end
    static final int AGENT_LOST = 100;
    static final int AGENT_OFFSET = 80; // the agent's first packet arrives 10 ms after the caller's

    // the caller's sequence numbers and timestamps wrap around during the call
    final Sim.Stream caller = new Sim.Stream(0, 0x1111, 65500, 0xFFFFE000L,
            i -> Fixtures.ulaw(Fixtures.tone(440, 8000, (long) PTIME * i, PTIME)), Decoders.pcmu());
    final Sim.Stream agent = new Sim.Stream(8, 0x2222, 1000, 12345,
            i -> Fixtures.alaw(Fixtures.tone(1000, 8000, (long) PTIME * i, PTIME)), Decoders.pcma());

    static boolean isEvent(int i) {
        return i >= EVENT_FIRST && i <= EVENT_LAST;
    }

    Sim schedule(RecorderConfig config) throws Exception {
        Sim sim = new Sim(config);
        sim.recorder.setPayloadTypes(Leg.CALLER,
                PayloadTypes.builder().audio(0, Decoders.pcmu()).telephoneEvent(TE).build());
        for (int i = 0; i < N; i++) {
            if (CALLER_LOST.contains(i)) {
                continue;
            }
            double at = 20.0 * i;
            if (i == 10) {
                at = 225; // after packet 11 (220 ms): reordered within the buffer
            } else if (i == CALLER_LATE) {
                at = 521; // after packet 26 (520 ms): too late, its slot was written
            }
            byte[] p = isEvent(i)
                    ? caller.event(i, EVENT_FIRST, 5, i >= 69, Math.min(i - EVENT_FIRST + 1, 10) * PTIME)
                    : caller.packet(i);
            sim.at(at, Leg.CALLER, p);
            if (i == 30) {
                sim.at(at + 3, Leg.CALLER, p); // duplicate
            }
        }
        for (int i = 0; i < N; i++) {
            if (i == AGENT_LOST) {
                continue;
            }
            sim.at(10 + 20.0 * i, Leg.AGENT, agent.packet(i));
            if (i == 5) {
                sim.at(10 + 20.0 * i + 1, Leg.AGENT, agent.packet(i));
            }
        }
        return sim;
    }

    short[] expectedLeft(int frames) {
        short[] e = new short[frames];
        for (int i = 0; i < N; i++) {
            if (!CALLER_LOST.contains(i) && i != CALLER_LATE && !isEvent(i)) {
                caller.expect(e, i, PTIME * i);
            }
        }
        return e;
    }

    short[] expectedRight(int frames) {
        short[] e = new short[frames];
        for (int i = 0; i < N; i++) {
            if (i != AGENT_LOST) {
                agent.expect(e, i, AGENT_OFFSET + PTIME * i);
            }
        }
        return e;
    }

    @Test
    void stereoRecordingMatchesThePacketTimelineSampleBySample() throws Exception {
        Sim sim = schedule(RecorderConfig.defaults());
        RecordingSummary s = sim.run(10 + 20.0 * N); // the agent's last packet ends at 3010 ms

        int frames = AGENT_OFFSET + PTIME * N;
        assertThat(s.frames()).isEqualTo(frames);
        assertThat(s.durationMillis()).isEqualTo(3010);
        assertThat(sim.sink.format).isEqualTo(PcmFormat.stereo(8000));
        assertThat(sim.sink.closed).isTrue();
        short[][] ch = sim.sink.channels();
        assertThat(ch[0]).hasSize(frames);
        Fixtures.assertSamples(ch[0], expectedLeft(frames));
        Fixtures.assertSamples(ch[1], expectedRight(frames));

        // caller's tone on the left, agent's on the right (2 s from 0.25 s, away from the DTMF stretch)
        double l440 = goertzel(ch[0], 12000, 8000, 440);
        double l1k = goertzel(ch[0], 12000, 8000, 1000);
        double r440 = goertzel(ch[1], 12000, 8000, 440);
        double r1k = goertzel(ch[1], 12000, 8000, 1000);
        assertThat(l440).isGreaterThan(1000 * l1k);
        assertThat(r1k).isGreaterThan(1000 * r440);
        assertThat(l440).isGreaterThan(1e6); // amplitude 8000: (A/2)^2 = 1.6e7

        // the DTMF stretch is silence on the caller's side, and the events were reported once
        int from = PTIME * EVENT_FIRST;
        int to = PTIME * (EVENT_LAST + 1);
        assertThat(Arrays.copyOfRange(ch[0], from, to)).containsOnly((short) 0);
        assertThat(sim.listener.dtmf).hasSize(2);
        DtmfEvent start = sim.listener.dtmf.get(0);
        DtmfEvent end = sim.listener.dtmf.get(1);
        assertThat(start.phase()).isEqualTo(DtmfEvent.Phase.START);
        assertThat(start.leg()).isEqualTo(Leg.CALLER);
        assertThat(start.positionMillis()).isEqualTo(1200);
        assertThat(end.phase()).isEqualTo(DtmfEvent.Phase.END);
        assertThat(end.durationMillis()).isEqualTo(200);
        assertThat(end.digit()).isEqualTo('5');
        assertThat(end.toString()).doesNotContain("5 ").doesNotContain("'5'").contains("200 ms");

        Completeness c = s.caller();
        assertThat(c.expected()).isEqualTo(N);
        assertThat(c.received()).isEqualTo(N - 2);
        assertThat(c.lost()).isEqualTo(2);
        assertThat(c.late()).isEqualTo(1);
        assertThat(c.duplicate()).isEqualTo(1);
        assertThat(c.events()).isEqualTo(12);
        assertThat(c.written()).isEqualTo(N - 2 - 1 - 12);
        assertThat(c.suppressed()).isZero();
        assertThat(c.unsupported()).isZero();
        assertThat(c.resyncs()).isZero();
        assertThat(c.sources()).isEqualTo(1);
        assertThat(c.lossRatio()).isEqualTo(3.0 / N);
        assertThat(c.overThreshold()).isTrue(); // 2 % > default 1 %
        assertThat(c.received()).isEqualTo(c.written() + c.late() + c.events() + c.suppressed() + c.unsupported());

        Completeness a = s.agent();
        assertThat(a).isEqualTo(new Completeness(Leg.AGENT, N, N - 1, 1, 0, 1, N - 1, 0, 0, 0, 0, 1,
                1.0 / N, false));
        assertThat(s.flagged()).isTrue();
    }

    @Test
    void suppressDtmfSilencesBothChannelsDuringTheEvent() throws Exception {
        Sim sim = schedule(RecorderConfig.builder().suppressDtmf(true).build());
        RecordingSummary s = sim.run(10 + 20.0 * N);
        int frames = AGENT_OFFSET + PTIME * N;
        short[][] ch = sim.sink.channels();
        short[] left = expectedLeft(frames);
        short[] right = expectedRight(frames);
        // event at 9600 for 1600 frames, 40 ms (320 frames) guard either side
        int from = PTIME * EVENT_FIRST - 320;
        int to = PTIME * EVENT_FIRST + 1600 + 320;
        Arrays.fill(left, from, to, (short) 0);
        Arrays.fill(right, from, to, (short) 0);
        Fixtures.assertSamples(ch[0], left);
        Fixtures.assertSamples(ch[1], right);
        assertThat(Fixtures.energy(ch[1], from, to - from)).isZero();
        assertThat(Fixtures.energy(ch[1], to, 1600)).isGreaterThan(1e6);

        assertThat(s.caller().suppressed()).isEqualTo(2); // packets 58 and 59
        assertThat(s.caller().written()).isEqualTo(N - 2 - 1 - 12 - 2);
        assertThat(s.agent().suppressed()).isEqualTo(13); // agent packets 58..70 lie wholly inside
        assertThat(s.agent().written()).isEqualTo(N - 1 - 13);
    }
}
