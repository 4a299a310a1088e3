package com.callbasis.gateway.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.media.Side;
import com.callbasis.recorder.PayloadTypes;
import com.callbasis.recorder.codec.Decoders;
import com.callbasis.recorder.codec.G711;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtmfLegTapTest {
    private static final long MS = 1_000_000;
    private final List<DtmfDigit> out = new ArrayList<>();
    private final DigitCollector collector = new DigitCollector(DigitCollector.Config.defaults(), out::add);
    private final PayloadTypes types = PayloadTypes.builder().audio(0, Decoders.pcmu()).telephoneEvent(101).build();
    private final DtmfLegTap tap = new DtmfLegTap(Side.CALLER, types, collector);

    private static ByteBuf rtp(int pt, int seq, long ts, byte[] payload) {
        ByteBuf b = Unpooled.buffer(12 + payload.length);
        b.writeByte(0x80).writeByte(pt).writeShort(seq).writeInt((int) ts).writeInt(0x1234);
        b.writeBytes(payload);
        return b;
    }

    private void send(Side side, ByteBuf b, long arrivalNanos) {
        try {
            tap.onRtp(side, b, arrivalNanos);
        } finally {
            b.release();
        }
    }

    /** The PCM as PCMU packets of 20 ms, arriving in real time from {@code startMs}. */
    private void audio(Side side, short[] pcm, long startMs) {
        for (int i = 0; i + 160 <= pcm.length; i += 160) {
            byte[] u = new byte[160];
            for (int k = 0; k < 160; k++) {
                u[k] = G711.linearToUlaw(pcm[i + k]);
            }
            send(side, rtp(0, i / 160, i, u), (startMs + (i + 160) / 8) * MS);
        }
    }

    private String digits() {
        StringBuilder s = new StringBuilder();
        out.forEach(d -> s.append(d.digit()));
        return s.toString();
    }

    @Test
    void tonesInPcmuBecomePressesWithTheirEndTime() {
        // leading pause 100 ms, tone 100..200 ms, pause, tone 300..400 ms
        audio(Side.CALLER, ToneGenerator.at(8000).timing(100, 100).digits("*9"), 0);
        tap.close();
        assertThat(digits()).isEqualTo("*9");
        assertThat(out.get(0).source()).isEqualTo(DtmfSource.INBAND);
        assertThat(out.get(0).endNanos()).isBetween(185 * MS, 220 * MS);
        assertThat(out.get(1).endNanos()).isBetween(385 * MS, 420 * MS);
    }

    @Test
    void aPressSentAsToneAndAsEventCountsOnce() {
        audio(Side.CALLER, ToneGenerator.at(8000).timing(100, 100).digits("1"), 0);
        byte[] end = {1, (byte) 0x80, 3, 32};
        for (int i = 0; i < 3; i++) {
            send(Side.CALLER, rtp(101, 100 + i, 800, end.clone()), (205 + i) * MS);
        }
        tap.close();
        assertThat(digits()).isEqualTo("1");
        assertThat(collector.duplicates()).isEqualTo(1);
    }

    @Test
    void theOtherSideAndGarbageAreNotHeard() {
        audio(Side.CALLEE, ToneGenerator.at(8000).digits("5"), 0);
        send(Side.CALLER, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), 0);
        send(Side.CALLER, rtp(96, 1, 0, new byte[160]), 0); // not negotiated
        send(Side.CALLER, Unpooled.buffer(DtmfLegTap.MAX_PACKET + 1).writeZero(DtmfLegTap.MAX_PACKET + 1), 0);
        tap.close();
        assertThat(out).isEmpty();
        assertThat(tap.ignored()).isEqualTo(3);
    }
}
