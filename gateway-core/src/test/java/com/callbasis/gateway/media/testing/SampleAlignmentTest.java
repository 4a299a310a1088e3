package com.callbasis.gateway.media.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SampleAlignmentTest {
    private final short[] sent = RtpFixture.load(RtpFixture.CALLER_PCMU).pcap().audioSamples();

    /** A recording: noise, then the sent audio from {@code offset} on, then noise. */
    private short[] recordingWith(int offset) {
        short[] rec = new short[offset + sent.length + 500];
        Random r = new Random(42);
        for (int i = 0; i < rec.length; i++) {
            rec[i] = (short) r.nextInt(2000);
        }
        System.arraycopy(sent, 0, rec, offset, sent.length);
        return rec;
    }

    @Test
    void findsAPlantedOffsetWithEverySampleMatching() {
        short[] rec = recordingWith(1234);
        SampleAlignment.Match m = SampleAlignment.find(sent, rec).orElseThrow();
        assertThat(m).isEqualTo(new SampleAlignment.Match(1234, sent.length, sent.length));
        assertThat(SampleAlignment.mismatchedPackets(sent, rec, 1234, 160)).isEmpty();
    }

    @Test
    void lostPacketsAreCountedAndNamedEvenTheFirst() {
        short[] rec = recordingWith(777);
        // the relay lost packets 0 and 42: the recorder wrote silence in their place
        Arrays.fill(rec, 777, 777 + 160, (short) 0);
        Arrays.fill(rec, 777 + 42 * 160, 777 + 43 * 160, (short) 0);

        SampleAlignment.Match m = SampleAlignment.find(sent, rec).orElseThrow();

        assertThat(m.offset()).isEqualTo(777);
        assertThat(m.overlap() - m.matching()).isBetween(2 * 160 - 20, 2 * 160); // a few zeros of the tone still match
        assertThat(SampleAlignment.mismatchedPackets(sent, rec, m.offset(), 160)).containsExactly(0, 42);
    }

    @Test
    void recordingThatStartsLateGivesANegativeOffset() {
        short[] rec = Arrays.copyOfRange(sent, 500, sent.length);
        SampleAlignment.Match m = SampleAlignment.find(sent, rec).orElseThrow();
        assertThat(m).isEqualTo(new SampleAlignment.Match(-500, sent.length - 500, sent.length - 500));
        assertThat(SampleAlignment.mismatchedPackets(sent, rec, -500, 160)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void otherAudioIsNotFound() {
        short[] callee = RtpFixture.load(RtpFixture.CALLEE_PCMU).pcap().audioSamples();
        assertThat(SampleAlignment.find(sent, callee)).isEmpty();
        // the dither makes packets unique: the same tone from another packet does not align
        short[] shifted = Arrays.copyOfRange(sent, 8 * 100, sent.length);
        assertThat(SampleAlignment.find(sent, shifted).orElseThrow().offset()).isEqualTo(-800);
    }
}
