package com.callbasis.gateway.dtmf;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.gateway.dtmf.DtmfInfo.Refusal;
import com.callbasis.gateway.dtmf.DtmfInfo.Result;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DtmfInfoTest {
    private static final String ALPHABET = "Signal=Duration\r\n 0123456789*#ABCDabcd=;";

    private static Result relay(String body) {
        return DtmfInfo.parse("application/dtmf-relay", body.getBytes(US_ASCII));
    }

    @Test
    void dtmfRelay() {
        Result r = relay("Signal=5\r\nDuration=160\r\n");
        assertThat(r.isDigit()).isTrue();
        assertThat(r.digit()).isEqualTo('5');
        assertThat(r.durationMillis()).isEqualTo(160);
        assertThat(r.refusal()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Signal=1|1", "signal=#|#", "SIGNAL = *\\nduration = 100|*", "Signal= 10\\r\\nDuration=250|*", "Signal=11|#",
        "Signal=12|A", "Signal=d|D", "  Signal=0  \\r\\n\\r\\n|0", "Duration=100\\r\\nSignal=9|9", "Signal=4\\r\\nVolume=10|4"})
    void dtmfRelaySpellings(String body, char digit) {
        assertThat(relay(body.replace("\\r", "\r").replace("\\n", "\n")).digit()).isEqualTo(digit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Signal=16", "Signal=E", "Signal=55", "Signal=", "Signal=-1", "Signal=1 2"})
    void badSignal(String body) {
        assertThat(relay(body).refusal()).isEqualTo(Refusal.BAD_SIGNAL);
        assertThat(relay(body).refusal().statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "Duration=100", "Signal=1\r\nSignal=2", "Signal=1\r\nDuration=abc", "Signal=1\r\nDuration=-5",
        "Signal=1\r\nDuration=9999999", "=5", "Signal=1\u0000", "Signal=1\r\nDuration=1\r\nDuration=2"})
    void malformedRelay(String body) {
        assertThat(relay(body).refusal()).isEqualTo(Refusal.MALFORMED);
    }

    @ParameterizedTest
    @CsvSource({"5,5", "*,*", "#,#", "b,B", "10,*", "11,#"})
    void applicationDtmf(String body, char digit) {
        assertThat(DtmfInfo.parse("application/dtmf", (body + "\r\n").getBytes(US_ASCII)).digit()).isEqualTo(digit);
    }

    @Test
    void contentTypes() {
        byte[] b = "Signal=3".getBytes(US_ASCII);
        assertThat(DtmfInfo.parse("Application/DTMF-Relay; charset=us-ascii", b).digit()).isEqualTo('3');
        assertThat(DtmfInfo.parse(" application / dtmf-relay ", b).digit()).isEqualTo('3');
        for (String t : new String[] {null, "", "text/plain", "application/sdp", "application/dtmf-relayx", "multipart/mixed;boundary=x"}) {
            Result r = DtmfInfo.parse(t, b);
            assertThat(r.refusal()).as(t).isEqualTo(Refusal.UNSUPPORTED_CONTENT_TYPE);
            assertThat(r.refusal().statusCode()).isEqualTo(415);
        }
        assertThat(DtmfInfo.parse("application/dtmf", null).refusal()).isEqualTo(Refusal.MALFORMED);
        assertThat(DtmfInfo.parse("application/dtmf", new byte[0]).refusal()).isEqualTo(Refusal.MALFORMED);
    }

    @Test
    void bodyOver256BytesIsTooLarge() {
        String pad = "Signal=1\r\n" + "X=" + "y".repeat(DtmfInfo.MAX_BODY_BYTES);
        assertThat(relay(pad).refusal()).isEqualTo(Refusal.BODY_TOO_LARGE);
        String fits = "Signal=1\r\nX=" + "y".repeat(DtmfInfo.MAX_BODY_BYTES - 12);
        assertThat(fits.length()).isEqualTo(DtmfInfo.MAX_BODY_BYTES);
        assertThat(relay(fits).digit()).isEqualTo('1');
    }

    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(1);
        String[] types = {"application/dtmf-relay", "application/dtmf", "x/y"};
        int digits = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            if (i % 2 == 0) {
                for (int k = 0; k < b.length; k++) {
                    b[k] = (byte) ALPHABET.charAt(Math.floorMod(b[k], ALPHABET.length()));
                }
            }
            Result res = DtmfInfo.parse(types[i % 3], b);
            assertThat(res.isDigit() || res.refusal() != null).isTrue();
            if (res.isDigit()) {
                digits++;
                assertThat(DtmfDigit.isDigit(res.digit())).isTrue();
            }
        }
        assertThat(digits).isGreaterThan(0);
    }

    @Test
    void resultDoesNotPrintTheDigit() {
        Result r = relay("Signal=7");
        assertThat(r.toString()).doesNotContain("7");
        Result refused = relay("Signal=X");
        assertThat(refused.toString()).contains("BAD_SIGNAL");
        assertThatThrownBy(refused::digit).isInstanceOf(IllegalStateException.class);
    }
}
