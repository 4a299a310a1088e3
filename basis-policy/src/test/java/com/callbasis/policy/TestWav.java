package com.callbasis.policy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes WAV files for tests: good ones and each way of being bad. */
final class TestWav {
    private TestWav() {
    }

    static byte[] pcm(int rate, double seconds) {
        return wav(1, 1, rate, 16, (int) (rate * seconds), false, false);
    }

    /** A RIFF/WAVE file; {@code list} puts a LIST chunk (odd length, padded) before fmt; {@code extensible} uses WAVE_FORMAT_EXTENSIBLE. */
    static byte[] wav(int tag, int channels, int rate, int bits, int frames, boolean list, boolean extensible) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (list) {
            chunk(body, "LIST", "INFOISFTtest!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        int blockAlign = channels * bits / 8;
        ByteBuffer fmt = ByteBuffer.allocate(extensible ? 40 : 16).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) (extensible ? 0xFFFE : tag)).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        if (extensible) {
            fmt.putShort((short) 22).putShort((short) bits).putInt(4);
            fmt.putShort((short) tag).put(new byte[] {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA,
                    0x00, 0x38, (byte) 0x9B, 0x71});
        }
        chunk(body, "fmt ", fmt.array());
        byte[] data = new byte[frames * blockAlign];
        for (int i = 0; i + 1 < data.length; i += 2) {
            short v = (short) (Math.sin(i / 20.0) * 8000);
            data[i] = (byte) v;
            data[i + 1] = (byte) (v >> 8);
        }
        chunk(body, "data", data);
        ByteBuffer out = ByteBuffer.allocate(12 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(4 + body.size())
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(body.toByteArray());
        return out.array();
    }

    private static void chunk(ByteArrayOutputStream out, String id, byte[] data) {
        ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        h.put(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(data.length);
        out.writeBytes(h.array());
        out.writeBytes(data);
        if ((data.length & 1) != 0) {
            out.write(0);
        }
    }
}
