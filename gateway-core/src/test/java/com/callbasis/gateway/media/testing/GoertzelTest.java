package com.callbasis.gateway.media.testing;

import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


class GoertzelTest {
    private static final double[] CANDIDATES = {1000, 1400};

    @ParameterizedTest
    @CsvSource({
        RtpFixture.CALLER_PCMU + ", 1000, 1400",
        RtpFixture.CALLER_PCMA + ", 1000, 1400",
        RtpFixture.CALLEE_PCMU + ", 1400, 1000",
        RtpFixture.CALLEE_PCMA + ", 1400, 1000",
    })
    void everyPacketOfTheFixtureCarriesItsToneAndNotTheOther(String fixture, double tone, double other) {
        short[] x = RtpFixture.load(fixture).pcap().audioSamples();
        assertThat(RtpFixture.load(fixture).fact("tone_hz")).isEqualTo((long) tone);
        for (int from = 0; from + 160 <= x.length; from += 160) {
            assertThat(Goertzel.dominantTone(x, 8000, from, 160, CANDIDATES)).as("packet at %d", from).isEqualTo(tone);
            assertThat(Goertzel.contains(x, 8000, from, 160, tone, other)).isTrue();
            assertThat(Goertzel.contains(x, 8000, from, 160, other, tone)).isFalse();
            // -10 dBFS tone, dither and G.711 noise ~40 dB down: nearly all energy is in the tone
            assertThat(Goertzel.energyFraction(x, 8000, from, 160, tone)).isGreaterThan(0.95);
        }
    }

    @Test
    void silenceAndAMixHoldNoSingleTone() {
        short[] silence = new short[400];
        assertThat(Goertzel.contains(silence, 8000, 0, 400, 1000, 1400)).isFalse();

        short[] mix = new short[400];
        for (int i = 0; i < mix.length; i++) {
            mix[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * i / 8000) + 8000 * Math.sin(2 * Math.PI * 1400 * i / 8000));
        }
        assertThat(Goertzel.energyFraction(mix, 8000, 0, 400, 1000)).isBetween(0.45, 0.55);
        assertThat(Goertzel.contains(mix, 8000, 0, 400, 1000, 1400)).isFalse();
    }

    @Test
    void findsToneAtOtherRates() {
        short[] x = new short[1600];
        for (int i = 0; i < x.length; i++) {
            x[i] = (short) (5000 * Math.sin(2 * Math.PI * 1400 * i / 16000));
        }
        assertThat(Goertzel.dominantTone(x, 16000, 0, 1600, CANDIDATES)).isEqualTo(1400);
        assertThat(Goertzel.contains(x, 16000, 0, 1600, 1400, 1000)).isTrue();
    }
}
