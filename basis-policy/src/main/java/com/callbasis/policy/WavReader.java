package com.callbasis.policy;

import java.util.Set;

/**
 * Reads a notice recording: a RIFF/WAVE file of 16-bit mono linear PCM at 8, 16 or 48 kHz
 * (format tag 1, or WAVE_FORMAT_EXTENSIBLE with the PCM sub-format GUID). Chunks it does not need
 * (LIST, fact, cue ...) are skipped; no chunk length is trusted beyond the bytes present; the RIFF
 * length is only an upper bound (streaming writers leave it 0 or 0xFFFFFFFF).
 */
final class WavReader {
    /** Rates a telephone leg can carry without resampling (G.711, G.722/L16 wideband, Opus fullband). */
    static final Set<Integer> RATES = Set.of(8000, 16000, 48000);
    /** A bound on the number of chunks, so that a file of empty chunks costs nothing. */
    static final int MAX_CHUNKS = 1024;
    private static final int WAVE_FORMAT_PCM = 1;
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;
    /** KSDATAFORMAT_SUBTYPE_PCM after its first two bytes (00000001-0000-0010-8000-00aa00389b71). */
    private static final byte[] PCM_GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA,
            0x00, 0x38, (byte) 0x9B, 0x71};

    /** Why a file is not an acceptable recording; the message is worded for the operator. */
    static final class BadWav extends Exception {
        BadWav(String message) {
            super(message);
        }
    }

    /** The samples and their rate. */
    record Pcm(int sampleRate, short[] samples) {
    }

    private WavReader() {
    }

    static Pcm read(byte[] b) throws BadWav {
        if (b.length < 12 || !tag(b, 0, "RIFF") || !tag(b, 8, "WAVE")) {
            throw new BadWav("not a WAV file (no RIFF/WAVE header)");
        }
        long riffEnd = 8 + u32(b, 4);
        int end = riffEnd >= 12 && riffEnd < b.length ? (int) riffEnd : b.length;
        int pos = 12;
        int rate = -1;
        int dataAt = -1;
        int dataLength = -1;
        boolean fmt = false;
        for (int n = 0; pos + 8 <= end; n++) {
            if (n == MAX_CHUNKS) {
                throw new BadWav("more than " + MAX_CHUNKS + " chunks");
            }
            String id = new String(b, pos, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long size = u32(b, pos + 4);
            int body = pos + 8;
            if (size > end - body) {
                throw new BadWav("truncated: chunk '" + printable(id) + "' declares " + size + " bytes, " + (end - body)
                        + " remain");
            }
            int len = (int) size;
            if (id.equals("fmt ")) {
                if (fmt) {
                    throw new BadWav("two fmt chunks");
                }
                fmt = true;
                rate = format(b, body, len);
            } else if (id.equals("data")) {
                if (dataAt >= 0) {
                    throw new BadWav("two data chunks");
                }
                dataAt = body;
                dataLength = len;
            }
            pos = body + len + (len & 1); // chunks are padded to an even length
        }
        if (!fmt) {
            throw new BadWav("no fmt chunk");
        }
        if (dataAt < 0) {
            throw new BadWav("no data chunk");
        }
        if (dataLength == 0) {
            throw new BadWav("no samples (empty data chunk)");
        }
        if ((dataLength & 1) != 0) {
            throw new BadWav("truncated: data chunk of " + dataLength + " bytes ends inside a 16-bit sample");
        }
        short[] samples = new short[dataLength / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((b[dataAt + 2 * i] & 0xff) | (b[dataAt + 2 * i + 1] << 8));
        }
        return new Pcm(rate, samples);
    }

    /** Checks the fmt chunk; returns the sample rate. */
    private static int format(byte[] b, int at, int len) throws BadWav {
        if (len < 16) {
            throw new BadWav("fmt chunk of " + len + " bytes is too short (16 at least)");
        }
        int tag = u16(b, at);
        int channels = u16(b, at + 2);
        long rate = u32(b, at + 4);
        long byteRate = u32(b, at + 8);
        int blockAlign = u16(b, at + 12);
        int bits = u16(b, at + 14);
        if (tag == WAVE_FORMAT_EXTENSIBLE) {
            if (len < 40 || u16(b, at + 16) < 22) {
                throw new BadWav("WAVE_FORMAT_EXTENSIBLE fmt chunk without its extension");
            }
            boolean pcm = u16(b, at + 24) == WAVE_FORMAT_PCM;
            for (int i = 0; pcm && i < PCM_GUID_TAIL.length; i++) {
                pcm = b[at + 26 + i] == PCM_GUID_TAIL[i];
            }
            if (!pcm) {
                throw new BadWav("WAVE_FORMAT_EXTENSIBLE with a sub-format other than PCM");
            }
            int valid = u16(b, at + 18);
            if (valid != 0 && valid != 16) {
                throw new BadWav(valid + " valid bits per sample (16 required)");
            }
        } else if (tag != WAVE_FORMAT_PCM) {
            throw new BadWav("format tag " + tag + " is not PCM (1; A-law, mu-law and compressed audio are not accepted)");
        }
        if (channels != 1) {
            throw new BadWav(channels + " channels (mono required)");
        }
        if (bits != 16) {
            throw new BadWav(bits + "-bit samples (16-bit required)");
        }
        if (!RATES.contains((int) Math.min(rate, Integer.MAX_VALUE))) {
            throw new BadWav(rate + " Hz (8000, 16000 or 48000 required)");
        }
        if (blockAlign != 2 || byteRate != rate * 2) {
            throw new BadWav("inconsistent fmt chunk: block align " + blockAlign + ", byte rate " + byteRate
                    + " (2 and " + rate * 2 + " for 16-bit mono)");
        }
        return (int) rate;
    }

    private static boolean tag(byte[] b, int at, String t) {
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != t.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String id) {
        return id.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? id : "?";
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
