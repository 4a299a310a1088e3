package com.callbasis.gateway.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.recorder.rtp.RtpPacket;
import com.callbasis.recorder.rtp.RtpParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Rfc4733DigitReaderTest {
    private static final long MS = 1_000_000;
    private final List<DtmfDigit> out = new ArrayList<>();
    private final Rfc4733DigitReader reader = new Rfc4733DigitReader(out::add);

    private static byte[] event(int code, boolean end, int duration) {
        return new byte[] {(byte) code, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
    }

    private void send(long ts, int code, boolean end, int duration, long arrivalMs) {
        byte[] p = event(code, end, duration);
        reader.offer(ts, p, 0, p.length, arrivalMs * MS);
    }

    /** A whole event as RFC 4733 s.2.5 sends it: updates every 50 ms (400 units), the end three times. */
    private void press(long ts, int code, int updates, long startMs) {
        for (int i = 1; i <= updates; i++) {
            send(ts, code, false, 400 * i, startMs + 50L * (i - 1));
        }
        for (int i = 0; i < 3; i++) {
            send(ts, code, true, 400 * updates + 80, startMs + 50L * updates + 5 * i);
        }
    }

    private String digits() {
        StringBuilder s = new StringBuilder();
        out.forEach(d -> s.append(d.digit()));
        return s.toString();
    }

    @Test
    void tripleEndPacketsGiveOneDigitAtTheFirstEnd() {
        press(1000, 5, 3, 0);
        assertThat(digits()).isEqualTo("5");
        assertThat(out.get(0).endNanos()).isEqualTo(150 * MS);
        assertThat(out.get(0).source()).isEqualTo(DtmfSource.RFC4733);
        assertThat(reader.ignored()).isEqualTo(2);
    }

    @Test
    void allSixteenCodes() {
        for (int code = 0; code < 16; code++) {
            press(1000 + 10_000L * code, code, 2, 1000L * code);
        }
        assertThat(digits()).isEqualTo("0123456789*#ABCD");
    }

    @Test
    void theSameDigitTwiceIsTwoPresses() {
        press(1000, 1, 2, 0);
        press(3000, 1, 2, 300);
        assertThat(digits()).isEqualTo("11");
    }

    @Test
    void lostStartPacketsStillGiveTheDigit() {
        send(1000, 7, true, 800, 100); // only the end packets arrived
        send(1000, 7, true, 800, 105);
        send(5000, 8, false, 1200, 400); // an update seen first
        send(5000, 8, true, 1600, 450);
        assertThat(digits()).isEqualTo("78");
    }

    @Test
    void lostEndPacketsTheNextEventEndsIt() {
        send(1000, 3, false, 400, 0);
        send(1000, 3, false, 800, 50);
        assertThat(out).isEmpty();
        send(4000, 4, false, 400, 400);
        assertThat(digits()).isEqualTo("3");
        assertThat(out.get(0).endNanos()).isEqualTo(50 * MS);
        send(4000, 4, true, 800, 450);
        assertThat(digits()).isEqualTo("34");
    }

    @Test
    void lostEndPacketsTheTimeoutEndsIt() {
        send(1000, 9, false, 400, 0);
        reader.expire(200 * MS);
        assertThat(out).isEmpty();
        reader.expire(251 * MS);
        assertThat(digits()).isEqualTo("9");
        reader.expire(900 * MS);
        send(1000, 9, true, 800, 300); // a late end of the expired event
        assertThat(digits()).isEqualTo("9");
    }

    @Test
    void longEventWithManyDurationUpdatesIsOnePress() {
        press(1000, 0, 100, 0); // five seconds
        assertThat(digits()).isEqualTo("0");
        assertThat(out.get(0).endNanos()).isEqualTo(5000 * MS);
    }

    @Test
    void aSegmentedEventOverTheDurationLimitIsOnePress() {
        send(1000, 6, false, 65000, 0);
        send(1000, 6, false, 0xFFFF, 50);
        send(1000 + 0xFFFF, 6, false, 400, 100); // s.2.5.1.3: the next segment starts where the last ended
        send(1000 + 0xFFFF, 6, true, 800, 150);
        assertThat(digits()).isEqualTo("6");
    }

    @Test
    void eventsAbove15AreIgnored() {
        send(1000, 16, false, 400, 0); // flash
        send(1000, 16, true, 800, 50);
        send(2000, 70, true, 800, 100);
        assertThat(out).isEmpty();
        send(3000, 2, false, 400, 200);
        send(4000, 16, false, 400, 300); // the next event, though not DTMF, ends the open one
        assertThat(digits()).isEqualTo("2");
        assertThat(reader.ignored()).isEqualTo(4); // both flash packets, event 70, the last one
    }

    @Test
    void stragglersOfAnOlderEventAndShortPayloadsAreIgnored() {
        press(5000, 1, 2, 0);
        send(1000, 2, true, 800, 200); // reordered, older timestamp
        reader.offer(6000, new byte[3], 0, 3, 0);
        reader.offer(6000, null, 0, 4, 0);
        reader.offer(6000, new byte[8], 6, 4, 0);
        assertThat(digits()).isEqualTo("1");
    }

    @Test
    void timestampWrapAround() {
        press(0xFFFFFF00L, 1, 2, 0);
        press(0x100, 2, 2, 300); // after the 32-bit wrap: newer
        assertThat(digits()).isEqualTo("12");
    }

    @Test
    void fromAParsedRtpPacket() {
        byte[] d = new byte[16];
        d[0] = (byte) 0x80;
        d[1] = 101;
        d[7] = 100; // timestamp 100
        System.arraycopy(event(11, true, 800), 0, d, 12, 4);
        RtpPacket p = new RtpParser().parse(d, 0, d.length);
        reader.offer(p, 7 * MS);
        assertThat(digits()).isEqualTo("#");
    }

    @Test
    void randomPacketsNeverThrowAndStateStaysBounded() {
        Random r = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            byte[] p = new byte[r.nextInt(8)];
            r.nextBytes(p);
            reader.offer(r.nextInt(5000), p, 0, p.length, i * MS);
            reader.expire(i * MS);
            out.clear();
        }
        assertThat(reader.toString()).startsWith("Rfc4733DigitReader[");
    }

    @Test
    void timeoutMustBePositive() {
        assertThatThrownBy(() -> new Rfc4733DigitReader(Duration.ZERO, d -> {})).isInstanceOf(IllegalArgumentException.class);
    }
}
