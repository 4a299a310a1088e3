package com.callbasis.recorder.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.recorder.internal.Resampler;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every codec from every input rate: encoded by {@link PromptTranscoder}, decoded back by the recorder's own
 * decoders, compared with the input resampled to the codec's rate (the transcoder takes the resampler's
 * delay out, so only the codec's delay is left: 0 for G.711, 22 samples for G.722, about 312 for Opus).
 */
class PromptTranscoderTest {
    private static final int[] RATES = {8000, 16000, 48000};

    @BeforeAll
    static void opusLoadsHere() {
        assertThat(Decoders.opusAvailable()).as("libjnopus for this platform").isTrue();
    }

    private static Decoder decoder(String encoding) {
        return switch (encoding) {
            case "PCMU" -> Decoders.pcmu();
            case "PCMA" -> Decoders.pcma();
            case "G722" -> Decoders.g722();
            default -> Decoders.opus();
        };
    }

    /** The codec's own delay in samples at its rate, and how far around it the best match is searched. */
    private static int delay(String encoding) {
        return switch (encoding) {
            case "G722" -> PromptTranscoder.G722_DELAY;
            case "opus" -> OpusEncoder.DELAY;
            default -> 0;
        };
    }

    private static int search(String encoding) {
        return encoding.equals("opus") ? 24 : 0; // SILK's phase is not the input's to the sample
    }

    private record Measure(int lag, double snr, double correlation) {}

    /** Encodes, decodes and compares 0.1 s to 0.9 s of a 1 s signal (skipping the ADPCM's adaptation). */
    private static Measure measure(short[] in, int rate, String encoding) {
        PreparedPrompt prompt = PromptTranscoder.prepare(in, rate, encoding);
        short[] decoded = PromptAudio.decode(prompt, decoder(encoding));
        int codecRate = prompt.sampleRate();
        short[] reference = Resampler.resampleWhole(in, rate, codecRate);
        int from = codecRate / 10;
        int n = reference.length - 2 * from;
        return measure(reference, decoded, encoding, from, n);
    }

    private static Measure measure(short[] reference, short[] decoded, String encoding, int from, int n) {
        int d = delay(encoding);
        int s = search(encoding);
        int best = d;
        double bestCorrelation = Double.NEGATIVE_INFINITY;
        for (int lag = d - s; lag <= d + s; lag++) {
            double c = PromptAudio.correlation(reference, decoded, lag, from, n);
            if (c > bestCorrelation) {
                bestCorrelation = c;
                best = lag;
            }
        }
        return new Measure(best, PromptAudio.snr(reference, decoded, best, from, n), bestCorrelation);
    }

    static Stream<Arguments> everyCodecFromEveryRate() {
        return Stream.of("PCMU", "PCMA", "G722", "opus")
                .flatMap(e -> java.util.Arrays.stream(RATES).mapToObj(r -> Arguments.of(e, r)));
    }

    @ParameterizedTest(name = "{0} from {1} Hz")
    @MethodSource("everyCodecFromEveryRate")
    void framesTimestampsAndPayloadSizes(String encoding, int rate) {
        PreparedPrompt p = PromptTranscoder.prepare(PromptAudio.tone(1000, 0.25, rate, rate), rate, encoding);
        assertThat(p.encoding()).isEqualTo(encoding);
        assertThat(p.timestampStep()).isEqualTo(encoding.equals("opus") ? 960 : 160);
        assertThat(p.rtpClockRate()).isEqualTo(encoding.equals("opus") ? 48000 : 8000);
        assertThat(p.sampleRate()).isEqualTo(switch (encoding) {
            case "G722" -> 16000;
            case "opus" -> 48000;
            default -> 8000;
        });
        // 1 s is 50 frames; G.722 and Opus get one more so that their delay does not cut off the end.
        assertThat(p.frames()).isEqualTo(delay(encoding) == 0 ? 50 : 51);
        assertThat(p.durationMillis()).isEqualTo(p.frames() * 20L);
        Decoder d = decoder(encoding).newInstance();
        try {
            for (int i = 0; i < p.frames(); i++) {
                byte[] payload = p.payload(i);
                assertThat(payload).hasSize(p.payloadLength(i));
                if (encoding.equals("opus")) {
                    assertThat(payload.length).isBetween(20, 200); // 32 kbit/s VBR: 80 bytes per 20 ms on average
                    assertThat(payload[0] & 0x04).as("TOC s bit: mono").isZero();
                    assertThat(d.samples(payload, 0, payload.length)).as("20 ms").isEqualTo(960);
                } else {
                    assertThat(payload).hasSize(160);
                    assertThat(d.samples(payload.length) * 8000 / d.sampleRate()).isEqualTo(p.timestampStep());
                }
            }
        } finally {
            d.close();
        }
    }

