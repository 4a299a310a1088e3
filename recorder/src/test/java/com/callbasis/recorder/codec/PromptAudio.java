package com.callbasis.recorder.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test signals for the prompt encoders, and the measures that judge their decoding. */
final class PromptAudio {
    /** The shipped English notice, 8 kHz mono 16-bit (basis-policy, made by scripts/make-prompts). */
    static final Path NOTICE = Path.of("../basis-policy/src/main/resources/com/callbasis/policy/prompts/notice-en.wav");

    private PromptAudio() {}

    static short[] tone(double hz, double amplitude, int rate, int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** The 16-bit mono PCM of a canonical RIFF/WAVE file (chunks walked, so extra chunks are skipped). */
    static short[] wav(Path file, int expectedRate) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            b.position(12);
            while (b.remaining() >= 8) {
                int id = b.getInt();
                int size = b.getInt();
                if (id == 0x20746d66) { // "fmt "
                    int at = b.position();
                    if (b.getShort(at) != 1 || b.getShort(at + 2) != 1 || b.getInt(at + 4) != expectedRate
                            || b.getShort(at + 14) != 16) {
                        throw new IllegalStateException(file + " is not 16-bit mono PCM at " + expectedRate);
                    }
                } else if (id == 0x61746164) { // "data"
                    short[] s = new short[Math.min(size, b.remaining()) / 2];
                    b.asShortBuffer().get(s);
                    return s;
                }
                b.position(b.position() + size + (size & 1));
            }
            throw new IllegalStateException("no data chunk in " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes every frame of {@code prompt} in order with a fresh instance of {@code decoder}. */
    static short[] decode(PreparedPrompt prompt, Decoder decoder) {
        Decoder d = decoder.newInstance();
        try {
            List<short[]> parts = new ArrayList<>();
            int total = 0;
            for (int i = 0; i < prompt.frames(); i++) {
                byte[] p = prompt.payload(i);
                short[] out = new short[d.samples(p, 0, p.length)];
                int n = d.decode(p, 0, p.length, out, 0);
                parts.add(java.util.Arrays.copyOf(out, n));
                total += n;
            }
            short[] all = new short[total];
            int o = 0;
            for (short[] part : parts) {
                System.arraycopy(part, 0, all, o, part.length);
                o += part.length;
            }
            return all;
        } finally {
            d.close();
        }
    }

    /** The lag in [0, maxLag] at which {@code decoded} best matches {@code reference} over [from, from + n). */
    static int lag(short[] reference, short[] decoded, int from, int n, int maxLag) {
        int best = 0;
        double bestCorrelation = Double.NEGATIVE_INFINITY;
        for (int lag = 0; lag <= maxLag; lag++) {
            double c = correlation(reference, decoded, lag, from, n);
            if (c > bestCorrelation) {
                bestCorrelation = c;
                best = lag;
            }
        }
        return best;
    }

    /** Normalised cross-correlation of reference[from..] with decoded[from + lag..], n samples. */
    static double correlation(short[] reference, short[] decoded, int lag, int from, int n) {
        double xy = 0;
        double xx = 0;
        double yy = 0;
        for (int i = from; i < from + n; i++) {
            double x = reference[i];
            double y = decoded[i + lag];
            xy += x * y;
            xx += x * x;
            yy += y * y;
        }
        return xy / Math.sqrt(xx * yy);
    }

    /** Signal-to-noise ratio in dB of decoded[from + lag..] against reference[from..], n samples, no gain fitted. */
    static double snr(short[] reference, short[] decoded, int lag, int from, int n) {
        double signal = 0;
        double noise = 0;
        for (int i = from; i < from + n; i++) {
            double e = decoded[i + lag] - reference[i];
            signal += (double) reference[i] * reference[i];
            noise += e * e;
        }
        return 10 * Math.log10(signal / noise);
    }
}
