package com.callbasis.gateway.media.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFileTest {
    private static final int STREAMING = 0xFFFFFFFF;

    @Test
    void readsStereoWithItsChannelsApart(@TempDir Path dir) throws Exception {
        short[] left = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE};
        short[] right = {100, -200, 300, -400, 500};
        Path file = dir.resolve("stereo.wav");
        Files.write(file, wav(8000, 1, -1, -1, new byte[0], left, right));

        WavFile w = WavFile.read(file);

        assertThat(w.sampleRate()).isEqualTo(8000);
        assertThat(w.channelCount()).isEqualTo(2);
        assertThat(w.frames()).isEqualTo(5);
        assertThat(w.channel(0)).containsExactly(left);
        assertThat(w.channel(1)).containsExactly(right);
    }

    @Test
    void streamingSizesMeanToTheEndOfTheFile() {
        short[] mono = {7, 8, 9, 10};
        for (int size : new int[] {STREAMING, 0}) {
            WavFile w = WavFile.parse(wav(16000, 1, size, size, new byte[0], mono));
            assertThat(w.sampleRate()).isEqualTo(16000);
            assertThat(w.channel(0)).as("size %x", size).containsExactly(mono);
        }
    }

    @Test
    void recordingCutShortIsReadAsFarAsItGoes() {
        byte[] full = wav(8000, 1, -1, 1000, new byte[0], new short[] {1, 2, 3}, new short[] {4, 5, 6});
        // a data size beyond the file, and the last frame's second sample torn off
        WavFile w = WavFile.parse(java.util.Arrays.copyOf(full, full.length - 2));
        assertThat(w.channel(0)).containsExactly(1, 2);
        assertThat(w.channel(1)).containsExactly(4, 5);
    }

    @Test
    void skipsOtherChunksIncludingOddSizedOnesAndReadsExtensibleFormat() {
        byte[] list = "LIST\u0003\0\0\0abc\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1); // padded to even
        short[] mono = {-5, 5};
        WavFile w = WavFile.parse(wav(8000, 0xFFFE, -1, -1, list, mono));
        assertThat(w.channel(0)).containsExactly(mono);
    }

    @Test
    void refusesWhatIsNotSixteenBitPcm() {
        byte[] eightBit = wav(8000, 1, -1, -1, new byte[0], new short[] {1});
        eightBit[34] = 8; // bits per sample
        assertThatThrownBy(() -> WavFile.parse(eightBit)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WavFile.parse(new byte[44])).isInstanceOf(IllegalArgumentException.class);
    }

    /** A WAV written by hand: riffSize/dataSize -1 for the true sizes; extra chunks go between fmt and data. */
    private static byte[] wav(int rate, int format, int riffSize, int dataSize, byte[] extra, short[]... channels) {
        int frames = channels[0].length;
        int data = frames * channels.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + extra.length + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(riffSize == -1 ? 36 + extra.length + data : riffSize).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) format).putShort((short) channels.length).putInt(rate)
                .putInt(rate * 2 * channels.length).putShort((short) (2 * channels.length)).putShort((short) 16);
        b.put(extra);
        b.put("data".getBytes()).putInt(dataSize == -1 ? data : dataSize);
        for (int f = 0; f < frames; f++) {
            for (short[] c : channels) {
                b.putShort(c[f]);
            }
        }
        return b.array();
    }
}
