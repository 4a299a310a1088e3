package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.media.testing.RtpFixture;
import com.callbasis.gateway.media.testing.RtpSender;
import com.callbasis.policy.ConsentTokenIssuer;
import com.callbasis.policy.ConsentTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issue 11, items 1 and 2, through the whole gateway on real sockets: who may pause a recording by
 * INFO, and whose call-fact headers are believed. The caller and the callee are scripted {@link TestUa}s.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrustBoundaryTest {
    @TempDir
    Path dir;

    /** Calls through a gateway whose acme route has {@code route} extra keys; the callee answers every INVITE. */
    private record Setup(RecordingHarness gw, TestUa callee, TestUa caller, RtpSender phone) implements AutoCloseable {
        static Setup start(Path dir, String route) throws Exception {
            return start(dir, route, ConsentTokens.NONE);
        }

        static Setup start(Path dir, String route, ConsentTokens tokens) throws Exception {
            TestUa callee = TestUa.callee(req -> TestUa.answerTo(req, 9));
            RecordingHarness gw = new RecordingHarness(dir, callee.port(), "", route, tokens);
            return new Setup(gw, callee, TestUa.caller(gw.port()), RtpSender.bind(0));
        }

        TestUa.Message call(String headers) throws Exception {
            TestUa.Message ok = caller.invite("400", headers, TestUa.sdp(phone.localPort(), "sendrecv", 0));
            assertThat(ok.status()).as(ok.startLine()).isEqualTo(200);
            return ok;
        }

        /** Half a second of the caller's audio: its first packet creates the recording (issue 12, item 4). */
        void talk(TestUa.Message ok) throws Exception {
            phone.send(RtpFixture.load(RtpFixture.CALLER_PCMU).pcap().audioPackets().subList(0, 25), ok.rtpTarget(),
                    RtpSender.Schedule.paced());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (gw.counter("recording.started") < 1 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(gw.counter("recording.started")).as("recording started by the first packet").isEqualTo(1);
        }

        @Override
        public void close() throws Exception {
            caller.close();
            gw.close();
            callee.close();
            phone.close();
        }
    }

    @Test
    void aCallerCannotPauseTheRecording() throws Exception {
        try (Setup s = Setup.start(dir, "")) {
            s.talk(s.call(""));
            RecordedMedia.awaitRecordingStarted(s.gw());
            TestUa.Message pause = s.caller().info("X-Recording-Control: pause;reason=pci-card-entry");
            assertThat(pause.status()).as(pause.startLine()).isEqualTo(403);
            assertThat(s.gw().counter("recording.control.refused", "reason", "untrusted_leg")).isEqualTo(1);
            assertThat(s.gw().gate.activeRecordings()).isEqualTo(1);
            assertThat(s.callee().requests("INFO")).as("answered by the gateway, not relayed").isEmpty();
            assertThat(s.caller().bye().status()).isEqualTo(200);
            s.gw().awaitSealed("acme", 1, 10_000);
            String audit = s.gw().auditText("acme");
            assertThat(audit).contains("recording.control-refused", "untrusted_leg").doesNotContain("recording.paused");
        }
    }

    @Test
    void aLegalObligationRecordingCannotBePausedEvenFromATrustedLeg() throws Exception {
        // the caller's leg trusted by configuration (e.g. the agent platform places the calls)
        try (Setup s = Setup.start(dir, "recordingControl: {legs: [caller, callee]}")) {
            s.talk(s.call("X-Queue: orders\r\n"));
            RecordedMedia.awaitRecordingStarted(s.gw());
            TestUa.Message pause = s.caller().info("X-Recording-Control: pause");
            assertThat(pause.status()).as(pause.startLine()).isEqualTo(403);
            assertThat(pause.startLine()).contains("Pause Forbidden By Policy");
            assertThat(s.gw().counter("recording.control.refused", "reason", "pause_forbidden")).isEqualTo(1);
            assertThat(s.caller().bye().status()).isEqualTo(200);
            s.gw().awaitSealed("acme", 1, 10_000);
            assertThat(s.gw().auditText("acme")).contains("recording.control-refused", "pause_forbidden")
                    .doesNotContain("recording.paused");
        }
    }

    @Test
    void aTrustedLegPausesARecordingThePolicyAllowsToPause() throws Exception {
        try (Setup s = Setup.start(dir, "recordingControl: {legs: [caller], networks: [127.0.0.0/8]}")) {
            s.talk(s.call(""));
            RecordedMedia.awaitRecordingStarted(s.gw());
            assertThat(s.caller().info("X-Recording-Control: pause;reason=pci-card-entry").status()).isEqualTo(200);
            assertThat(s.caller().info("X-Recording-Control: resume").status()).isEqualTo(200);
            assertThat(s.gw().counter("recording.control.refused", "reason", "untrusted_leg")).isZero();
            assertThat(s.caller().bye().status()).isEqualTo(200);
            s.gw().awaitSealed("acme", 1, 10_000);
            assertThat(s.gw().auditText("acme")).contains("recording.paused", "recording.resumed");
        }
    }

    @Test
    void factHeadersFromAnUntrustedPeerAreIgnoredAndStripped() throws Exception {
        // loopback is not trusted once a route names its trusted networks
        try (Setup s = Setup.start(dir, "trust: {networks: [10.0.0.0/8]}")) {
            s.call("X-Emergency: true\r\nX-Queue: orders\r\nX-Consent-Token: anything\r\nX-Other: kept\r\n");
            TestUa.Message invite = s.callee().awaitRequests("INVITE", 1).get(0);
            assertThat(invite.header("x-emergency")).isEmpty();
            assertThat(invite.header("x-queue")).isEmpty();
            assertThat(invite.header("x-consent-token")).isEmpty();
            assertThat(invite.header("x-other")).contains("kept");
            // neither vital interests nor the order-taping rule: the plain service rule decided
            assertThat(invite.header("x-recording").orElseThrow()).contains("basis=legitimate_interests");
            assertThat(s.gw().counter("sip.facts.stripped", "header", "x-emergency")).isEqualTo(1);
            assertThat(s.gw().counter("sip.facts.stripped", "header", "x-consent-token")).isEqualTo(1);
            assertThat(s.caller().bye().status()).isEqualTo(200);
        }
    }

    @Test
    void factHeadersFromATrustedPeerCount() throws Exception {
        try (Setup s = Setup.start(dir, "")) { // the default trusts loopback
            s.call("X-Emergency: true\r\n");
            TestUa.Message invite = s.callee().awaitRequests("INVITE", 1).get(0);
            assertThat(invite.header("x-emergency")).contains("true");
            assertThat(invite.header("x-recording").orElseThrow()).contains("basis=vital_interests");
            assertThat(s.gw().counter("sip.facts.stripped", "header", "x-emergency")).isZero();
            assertThat(s.caller().bye().status()).isEqualTo(200);
        }
    }

    /** The CRM's shared secret; the caller is TestUa's {@code +442071234567}. */
    static final byte[] CRM_SECRET = "e2e-crm-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.US_ASCII);
    static final ConsentTokens CRM = new ConsentTokens(List.of(new ConsentTokenIssuer("crm", ConsentTokenIssuer.Algorithm.HS256,
            new SecretKeySpec(CRM_SECRET, "HmacSHA256"), Set.of("acme"), Duration.ofHours(1))), Duration.ofSeconds(60));

    static String token(byte[] secret, String purpose) throws Exception {
        long now = Instant.now().getEpochSecond();
        String input = b64("{\"alg\":\"HS256\",\"kid\":\"crm\"}") + "." + b64("{\"iss\":\"crm\",\"sub\":\"+442071234567\","
                + "\"tenant\":\"acme\",\"purpose\":\"" + purpose + "\",\"method\":\"ivr-dtmf\",\"noticeVersion\":\"survey-v1\","
                + "\"iat\":" + (now - 30) + ",\"exp\":" + (now + 600) + "}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSignedConsentTokenFromATrustedPeerIsConsent() throws Exception {
        try (Setup s = Setup.start(dir, "", CRM)) {
            s.talk(s.call("X-Queue: survey\r\nX-Consent-Token: " + token(CRM_SECRET, "survey") + "\r\n"));
            TestUa.Message invite = s.callee().awaitRequests("INVITE", 1).get(0);
            assertThat(invite.header("x-recording").orElseThrow()).contains("basis=consent");
            assertThat(s.gw().counter("consent.token.refused", "reason", "bad_signature")).isZero();
            RecordedMedia.awaitRecordingStarted(s.gw());
            assertThat(s.caller().bye().status()).isEqualTo(200);
            s.gw().awaitSealed("acme", 1, 10_000);
            String decisions = s.gw().decisionsText("acme");
            assertThat(decisions).contains("\"consentToken\":{\"digest\":\"sha256:", "\"issuer\":\"crm\"", "\"noticeVersion\":\"survey-v1\"")
                    .doesNotContain("442071234567");
        }
    }

    @Test
    void aForgedConsentTokenIsNotConsentAndIsCounted() throws Exception {
        try (Setup s = Setup.start(dir, "", CRM)) {
            byte[] guessed = "a secret the caller guessed, 32 bytes+".getBytes(StandardCharsets.US_ASCII);
            s.call("X-Queue: survey\r\nX-Consent-Token: " + token(guessed, "survey") + "\r\n");
            TestUa.Message invite = s.callee().awaitRequests("INVITE", 1).get(0);
            // the survey rule needs consent by token: the plain service rule decided instead
            assertThat(invite.header("x-recording").orElseThrow()).contains("basis=legitimate_interests");
            assertThat(s.gw().counter("consent.token.refused", "reason", "bad_signature")).isEqualTo(1);
            assertThat(s.caller().bye().status()).isEqualTo(200);
        }
    }
}
