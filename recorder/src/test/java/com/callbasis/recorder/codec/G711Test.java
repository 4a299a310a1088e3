package com.callbasis.recorder.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G711Test {
    @Test
    void muLawKnownValues() {
        // G.711 Table 2a/2b endpoints: code 0xFF/0x7F are +/-0, 0x80/0x00 are the largest magnitudes.
        assertThat(G711.ulawToLinear(0xFF)).isEqualTo((short) 0);
        assertThat(G711.ulawToLinear(0x7F)).isEqualTo((short) 0);
        assertThat(G711.ulawToLinear(0x80)).isEqualTo((short) 32124);
        assertThat(G711.ulawToLinear(0x00)).isEqualTo((short) -32124);
        assertThat(G711.ulawToLinear(0xFE)).isEqualTo((short) 8);
        assertThat(G711.ulawToLinear(0xEF)).isEqualTo((short) 132); // first step of segment 1
        // values of the widely published decode table (e.g. MuLawDecompressTable in many G.711 ports)
        assertThat(G711.ulawToLinear(0x01)).isEqualTo((short) -31100);
        assertThat(G711.ulawToLinear(0x0F)).isEqualTo((short) -16764);
        assertThat(G711.ulawToLinear(0x10)).isEqualTo((short) -15996);
        assertThat(G711.ulawToLinear(0x8F)).isEqualTo((short) 16764);
        assertThat(G711.linearToUlaw(0)).isEqualTo((byte) 0xFF);
        assertThat(G711.linearToUlaw(-8)).isEqualTo((byte) 0x7E);
        assertThat(G711.linearToUlaw(3)).isEqualTo((byte) 0xFF);
        assertThat(G711.linearToUlaw(32767)).isEqualTo((byte) 0x80);
        assertThat(G711.linearToUlaw(-32768)).isEqualTo((byte) 0x00);
    }

    @Test
    void aLawKnownValues() {
        // Even bits inverted (XOR 0x55): 0xD5/0x55 are the smallest positive/negative steps.
        assertThat(G711.alawToLinear(0xD5)).isEqualTo((short) 8);
        assertThat(G711.alawToLinear(0x55)).isEqualTo((short) -8);
        assertThat(G711.alawToLinear(0xAA)).isEqualTo((short) 32256);
        assertThat(G711.alawToLinear(0x2A)).isEqualTo((short) -32256);
        assertThat(G711.alawToLinear(0xC5)).isEqualTo((short) 264); // segment 1 start (0x10 ^ 0xD5)
        // values of the widely published decode table (ALawDecompressTable)
        assertThat(G711.alawToLinear(0x00)).isEqualTo((short) -5504);
        assertThat(G711.alawToLinear(0x01)).isEqualTo((short) -5248);
        assertThat(G711.alawToLinear(0x02)).isEqualTo((short) -6016);
        assertThat(G711.alawToLinear(0x80)).isEqualTo((short) 5504);
        assertThat(G711.linearToAlaw(0)).isEqualTo((byte) 0xD5);
        assertThat(G711.linearToAlaw(-1)).isEqualTo((byte) 0x55);
        assertThat(G711.linearToAlaw(32767)).isEqualTo((byte) 0xAA);
        assertThat(G711.linearToAlaw(-32768)).isEqualTo((byte) 0x2A);
    }

    @Test
    void everyCodeRoundTrips() {
        for (int c = 0; c < 256; c++) {
            short u = G711.ulawToLinear(c);
            short a = G711.alawToLinear(c);
            // mu-law has two codes for zero (0x7F, 0xFF); both decode to 0, which encodes as 0xFF.
            int expectedU = c == 0x7F ? 0xFF : c;
            assertThat(G711.linearToUlaw(u) & 0xFF).as("mu-law code %02x", c).isEqualTo(expectedU);
            assertThat(G711.linearToAlaw(a) & 0xFF).as("A-law code %02x", c).isEqualTo(c);
        }
    }

    @Test
    void tablesAreMonotonicAndSymmetric() {
        // mu-law: codes 0x80..0xFF are positive descending in magnitude; 0x00..0x7F negative.
        for (int c = 0x80; c < 0xFF; c++) {
            assertThat(G711.ulawToLinear(c)).isGreaterThan(G711.ulawToLinear(c + 1));
            assertThat(G711.ulawToLinear(c & 0x7F)).isEqualTo((short) -G711.ulawToLinear(c));
        }
        for (int c = 0; c < 256; c++) {
            assertThat(G711.alawToLinear(c ^ 0x80)).isEqualTo((short) -G711.alawToLinear(c));
        }
    }

    @Test
    void quantisationErrorIsWithinHalfAStepForEveryInput() {
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            int u = G711.ulawToLinear(G711.linearToUlaw(x));
            int a = G711.alawToLinear(G711.linearToAlaw(x));
            int mag = Math.abs(x);
            // step sizes grow with the segment; the error is at most half a step, plus one LSB of the
            // 14-bit (mu) / 13-bit (A) input at segment edges, plus clipping at the top
            int uStep = mag < 32124 ? Math.max(4, Integer.highestOneBit(mag + 132) >> 4) : 32768 - 32124 + 8;
            int aStep = mag < 32256 ? Math.max(16, Integer.highestOneBit(Math.max(mag, 1)) >> 3) : 32768 - 32256 + 16;
            assertThat(Math.abs(u - x)).as("mu-law %d", x).isLessThanOrEqualTo(uStep + 4);
            assertThat(Math.abs(a - x)).as("A-law %d", x).isLessThanOrEqualTo(aStep + 8);
        }
    }

    @Test
    void decodersByPayloadTypeAndName() {
        assertThat(Decoders.forStaticPayloadType(0)).containsSame(Decoders.pcmu());
        assertThat(Decoders.forStaticPayloadType(8)).containsSame(Decoders.pcma());
        assertThat(Decoders.forStaticPayloadType(9)).containsSame(Decoders.g722());
        assertThat(Decoders.forStaticPayloadType(18)).isEmpty();
        assertThat(Decoders.forEncoding("pcma", 8000)).containsSame(Decoders.pcma());
        assertThat(Decoders.forEncoding("PCMU", 16000)).isEmpty();
        byte[] payload = {(byte) 0xFF, (byte) 0x80, 0x00};
        short[] out = new short[5];
        assertThat(Decoders.pcmu().decode(payload, 0, 3, out, 1)).isEqualTo(3);
        assertThat(out).containsExactly(0, 0, 32124, -32124, 0);
        assertThat(Decoders.pcmu().samples(160)).isEqualTo(160);
    }
}
