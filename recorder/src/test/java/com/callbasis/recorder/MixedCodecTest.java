package com.callbasis.recorder;

import static com.callbasis.recorder.Fixtures.goertzel;
import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.recorder.codec.CodecFixtures;
import com.callbasis.recorder.codec.Decoders;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The codecs in one recording: one output rate, legs resampled to it, a codec switch mid-call. */
class MixedCodecTest {
    private static final int RATE = 16000;

    private static double amplitude(short[] x, int from, int n, double hz) {
        return 2 * Math.sqrt(goertzel(x, from, n, hz, RATE));
    }

    private static Sim sim() throws Exception {
        return new Sim(RecorderConfig.builder().sampleRate(RATE).build());
    }

    private static byte[] pcmu(int i, double hz) {
        return Fixtures.ulaw(Fixtures.tone(hz, 8000, 160L * i, 160));
    }

    private static byte[] g722(int i) {
        byte[] g = CodecFixtures.g722Tone();
        return Arrays.copyOfRange(g, 160 * i, 160 * i + 160);
    }

    @Test
    void pcmuCallerAndG722AgentMakeOne16kHzStereoRecording() throws Exception {
        Sim sim = sim();
        sim.recorder.setPayloadTypes(Leg.AGENT, PayloadTypes.builder().audio(9, Decoders.g722()).build());
        for (int i = 0; i < 50; i++) {
            sim.at(20.0 * i + 5, Leg.CALLER, Fixtures.rtp(0, i == 0, 100 + i, 8000L + 160L * i, 11, pcmu(i, 440)));
            sim.at(20.0 * i + 6, Leg.AGENT, Fixtures.rtp(9, i == 0, 7 + i, 999L + 160L * i, 22, g722(i)));
        }
        sim.ticks(1100);
        RecordingSummary s = sim.run(1100);

        assertThat(sim.sink.format).isEqualTo(PcmFormat.stereo(RATE));
        assertThat(s.frames()).isEqualTo(1100 * RATE / 1000);
        assertThat(s.caller().written()).isEqualTo(50);
        assertThat(s.agent().written()).isEqualTo(50);
        assertThat(s.caller().unsupported()).isZero();
        assertThat(s.agent().unsupported()).isZero();
        short[][] ch = sim.sink.channels();
        int from = RATE / 5;
        int n = RATE / 2;
        assertThat(amplitude(ch[0], from, n, 440)).isGreaterThan(7000);
        assertThat(amplitude(ch[0], from, n, 1000)).isLessThan(100);
        assertThat(amplitude(ch[1], from, n, 1000)).isGreaterThan(0.25 * 32767 * 0.9);
        assertThat(amplitude(ch[1], from, n, 5000)).isGreaterThan(0.125 * 32767 * 0.85); // the upper band survives
        assertThat(amplitude(ch[1], from, n, 440)).isLessThan(100);
    }

    @Test
    void codecSwitchMidCallKeepsTheTimeline() throws Exception {
        Sim sim = sim();
        // re-INVITE answered with G.722 on the same SSRC: the timestamps go on at 8000/s (RFC 3551 s.4.5.2)
        sim.recorder.setPayloadTypes(Leg.CALLER, PayloadTypes.builder().audio(0, Decoders.pcmu()).build());
        PayloadTypes renegotiated = PayloadTypes.builder().audio(9, Decoders.g722()).build();
        for (int i = 0; i < 50; i++) {
            byte[] p = i < 25 ? Fixtures.rtp(0, i == 0, 500 + i, 160L * i, 33, pcmu(i, 440))
                    : Fixtures.rtp(9, false, 500 + i, 160L * i, 33, g722(i));
            sim.at(20.0 * i + 2, Leg.CALLER, p);
        }
        sim.at(500, () -> sim.recorder.setPayloadTypes(Leg.CALLER, renegotiated));
        sim.ticks(1100);
        RecordingSummary s = sim.run(1100);

        Completeness c = s.caller();
        assertThat(c.written()).isEqualTo(50);
        assertThat(c.unsupported()).isZero();
        assertThat(c.resyncs()).isZero();
        short[] left = sim.sink.channels()[0];
        int start = 2 * RATE / 1000; // the first packet is anchored at its arrival, 2 ms
        int switchAt = start + RATE / 2;
        assertThat(amplitude(left, start + 800, 6400, 440)).isGreaterThan(7000);
        assertThat(amplitude(left, switchAt + 1600, 6400, 1000)).isGreaterThan(7000);
        assertThat(amplitude(left, switchAt + 1600, 6400, 440)).isLessThan(100);
        // the audio ends one second after it began (plus the resampler's delay on the PCMU part, none on G.722)
        int last = left.length - 1;
        while (left[last] == 0) {
            last--;
        }
        assertThat(last + 1).isEqualTo(start + RATE);
        assertThat(lastSilentRun(left, start, start + RATE)).isLessThan(40);
    }

    /** Longest run of zero samples in [from, to): a gap at the switch would show as one. */
    private static int lastSilentRun(short[] x, int from, int to) {
        int best = 0;
        int run = 0;
        for (int i = from; i < to; i++) {
            run = x[i] == 0 ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    @Test
    void opusLegIsResampledAndALostPacketIsConcealed() throws Exception {
        Sim sim = sim();
        PayloadTypes.Builder b = PayloadTypes.builder();
        assertThat(b.rtpmap(111, "opus", 48000, 2)).isTrue();
        assertThat(b.rtpmap(101, "telephone-event", 48000, 1)).isTrue();
        assertThat(b.rtpmap(102, "iLBC", 8000, 1)).isFalse();
        PayloadTypes types = b.build();
        assertThat(types.isTelephoneEvent(101)).isTrue();
        assertThat(types.audio(102)).isNull();
        sim.recorder.setPayloadTypes(Leg.AGENT, types);
        List<byte[]> opus = CodecFixtures.opusPackets();
        int lost = 30;
        for (int i = 0; i < 49; i++) {
            if (i != lost) {
                sim.at(20.0 * i + 3, Leg.AGENT, Fixtures.rtp(111, i == 0, 9000 + i, 960L * i, 44, opus.get(i)));
            }
        }
        sim.ticks(1100);
        RecordingSummary s = sim.run(1100);

        assertThat(s.agent().written()).isEqualTo(48);
        assertThat(s.agent().lost()).isEqualTo(1);
        short[] right = sim.sink.channels()[1];
        int start = 3 * RATE / 1000;
        assertThat(amplitude(right, start + 3200, 3200, 440)).isGreaterThan(2500);
        assertThat(amplitude(right, start + 3200, 3200, 1000)).isGreaterThan(2500);
        // the lost 20 ms are concealed by libopus, not silence
        int gap = start + lost * 320;
        assertThat(Fixtures.energy(right, gap + 40, 240)).isGreaterThan(1e5);
    }

    @Test
    void g711OnlyAt8kHzIsUnchangedByResampling() throws Exception {
        Sim sim = new Sim(RecorderConfig.defaults());
        for (int i = 0; i < 10; i++) {
            sim.at(20.0 * i, Leg.CALLER, Fixtures.rtp(0, false, i, 160L * i, 5, pcmu(i, 440)));
        }
        sim.run(300);
        short[] left = sim.sink.channels()[0];
        short[] expected = new short[1600];
        for (int i = 0; i < 10; i++) {
            byte[] p = pcmu(i, 440);
            Decoders.pcmu().decode(p, 0, 160, expected, 160 * i);
        }
        Fixtures.assertSamples(Arrays.copyOf(left, 1600), expected);
    }
}
