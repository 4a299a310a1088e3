package com.callbasis.gateway.media.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A 16-bit PCM WAV read into one {@code short[]} per channel.
 *
 * <p>Also reads the recorder's streaming WAV, written before its length is known: a RIFF or data
 * size of 0xFFFFFFFF or 0 means "to the end of the file", and a data size larger than what is
 * there (a recording cut short) is clipped to it. A trailing partial frame is ignored. Accepts
 * format tags 1 (PCM) and 0xFFFE (WAVE_FORMAT_EXTENSIBLE) with 16 bits per sample.
 */
public record WavFile(int sampleRate, short[][] channels) {

    public static WavFile read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    public static WavFile parse(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 12 || !tag(file, 0, "RIFF") || !tag(file, 8, "WAVE")) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        int rate = 0;
        int channelCount = 0;
        int pos = 12;
        while (pos + 8 <= file.length) {
            long size = b.getInt(pos + 4) & 0xFFFFFFFFL;
            int body = pos + 8;
            if (tag(file, pos, "fmt ")) {
                int format = b.getShort(body) & 0xFFFF;
                channelCount = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                int bits = b.getShort(body + 14);
                if ((format != 1 && format != 0xFFFE) || bits != 16 || channelCount < 1) {
                    throw new IllegalArgumentException("not 16-bit PCM: format " + format + ", " + bits + " bits");
                }
            } else if (tag(file, pos, "data")) {
                if (channelCount == 0) {
                    throw new IllegalArgumentException("data chunk before fmt chunk");
                }
                long available = file.length - body;
                long bytes = size == 0xFFFFFFFFL || size == 0 ? available : Math.min(size, available);
                int frames = (int) (bytes / (2L * channelCount));
                short[][] channels = new short[channelCount][frames];
                for (int f = 0; f < frames; f++) {
                    for (int c = 0; c < channelCount; c++) {
                        channels[c][f] = b.getShort(body + 2 * (f * channelCount + c));
                    }
                }
                return new WavFile(rate, channels);
            }
            pos = (int) Math.min(file.length, body + size + (size & 1)); // chunks are padded to even sizes
        }
        throw new IllegalArgumentException("no data chunk");
    }

    public int channelCount() {
        return channels.length;
    }

    public short[] channel(int i) {
        return channels[i];
    }

    /** Length in frames (samples per channel). */
    public int frames() {
        return channels[0].length;
    }

    private static boolean tag(byte[] file, int pos, String tag) {
        for (int i = 0; i < 4; i++) {
            if (file[pos + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
