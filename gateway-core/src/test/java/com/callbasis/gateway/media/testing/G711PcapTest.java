package com.callbasis.gateway.media.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.recorder.codec.G711;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class G711PcapTest {

    @ParameterizedTest
    @ValueSource(strings = {RtpFixture.CALLER_PCMU, RtpFixture.CALLEE_PCMU, RtpFixture.CALLER_PCMA, RtpFixture.CALLEE_PCMA})
    void audioFixturesMatchTheirFacts(String name) {
        RtpFixture f = RtpFixture.load(name);
        G711Pcap pcap = f.pcap();
        List<RtpPacket> packets = pcap.packets();

        assertThat(packets).hasSize((int) f.fact("packets")).hasSize(250);
        assertThat(pcap.audioSamples()).hasSize((int) f.fact("samples"));
        assertThat(packets.get(0).marker()).isTrue();
        long[] times = pcap.captureTimesMicros();
        for (int i = 0; i < packets.size(); i++) {
            RtpPacket p = packets.get(i);
            assertThat(p.ssrc()).isEqualTo(f.fact("ssrc"));
            assertThat(p.payloadType()).isEqualTo((int) f.fact("pt"));
            // continuous modulo 2^16 / 2^32: the callee fixtures cross both wraps
            assertThat(p.seq()).isEqualTo((int) ((f.fact("first_seq") + i) & 0xFFFF));
            assertThat(p.timestamp()).isEqualTo((f.fact("first_ts") + 160L * i) & 0xFFFFFFFFL);
            assertThat(p.payload()).hasSize(160);
            assertThat(p.marker()).isEqualTo(i == 0);
            assertThat(times[i] - times[0]).isEqualTo(20_000L * i);
        }
        assertThat(packets.get(249).seq()).isEqualTo((int) f.fact("last_seq"));
    }

    @Test
    void decodesWithTheRecordersG711() {
        RtpPacket first = RtpFixture.load(RtpFixture.CALLER_PCMA).pcap().packets().get(0);
        short[] samples = G711Pcap.decode(first);
        byte[] payload = first.payload();
        for (int i = 0; i < payload.length; i++) {
            assertThat(samples[i]).isEqualTo(G711.alawToLinear(payload[i]));
        }
        // the script's encoder and the recorder's are the same algorithm: re-encoding is lossless
        for (int i = 0; i < payload.length; i++) {
            assertThat(G711.linearToAlaw(samples[i])).isEqualTo(payload[i]);
        }
        // a -10 dBFS sine peaks near 10362
        short max = 0;
        for (short s : G711Pcap.decode(first)) {
            max = (short) Math.max(max, s);
        }
        assertThat((int) max).isBetween(9800, 11000);
    }

    @Test
    void dtmfFixtureHasAnRfc4733EventWhileAudioPauses() {
        RtpFixture f = RtpFixture.load(RtpFixture.DTMF_PCMU);
        G711Pcap pcap = f.pcap();
        List<RtpPacket> packets = pcap.packets();
        assertThat(packets).hasSize((int) f.fact("packets"));
        assertThat(pcap.audioPackets()).hasSize((int) f.fact("audio_packets"));
        assertThat(pcap.audioSamples()).hasSize((int) f.fact("samples"));

        List<RtpPacket> events = packets.stream().filter(p -> p.payloadType() == f.fact("event_pt")).toList();
        assertThat(events).hasSize((int) f.fact("event_packets"));
        assertThat(events.get(0).seq()).isEqualTo((int) f.fact("event_first_seq"));
        assertThat(events.get(0).marker()).isTrue();
        int ends = 0;
        for (int i = 0; i < events.size(); i++) {
            byte[] e = events.get(i).payload();
            boolean end = (e[1] & 0x80) != 0;
            int duration = ((e[2] & 0xFF) << 8) | (e[3] & 0xFF);
            assertThat(e[0]).isEqualTo((byte) f.fact("event_code"));
            assertThat(events.get(i).timestamp()).isEqualTo(f.fact("event_ts"));
            assertThat(duration).isEqualTo(end ? (int) f.fact("event_duration") : 160 * (i + 1));
            ends += end ? 1 : 0;
        }
        assertThat(ends).isEqualTo((int) f.fact("event_end_packets"));
        // one sequence space for audio and events
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).seq()).isEqualTo((packets.get(i - 1).seq() + 1) & 0xFFFF);
        }
        // on the timeline the event's slots are silent and audio resumes at audio_resume_ts
        short[] timeline = pcap.audioSamplesOnTimeline();
        int gapStart = (int) (f.fact("event_ts") - f.fact("first_ts"));
        int gapEnd = (int) (f.fact("audio_resume_ts") - f.fact("first_ts"));
        assertThat(gapEnd - gapStart).isEqualTo((int) f.fact("audio_gap_samples"));
        assertThat(timeline).hasSize(3 * 8000);
        for (int i = gapStart; i < gapEnd; i++) {
            assertThat(timeline[i]).isZero();
        }
        assertThat(Goertzel.contains(timeline, 8000, gapEnd, 160, 1000, 1400)).isTrue();
    }

    @Test
    void parsesRtpHeaderExtrasAndRefusesNonRtp() {
        byte[] b = new RtpPacket(7, 99, 8, true, 0xCAFEL, new byte[] {1, 2, 3}).toBytes();
        assertThat(RtpPacket.parse(b, 0, b.length)).contains(new RtpPacket(7, 99, 8, true, 0xCAFEL, new byte[] {1, 2, 3}));
        byte[] padded = java.util.Arrays.copyOf(b, b.length + 2);
        padded[0] |= 0x20;
        padded[padded.length - 1] = 2;
        assertThat(RtpPacket.parse(padded, 0, padded.length).orElseThrow().payload()).containsExactly(1, 2, 3);
        byte[] v1 = b.clone();
        v1[0] = 0x40;
        assertThat(RtpPacket.parse(v1, 0, v1.length)).isEmpty();
        assertThat(RtpPacket.parse(b, 0, 11)).isEmpty();
    }
}
