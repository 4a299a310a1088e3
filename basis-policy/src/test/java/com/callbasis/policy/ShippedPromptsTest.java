package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.InputStream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The prompts scripts/make-prompts writes and the build ships: 8 kHz mono 16-bit PCM WAV, each with
 * its text, the default notice short enough that a caller is not kept waiting (under 8 s).
 */
class ShippedPromptsTest {
    @ParameterizedTest
    @CsvSource({"notice-en, 8", "consent-en, 10", "consent-de, 10", "stopped-en, 3", "stopped-de, 3"})
    void promptsAreNarrowbandMonoPcmWithTheirText(String id, double maxSeconds) throws Exception {
        try (InputStream text = getClass().getResourceAsStream("prompts/" + id + ".txt")) {
            assertThat(text).as(id + ".txt").isNotNull();
            assertThat(new String(text.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isNotBlank();
        }
        try (InputStream in = getClass().getResourceAsStream("prompts/" + id + ".wav");
             AudioInputStream audio = AudioSystem.getAudioInputStream(new BufferedInputStream(in))) {
            AudioFormat f = audio.getFormat();
            assertThat(f.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
            assertThat(f.getSampleRate()).isEqualTo(8000f);
            assertThat(f.getChannels()).isEqualTo(1);
            assertThat(f.getSampleSizeInBits()).isEqualTo(16);
            double seconds = audio.getFrameLength() / f.getFrameRate();
            assertThat(seconds).isBetween(1.0, maxSeconds);
        }
    }
}
