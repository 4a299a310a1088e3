package com.callbasis.recorder.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** The ffmpeg-made fixtures of src/test/resources/codec (see its README). */
public final class CodecFixtures {
    private CodecFixtures() {}

    public static byte[] resource(String name) {
        try (InputStream in = CodecFixtures.class.getResourceAsStream("/codec/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 1 s of G.722 (1 kHz + 5 kHz), one octet per two 16 kHz samples. */
    public static byte[] g722Tone() {
        return resource("tone-1k-5k.g722");
    }

    /** ffmpeg's decoding of {@link #g722Tone()}. */
    public static short[] g722ToneByFfmpeg() {
        byte[] b = resource("tone-1k-5k.g722.ffmpeg.s16");
        short[] s = new short[b.length / 2];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

    /** The Opus packets (20 ms each) of the stereo fixture, without the OpusHead and OpusTags headers. */
    public static List<byte[]> opusPackets() {
        List<byte[]> all = oggPackets(resource("stereo-440-1k.opus"));
        return all.subList(2, all.size());
    }

    /** RFC 3533 pages: "OggS", 27-byte header, segment table; a segment shorter than 255 ends a packet. */
    static List<byte[]> oggPackets(byte[] ogg) {
        List<byte[]> packets = new ArrayList<>();
        java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
        int p = 0;
        while (p + 27 <= ogg.length) {
            if (ogg[p] != 'O' || ogg[p + 1] != 'g' || ogg[p + 2] != 'g' || ogg[p + 3] != 'S') {
                throw new IllegalStateException("not an Ogg page at " + p);
            }
            int segments = ogg[p + 26] & 0xFF;
            int data = p + 27 + segments;
            for (int i = 0; i < segments; i++) {
                int len = ogg[p + 27 + i] & 0xFF;
                packet.write(ogg, data, len);
                data += len;
                if (len < 255) {
                    packets.add(packet.toByteArray());
                    packet.reset();
                }
            }
            p = data;
        }
        return packets;
    }
}
