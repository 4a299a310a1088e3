package com.callbasis.recorder;

import static com.callbasis.recorder.Fixtures.PTIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.callbasis.recorder.codec.Decoders;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 4733 events: recognised by the negotiated payload type, reported, never audio. */
class DtmfTest {
    static final int TE = 96;

    Sim sim(boolean suppress) throws Exception {
        Sim sim = new Sim(RecorderConfig.builder().suppressDtmf(suppress).build());
        PayloadTypes pts = PayloadTypes.builder().audio(8, Decoders.pcma()).telephoneEvent(TE).build();
        sim.recorder.setPayloadTypes(Leg.CALLER, pts);
        sim.recorder.setPayloadTypes(Leg.AGENT, pts);
        return sim;
    }

    static byte[] audio(int seq, long ts, int ssrc) {
        return Fixtures.rtp(8, false, seq, ts, ssrc, Fixtures.alaw(Fixtures.tone(700, 6000, ts, PTIME)));
    }

    static byte[] event(int seq, long ts, int code, boolean end, int duration) {
        return Fixtures.rtp(TE, false, seq, ts, 7, Fixtures.event(code, end, 10, duration));
    }

    @Test
    void eventsWhoseStartWasLostOpenEventsAndEventsCutShortAreEachReportedOnce() throws Exception {
        Sim sim = sim(false);
        // event '#' (11): only its three end packets arrive
        sim.at(100, Leg.AGENT, event(1, 800, 11, true, 800));
        sim.at(101, Leg.AGENT, event(2, 800, 11, true, 800));
        sim.at(102, Leg.AGENT, event(3, 800, 11, true, 800));
        // event '1' starts and never ends; event '2' follows; it is still open when the call ends
        sim.at(200, Leg.AGENT, event(4, 1600, 1, false, 160));
        sim.at(220, Leg.AGENT, event(5, 1600, 1, false, 320));
        sim.at(400, Leg.AGENT, event(6, 3200, 2, false, 160));
        RecordingSummary s = sim.run(500);
        assertThat(sim.listener.dtmf).extracting(DtmfEvent::phase, DtmfEvent::digit, DtmfEvent::durationMillis)
                .containsExactly(
                        tuple(DtmfEvent.Phase.START, '#', 100L),
                        tuple(DtmfEvent.Phase.END, '#', 100L),
                        tuple(DtmfEvent.Phase.START, '1', 20L),
                        tuple(DtmfEvent.Phase.END, '1', 40L),
                        tuple(DtmfEvent.Phase.START, '2', 20L),
                        tuple(DtmfEvent.Phase.END, '2', 20L));
        assertThat(s.agent().events()).isEqualTo(6);
        assertThat(s.agent().written()).isZero();
        assertThat(sim.sink.channels()[1]).containsOnly((short) 0);
    }

    @Test
    void suppressionSilencesBothChannelsEvenForTheAgentsDigits() throws Exception {
        Sim sim = sim(true);
        for (int i = 0; i < 50; i++) {
            long ts = (long) PTIME * i;
            sim.at(20.0 * i, Leg.CALLER, audio(i, ts, 1));
            if (i >= 20 && i < 25) { // the agent keys a digit for 100 ms; the sender also sends audio
                sim.at(20.0 * i, Leg.AGENT, event(i, 20 * PTIME, 9, i == 24, (i - 19) * PTIME));
            } else {
                sim.at(20.0 * i, Leg.AGENT, audio(i, ts, 7));
            }
        }
        RecordingSummary s = sim.run(1000);
        short[][] ch = sim.sink.channels();
        int from = 20 * PTIME - 320;
        int to = 20 * PTIME + 5 * PTIME + 320;
        assertThat(Arrays.copyOfRange(ch[0], from, to)).containsOnly((short) 0);
        assertThat(Arrays.copyOfRange(ch[1], from, to)).containsOnly((short) 0);
        assertThat(Fixtures.energy(ch[0], from - 160, 160)).isGreaterThan(1e6);
        assertThat(Fixtures.energy(ch[0], to, 160)).isGreaterThan(1e6);
        assertThat(Fixtures.energy(ch[1], to, 160)).isGreaterThan(1e6);
        assertThat(s.caller().suppressed()).isEqualTo(9); // caller packets 18..26 lie wholly in the mask
        assertThat(s.agent().events()).isEqualTo(5);
        assertThat(sim.listener.dtmf).hasSize(2);
    }

    @Test
    void suppressionCanBeSwitchedOnDuringTheCall() throws Exception {
        Sim sim = sim(false);
        sim.at(0, () -> sim.recorder.setSuppressDtmf(true));
        for (int i = 0; i < 30; i++) {
            sim.at(20.0 * i, Leg.CALLER, audio(i, (long) PTIME * i, 1));
        }
        sim.at(300, Leg.AGENT, event(1, 0, 4, true, 400));
        sim.run(600);
        short[] left = sim.sink.channels()[0];
        // the event's timestamp places it where the agent's stream began (0 ms, aligned by arrival at 300 ms)
        assertThat(Arrays.copyOfRange(left, 2400, 2400 + 400)).containsOnly((short) 0);
    }
}