    @ParameterizedTest(name = "{0} from {1} Hz")
    @MethodSource("everyCodecFromEveryRate")
    void tonesInTheSpeechBandComeBack(String encoding, int rate) {
        for (double hz : new double[] {300, 1000, 3000}) {
            Measure m = measure(PromptAudio.tone(hz, 0.25, rate, rate), rate, encoding);
            switch (encoding) {
                case "PCMU", "PCMA" -> assertThat(m.snr()).as("%s Hz", hz).isGreaterThan(30); // 33-39 dB
                case "G722" -> assertThat(m.snr()).as("%s Hz", hz).isGreaterThan(35); // 41-62 dB
                default -> assertThat(m.correlation()).as("%s Hz", hz).isGreaterThan(0.9); // 0.91-0.999
            }
        }
    }

    @ParameterizedTest(name = "from {0} Hz")
    @ValueSource(ints = {16000, 48000})
    void g722CarriesTheUpperSubBand(int rate) {
        for (double hz : new double[] {5000, 7000}) {
            Measure m = measure(PromptAudio.tone(hz, 0.25, rate, rate), rate, "G722");
            assertThat(m.snr()).as("%s Hz", hz).isGreaterThan(18); // 2 bits per sample there: 22-23 dB
        }
    }

    @Test
    void opusCarriesWidebandFromFullbandInput() {
        for (double hz : new double[] {7000, 10000}) {
            Measure m = measure(PromptAudio.tone(hz, 0.25, 48000, 48000), 48000, "opus");
            assertThat(m.correlation()).as("%s Hz", hz).isGreaterThan(0.99);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PCMU", "PCMA"})
    void narrowbandCodecsDoNotAliasWhatTheyCannotCarry(String encoding) {
        // 5 kHz at 16 or 48 kHz would fold to 3 kHz at 8 kHz without the resampler's low-pass.
        for (int rate : new int[] {16000, 48000}) {
            short[] decoded = PromptAudio.decode(
                    PromptTranscoder.prepare(PromptAudio.tone(5000, 0.5, rate, rate), rate, encoding), decoder(encoding));
            double rms = Math.sqrt(energy(decoded, 800, 6400));
            assertThat(20 * Math.log10(rms / (0.5 * 32767 / Math.sqrt(2)))).isLessThan(-50);
        }
    }

    private static double energy(short[] x, int from, int n) {
        double e = 0;
        for (int i = from; i < from + n; i++) {
            e += (double) x[i] * x[i];
        }
        return e / n;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PCMU", "PCMA", "G722", "opus"})
    void theShippedNoticeComesBack(String encoding) {
        short[] speech = PromptAudio.wav(PromptAudio.NOTICE, 8000);
        PreparedPrompt prompt = PromptTranscoder.prepare(speech, 8000, encoding);
        assertThat(prompt.durationMillis()).isBetween(speech.length / 8L, speech.length / 8L + 40);
        short[] decoded = PromptAudio.decode(prompt, decoder(encoding));
        short[] reference = Resampler.resampleWhole(speech, 8000, prompt.sampleRate());
        Measure m = measure(reference, decoded, encoding, 0, reference.length);
        switch (encoding) {
            case "PCMU", "PCMA" -> assertThat(m.snr()).isGreaterThan(35); // 37.4 dB
            case "G722" -> {
                assertThat(m.snr()).isGreaterThan(30); // 35.5 dB
                assertThat(m.lag()).isEqualTo(PromptTranscoder.G722_DELAY);
            }
            default -> assertThat(m.correlation()).isGreaterThan(0.95); // 0.976
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PCMU", "PCMA"})
    void lastFrameIsPaddedWithSilence(String encoding) {
        PreparedPrompt p = PromptTranscoder.prepare(PromptAudio.tone(1000, 0.25, 8000, 8080), 8000, encoding);
        assertThat(p.frames()).isEqualTo(51);
        byte[] last = p.payload(50);
        byte silence = encoding.equals("PCMU") ? G711.linearToUlaw(0) : G711.linearToAlaw(0);
        for (int i = 80; i < 160; i++) {
            assertThat(last[i]).as("octet %d", i).isEqualTo(silence);
        }
        assertThat(last[10]).isNotEqualTo(silence);
    }

    @Test
    void encodingNamesAreCaseInsensitiveAndCanonicalOnTheWayOut() {
        short[] pcm = PromptAudio.tone(1000, 0.25, 8000, 800);
        assertThat(PromptTranscoder.prepare(pcm, 8000, "pcmu").encoding()).isEqualTo("PCMU");
        assertThat(PromptTranscoder.prepare(pcm, 8000, "Pcma").encoding()).isEqualTo("PCMA");
        assertThat(PromptTranscoder.prepare(pcm, 8000, "g722").encoding()).isEqualTo("G722");
        assertThat(PromptTranscoder.prepare(pcm, 8000, "OPUS").encoding()).isEqualTo("opus");
        assertThat(PromptTranscoder.encodings()).containsExactly("PCMU", "PCMA", "G722", "opus");
        assertThatThrownBy(() -> PromptTranscoder.encodings().add("G729")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesOtherEncodingsAndRates() {
        short[] pcm = new short[160];
        for (String e : new String[] {"G729", "telephone-event", "L16", "", "opus/48000/2"}) {
            assertThatIllegalArgumentException().isThrownBy(() -> PromptTranscoder.prepare(pcm, 8000, e));
        }
        for (int rate : new int[] {0, -8000, 11025, 22050, 32000, 44100, 96000}) {
            assertThatIllegalArgumentException().isThrownBy(() -> PromptTranscoder.prepare(pcm, rate, "PCMU"));
        }
        assertThatThrownBy(() -> PromptTranscoder.prepare(null, 8000, "PCMU")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> PromptTranscoder.prepare(pcm, 8000, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void emptyAudioIsNoFrames() {
        for (String e : PromptTranscoder.encodings()) {
            PreparedPrompt p = PromptTranscoder.prepare(new short[0], 16000, e);
            assertThat(p.frames()).isZero();
            assertThat(p.durationMillis()).isZero();
        }
    }

    @Test
    void payloadsCannotBeChangedFromOutside() {
        short[] pcm = PromptAudio.tone(1000, 0.25, 8000, 8000);
        PreparedPrompt p = PromptTranscoder.prepare(pcm, 8000, "G722");
        byte[] first = p.payload(0);
        byte[] copy = first.clone();
        java.util.Arrays.fill(first, (byte) 0);
        assertThat(p.payload(0)).containsExactly(copy);
        pcm[4000] = 12345; // the input is not kept either
        assertThat(p.payload(25)).containsExactly(PromptTranscoder.prepare(PromptAudio.tone(1000, 0.25, 8000, 8000), 8000,
                "G722").payload(25));

        ByteBuffer b = p.payloadBuffer(3);
        assertThat(b.isReadOnly()).isTrue();
        assertThat(b.position()).isZero();
        assertThat(b.remaining()).isEqualTo(160);
        assertThat(b.get(0)).isEqualTo(p.payload(3)[0]);
        assertThatThrownBy(() -> b.put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
        b.position(100);
        assertThat(p.payloadBuffer(3).position()).isZero();

        assertThatThrownBy(() -> p.payload(p.frames())).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> p.payloadBuffer(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
