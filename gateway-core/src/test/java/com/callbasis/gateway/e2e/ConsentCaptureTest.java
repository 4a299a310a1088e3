package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.media.testing.RtpPacket;
import com.callbasis.gateway.media.testing.RtpSender;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consent captured by the gateway itself (tenant {@code asks}: consent basis, {@code require_consent_dtmf}),
 * by each way carriers send digits: RFC 4733 events, SIP INFO and in-band tones; declining, not
 * answering, and digits from the agent's leg, which never answer for the caller.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsentCaptureTest {
    private static final long CALLER_SSRC = 0x5eed0001L;

    @TempDir
    Path dir;

    /** One call to {@code asks}: the caller phone has heard the whole consent prompt when it returns. */
    private record Answered(TestUa.Message ok, List<RtpPacket> prompt) {
    }

    private static Answered callAndHearPrompt(TestUa caller, RtpSender callerPhone) throws Exception {
        TestUa.Message ok = caller.invite("asks-1", "", TestUa.sdp(callerPhone.localPort(), "sendrecv", 0, 101));
        assertThat(ok.status()).as(ok.startLine()).isEqualTo(200);
        List<RtpPacket> prompt = callerPhone.collect(got -> got.size() >= NoticeCalls.NOTICE_FRAMES, 10_000);
        assertThat(prompt).as("consent prompt frames").hasSize(NoticeCalls.NOTICE_FRAMES);
        return new Answered(ok, prompt);
    }

    @Test
    void agreeingByRfc4733StartsTheRecordingAndALaterCallOfTheSameCallerIsNotAskedAgain() throws Exception {
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = NoticeCalls.harness(dir, callee.port(), "");
             RtpSender callerPhone = RtpSender.bind(0)) {
            try (TestUa caller = TestUa.caller(gw.port())) {
                Answered a = callAndHearPrompt(caller, callerPhone);
                callerPhone.send(NoticeCalls.rfc4733('1', CALLER_SSRC, 100, 8000), a.ok().rtpTarget(), RtpSender.Schedule.paced());
                RecordedMedia.awaitRecordingStarted(gw);
                assertThat(callee.awaitRequests("INFO", 1).get(0).header("x-recording").orElse("")).startsWith("on; basis=consent");
                // the digit was the caller's answer to the gateway: the agent never got it
                assertThat(calleePhone.awaitReceived(CALLER_SSRC, 1, 300)).as("consent digit relayed to the agent").isZero();
                callerPhone.send(NoticeCalls.pcmu(NoticeCalls.tone(1000, 8000), CALLER_SSRC, 200, 16000), a.ok().rtpTarget(), RtpSender.Schedule.paced());
                assertThat(caller.bye().status()).isEqualTo(200);
            }
            RecordedMedia.only(gw, "asks");
            String audit = NoticeTest.awaitAudit(gw, "asks", "consent.given");
            assertThat(audit).contains("notice.played").contains("tone-consent").contains("ivr-dtmf").contains("rfc4733");
            assertThat(gw.decisionsText("asks")).as("the new decision names the pending one").containsPattern("\"supersedes\":\"dec-[0-9a-f]+\"");
            assertThat(gw.counter("consent.outcomes", "result", "agreed")).isEqualTo(1);

            // The same caller again: consent is on record, so no prompt; recording from the answer.
            try (TestUa again = TestUa.caller(gw.port())) {
                TestUa.Message ok = again.invite("asks-1", "", TestUa.sdp(callerPhone.localPort(), "sendrecv", 0, 101));
                assertThat(ok.status()).isEqualTo(200);
                assertThat(callee.awaitRequests("INVITE", 2).get(1).header("x-recording").orElse("")).startsWith("on; basis=consent");
                InetSocketAddress toGw = callee.awaitRequests("INVITE", 2).get(1).rtpTarget();
                calleePhone.send(NoticeCalls.pcmu(NoticeCalls.tone(1400, 1600), 0x77L, 1, 0), toGw, RtpSender.Schedule.paced());
                List<RtpPacket> heard = callerPhone.collect(got -> got.size() >= 10, 5000);
                assertThat(heard).as("the agent at once, no prompt").isNotEmpty().allMatch(p -> p.ssrc() == 0x77L);
                assertThat(again.bye().status()).isEqualTo(200);
            }
            assertThat(gw.awaitSealed("asks", 2, 10_000)).hasSize(2);
        }
    }

    @Test
    void aWithheldCallersConsentBindsOnlyItsOwnCall() throws Exception {
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = NoticeCalls.harness(dir, callee.port(), "");
             RtpSender callerPhone = RtpSender.bind(0)) {
            try (TestUa caller = TestUa.caller(gw.port()).from("anonymous")) {
                Answered a = callAndHearPrompt(caller, callerPhone);
                callerPhone.send(NoticeCalls.rfc4733('1', CALLER_SSRC, 100, 8000), a.ok().rtpTarget(), RtpSender.Schedule.paced());
                RecordedMedia.awaitRecordingStarted(gw);
                assertThat(caller.bye().status()).isEqualTo(200);
            }
            NoticeTest.awaitAudit(gw, "asks", "consent.given");
            // Another withheld caller (or the same one again) is a stranger: asked again.
            try (TestUa again = TestUa.caller(gw.port()).from("anonymous")) {
                callAndHearPrompt(again, callerPhone);
                assertThat(callee.awaitRequests("INVITE", 2).get(1).header("x-recording").orElse("")).startsWith("pending; basis=consent; needs=consent");
                assertThat(again.bye().status()).isEqualTo(200);
            }
            NoticeTest.awaitAudit(gw, "asks", "consent.abandoned");
        }
    }

    @Test
    void decliningBySipInfoLeavesTheCallUnrecordedAndTheInfoIsNotRelayed() throws Exception {
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = NoticeCalls.harness(dir, callee.port(), "");
             TestUa caller = TestUa.caller(gw.port());
             RtpSender callerPhone = RtpSender.bind(0)) {
            callAndHearPrompt(caller, callerPhone);
            TestUa.Message bad = caller.infoBody("application/dtmf-relay", "Signal=\r\nDuration=");
            assertThat(bad.status()).as("a malformed DTMF body").isEqualTo(400);
            TestUa.Message info = caller.infoBody("application/dtmf-relay", "Signal=2\r\nDuration=160\r\n");
            assertThat(info.status()).isEqualTo(200);
            TestUa.Message told = callee.awaitRequests("INFO", 1).get(0);
            assertThat(told.header("x-recording").orElse("")).startsWith("off");
            assertThat(told.header("content-type")).as("the agent got the state, not the caller's digit").isEmpty();
            assertThat(caller.bye().status()).isEqualTo(200);
            String audit = NoticeTest.awaitAudit(gw, "asks", "consent.declined");
            assertThat(audit).doesNotContain("consent.given");
            assertThat(gw.store.list("asks")).isEmpty();
            assertThat(gw.counter("dtmf.info.refused", "reason", "malformed")).isEqualTo(1);
        }
    }

    @Test
    void agreeingWithInBandTonesCounts() throws Exception {
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = NoticeCalls.harness(dir, callee.port(), "");
             TestUa caller = TestUa.caller(gw.port());
             RtpSender callerPhone = RtpSender.bind(0)) {
            Answered a = callAndHearPrompt(caller, callerPhone);
            callerPhone.send(NoticeCalls.pcmu(NoticeCalls.dtmf('1', 120), CALLER_SSRC, 1, 0), a.ok().rtpTarget(), RtpSender.Schedule.paced());
            RecordedMedia.awaitRecordingStarted(gw);
            assertThat(caller.bye().status()).isEqualTo(200);
            assertThat(NoticeTest.awaitAudit(gw, "asks", "consent.given")).contains("inband");
        }
    }

    @Test
    void noAnswerReplaysThePromptOnceThenTimesOutAndAgentDigitsDoNotCount() throws Exception {
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = NoticeCalls.harness(dir, callee.port(), "");
             TestUa caller = TestUa.caller(gw.port());
             RtpSender callerPhone = RtpSender.bind(0)) {
            callAndHearPrompt(caller, callerPhone);
            // The agent presses 1: it cannot consent for the caller.
            InetSocketAddress toGw = callee.awaitRequests("INVITE", 1).get(0).rtpTarget();
            calleePhone.send(NoticeCalls.rfc4733('1', 0x99L, 1, 0), toGw, RtpSender.Schedule.paced());
            List<RtpPacket> replay = callerPhone.collect(got -> got.size() >= NoticeCalls.NOTICE_FRAMES, 10_000);
            assertThat(replay).as("the prompt once more, after the timeout").hasSize(NoticeCalls.NOTICE_FRAMES);
            assertThat(replay).noneMatch(p -> p.ssrc() == 0x99L); // not bridged yet, and never the agent's digit
            String audit = NoticeTest.awaitAudit(gw, "asks", "consent.timeout");
            assertThat(audit.split("\"notice.played\"", -1)).as("played twice").hasSize(3);
            assertThat(callee.awaitRequests("INFO", 1).get(0).header("x-recording").orElse("")).startsWith("off");
            assertThat(caller.bye().status()).isEqualTo(200);
            assertThat(gw.store.list("asks")).isEmpty();
        }
    }

    @Test
    void aDigitStormIsBoundedAndTheAnswerAfterItStillCounts() throws Exception {
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = NoticeCalls.harness(dir, callee.port(), "");
             TestUa caller = TestUa.caller(gw.port());
             RtpSender callerPhone = RtpSender.bind(0)) {
            Answered a = callAndHearPrompt(caller, callerPhone);
            // 300 presses of 5 (not an answer) as fast as the socket goes, then, a second later, 1.
            List<RtpPacket> storm = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                for (RtpPacket p : NoticeCalls.rfc4733('5', CALLER_SSRC, 6 * i, 160L * i)) {
                    storm.add(p);
                }
            }
            callerPhone.send(storm, a.ok().rtpTarget(), RtpSender.Schedule.fast());
            Thread.sleep(1100); // the collector's rate window is one second: what comes after it is a new press
            callerPhone.send(NoticeCalls.rfc4733('1', CALLER_SSRC, 2000, 160L * 400), a.ok().rtpTarget(), RtpSender.Schedule.paced());
            RecordedMedia.awaitRecordingStarted(gw);
            assertThat(caller.bye().status()).isEqualTo(200);
            NoticeTest.awaitAudit(gw, "asks", "consent.given");
            long end = System.nanoTime() + 5_000_000_000L;
            while (gw.counter("dtmf.presses", "result", "dropped") == 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(gw.counter("dtmf.presses", "result", "dropped")).as("presses over the rate limit").isPositive();
        }
    }
}
