package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.Transport;
import com.callbasis.gateway.media.testing.RtpFixture;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sip.calls.mediaTimeout}: an established call through which no media passes is hung up (its BYE
 * may have been lost with the phone), a call whose media flows is not, and a call on hold is judged by
 * {@code holdTimeout} instead. Real SIPp peers through the gateway's relay.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MediaTimeoutTest {
    @TempDir
    Path work;

    @Test
    void aCallWithoutMediaIsHungUpOnBothLegs() throws Exception {
        Sipp uas = Sipp.uas("uas-answer", Transport.UDP, 1, work);
        try (GatewayUnderTest gw = new GatewayUnderTest(Transport.UDP, uas.port, work, 0, "", "500ms", 65535, "1h", "1s")) {
            long t0 = System.nanoTime();
            Sipp uac = Sipp.uac("uac-wait-bye", Transport.UDP, gw.port(Transport.UDP), 1, 1, work);
            assertThat(uac.await()).as("caller; output:%n%s", uac.output()).isZero(); // it got the gateway's BYE
            assertThat(uas.await()).as("callee; output:%n%s", uas.output()).isZero();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(gw.awaitNoCalls(3000)).isZero();
            assertThat(gw.counter("sip.calls.ended", "result", "media_timeout")).isEqualTo(1.0);
            // one timeout plus at most one check period (a quarter of it, at least 250 ms) and set-up
            assertThat(millis).isBetween(1000L, 6000L);
        } finally {
            uas.kill();
        }
    }

    @Test
    void flowingMediaKeepsTheCallUp() throws Exception {
        RtpFixture caller = RtpFixture.load(RtpFixture.CALLER_PCMU);
        RtpFixture callee = RtpFixture.load(RtpFixture.CALLEE_PCMU);
        Sipp uas = RecordedMedia.pcapCallee(callee, work);
        // 5 s of audio each way, caller's BYE after 5.5 s: longer than the 2 s timeout, never silent that long
        try (GatewayUnderTest gw = new GatewayUnderTest(Transport.UDP, uas.port, work, 0, "", "500ms", 65535, "1h", "2s")) {
            Sipp uac = RecordedMedia.pcapCaller(caller, gw.port(Transport.UDP), "100", work);
            assertThat(uac.await()).as("caller; output:%n%s", uac.output()).isZero(); // its own BYE got 200
            assertThat(uas.await()).as("callee; output:%n%s", uas.output()).isZero();
            assertThat(gw.awaitNoCalls(3000)).isZero();
            assertThat(gw.counter("sip.calls.ended", "result", "media_timeout")).isZero();
        } finally {
            uas.kill();
        }
    }

    @Test
    void aCallOnHoldIsJudgedByTheHoldTimeout() throws Exception {
        Sipp uas = Sipp.uas("uas-hold", Transport.UDP, 1, work);
        // 3 s on hold with no media at all, three times the media timeout; the hold timeout is 1 h (default)
        try (GatewayUnderTest gw = new GatewayUnderTest(Transport.UDP, uas.port, work, 0, "", "500ms", 65535, "1h", "1s")) {
            Sipp uac = Sipp.uac("uac-hold-long", Transport.UDP, gw.port(Transport.UDP), 1, 1, work);
            assertThat(uac.await()).as("caller; output:%n%s", uac.output()).isZero(); // unhold and its own BYE went through
            assertThat(uas.await()).as("callee; output:%n%s", uas.output()).isZero();
            assertThat(gw.awaitNoCalls(3000)).isZero();
            assertThat(gw.counter("sip.calls.ended", "result", "media_timeout")).isZero();
        } finally {
            uas.kill();
        }
    }
}
