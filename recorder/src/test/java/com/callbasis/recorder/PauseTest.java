package com.callbasis.recorder;

import static com.callbasis.recorder.Fixtures.PTIME;
import static com.callbasis.recorder.Fixtures.assertSamples;
import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.recorder.codec.Decoders;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PCI pause/resume: silence in the same recording, every change reported. */
class PauseTest {
    final Sim.Stream caller = new Sim.Stream(0, 1, 0, 0,
            i -> Fixtures.ulaw(Fixtures.tone(440, 6000, (long) PTIME * i, PTIME)), Decoders.pcmu());
    final Sim.Stream agent = new Sim.Stream(8, 2, 0, 0,
            i -> Fixtures.alaw(Fixtures.tone(1000, 6000, (long) PTIME * i, PTIME)), Decoders.pcma());

    Sim call(int packets) throws Exception {
        Sim sim = new Sim(RecorderConfig.defaults());
        for (int i = 0; i < packets; i++) {
            sim.at(20.0 * i, Leg.CALLER, caller.packet(i));
            sim.at(20.0 * i, Leg.AGENT, agent.packet(i));
        }
        return sim;
    }

    @Test
    void aPauseIsSilenceOnBothChannelsInTheSameRecording() throws Exception {
        Sim sim = call(100);
        sim.at(1000, () -> sim.recorder.pause("pci-card-entry"));
        sim.at(1100, () -> sim.recorder.pause("again")); // already paused: no effect
        sim.at(1500, () -> sim.recorder.resume("operator"));
        sim.at(1600, () -> sim.recorder.resume("again")); // not paused: no effect
        RecordingSummary s = sim.run(2000);

        assertThat(s.frames()).isEqualTo(16000);
        short[][] ch = sim.sink.channels();
        short[] left = new short[16000];
        short[] right = new short[16000];
        for (int i = 0; i < 100; i++) {
            caller.expect(left, i, PTIME * i);
            agent.expect(right, i, PTIME * i);
        }
        Arrays.fill(left, 8000, 12000, (short) 0);
        Arrays.fill(right, 8000, 12000, (short) 0);
        assertSamples(ch[0], left);
        assertSamples(ch[1], right);
        assertThat(sim.sink.marks).containsExactly("pause:pci-card-entry@8000", "resume@12000");
        assertThat(sim.listener.pauses).containsExactly(
                new PauseEvent(PauseEvent.Kind.PAUSE, "pci-card-entry", 1000, Fixtures.WALL.instant()),
                new PauseEvent(PauseEvent.Kind.RESUME, "operator", 1500, Fixtures.WALL.instant()));
        assertThat(s.caller().suppressed()).isEqualTo(25);
        assertThat(s.caller().written()).isEqualTo(75);
        assertThat(sim.recorder.isPaused()).isFalse();
    }

    @Test
    void aPauseOpenAtTheEndOfTheCallIsEndedAndReported() throws Exception {
        Sim sim = call(50);
        sim.at(500, () -> sim.recorder.pause("pci-card-entry"));
        sim.at(600, () -> assertThat(sim.recorder.isPaused()).isTrue());
        RecordingSummary s = sim.run(1000);
        assertThat(s.frames()).isEqualTo(8000);
        assertThat(Arrays.copyOfRange(sim.sink.channels()[0], 4000, 8000)).containsOnly((short) 0);
        assertThat(sim.sink.marks).containsExactly("pause:pci-card-entry@4000", "resume@8000");
        assertThat(sim.listener.pauses).extracting(PauseEvent::kind, PauseEvent::reason, PauseEvent::positionMillis)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(PauseEvent.Kind.PAUSE, "pci-card-entry", 500L),
                        org.assertj.core.groups.Tuple.tuple(PauseEvent.Kind.RESUME, "call-ended", 1000L));
    }

    @Test
    void aFailingSinkIsReportedOnceAndCountingGoesOn() throws Exception {
        Fixtures.NanoClock clock = new Fixtures.NanoClock();
        clock.at(0);
        Fixtures.RecordingListener listener = new Fixtures.RecordingListener();
        PcmSink failing = new Fixtures.CapturingSink() {
            @Override
            public void write(byte[] pcm, int off, int len) {
                if (writes++ > 3) {
                    throw new UncheckedIOExceptionForTest();
                }
            }
        };
        CallRecorder r = CallRecorder.create(RecorderConfig.defaults(), failing, listener, clock::get, Fixtures.WALL);
        for (int i = 0; i < 50; i++) {
            byte[] p = caller.packet(i);
            r.onPacket(Leg.CALLER, p, 0, p.length, clock.at(20.0 * i));
        }
        clock.at(1000);
        RecordingSummary s = r.finish();
        assertThat(listener.failures).hasSize(1);
        assertThat(s.sinkFailed()).isTrue();
        assertThat(s.flagged()).isTrue();
        assertThat(s.frames()).isEqualTo(8000);
        assertThat(s.caller().received()).isEqualTo(50);
        assertThat(List.of(s.caller().written())).containsExactly(50L);
    }

    static final class UncheckedIOExceptionForTest extends java.io.UncheckedIOException {
        UncheckedIOExceptionForTest() {
            super(new IOException("disk full"));
        }
    }
}
