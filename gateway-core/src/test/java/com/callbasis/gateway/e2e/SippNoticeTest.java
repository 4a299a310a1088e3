package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.Transport;
import com.callbasis.gateway.media.testing.G711Pcap;
import com.callbasis.gateway.media.testing.Goertzel;
import com.callbasis.gateway.media.testing.RtpFixture;
import com.callbasis.gateway.media.testing.RtpPacket;
import com.callbasis.gateway.media.testing.RtpSender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notice and consent capture of issue 13 between real SIPp peers ({@link NoticeCalls}'s policy and
 * routes). SIPp cannot keep the RTP it receives, so where the test must hear the caller's side the
 * caller's SDP offers a socket of the test ({@code uac-notice}: {@code -key rtpport}), which also talks
 * for the caller; the callee is SIPp playing the agent's fixture and answering the gateway's INFOs
 * ({@code rtp-uas-info}), and it logs the {@code X-Recording} values it was sent.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SippNoticeTest {
    private static final String RECORDING = "recording: {reorderDepth: 300ms}";
    /** SIPp's own RFC 4733 press of 1 (Debian sip-tester). */
    private static final Path PRESS_1 = Path.of("/usr/share/sip-tester/dtmf_2833_1.pcap");
    private static final int TELEPHONE_EVENT = 101;

    @TempDir
    Path dir;

    @Test
    void aSippCallerHearsTheWholeNoticeThenTheSippAgentAndTheRecordingStartsAfterIt() throws Exception {
        RtpFixture agent = RtpFixture.load(RtpFixture.CALLEE_PCMU);
        List<RtpPacket> callerAudio = RtpFixture.load(RtpFixture.CALLER_PCMU).pcap().audioPackets();
        long agentSsrc = agent.fact("ssrc");
        Path calleeLog = dir.resolve("callee-trace.log");
        Sipp uas = callee(agent, 1, calleeLog);
        try (RecordingHarness gw = NoticeCalls.harness(dir, uas.port, RECORDING);
             RtpSender callerPhone = RtpSender.bind(0)) {
            Path callerLog = dir.resolve("caller-trace.log");
            long t0 = System.nanoTime();
            long callMillis;
            Sipp uac = Sipp.uac("uac-notice", Transport.UDP, gw.port(), 1, 1, dir, "200", List.of("-key", "rtpport",
                    Integer.toString(callerPhone.localPort()), "-trace_logs", "-log_file", callerLog.toString()));
            try {
                int gatewayPort = Integer.parseInt(awaitLogged(callerLog, "gateway-rtp-port=(\\d+)", uac).get(0));
                InetSocketAddress toGateway = new InetSocketAddress(InetAddress.getLoopbackAddress(), gatewayPort);
                // The caller talks from the answer on, from the port its SDP offered; it hears nobody but the notice meanwhile.
                CompletableFuture<?> callerTalks = CompletableFuture.runAsync(() -> NoticeTest.send(callerPhone, callerAudio, toGateway));

                List<RtpPacket> heard = callerPhone.collect(got -> got.stream().filter(p -> p.ssrc() == agentSsrc).count() >= 20, 15_000);
                NoticeCalls.assertWholeNoticeThenAgent(heard, agentSsrc);
                callerTalks.get(30, TimeUnit.SECONDS);

                assertThat(uac.await()).as("caller SIPp; output:%n%s", uac.output()).isZero();
                callMillis = (System.nanoTime() - t0) / 1_000_000;
                assertThat(uas.await()).as("callee SIPp; output:%n%s", uas.output()).isZero();
            } finally {
                uac.kill();
            }

            RecordedMedia rec = RecordedMedia.only(gw, "acme");
            long recordedMillis = rec.frames() * 1000 / NoticeCalls.RATE;
            assertThat(recordedMillis).as("recorded from the notice's end, not the answer").isLessThan(callMillis - 900);
            int mid = rec.left().length / 2;
            double[] tones = {1000, 1400};
            assertThat(Goertzel.dominantTone(rec.left(), NoticeCalls.RATE, mid - 800, 1600, tones)).as("caller, left").isEqualTo(1000);
            assertThat(Goertzel.dominantTone(rec.right(), NoticeCalls.RATE, mid - 800, 1600, tones)).as("agent, right").isEqualTo(1400);

            assertThat(NoticeTest.awaitAudit(gw, "acme", "notice.played")).contains("tone-notice");
            assertThat(awaitLogged(calleeLog, "INVITE X-Recording:\\s*(.*)", uas).get(0)).startsWith("pending; basis=legitimate_interests; needs=notice");
            assertThat(awaitLogged(calleeLog, "INFO X-Recording:\\s*(.*)", uas)).as("the agent's side is told when recording starts")
                    .anyMatch(v -> v.startsWith("on; basis=legitimate_interests"));
        } finally {
            uas.kill();
        }
    }

    @Test
    void sippsOwnRfc4733PressOfOneGivesConsentAndTheSameCallerIsNotAskedAgain() throws Exception {
        // The pcap is what its name says: events of digit 1 only (telephone-event, one SSRC and timestamp), ending with end packets.
        List<RtpPacket> press = G711Pcap.read(PRESS_1).packets();
        assertThat(press).isNotEmpty().allSatisfy(p -> {
            assertThat(p.payloadType()).isEqualTo(TELEPHONE_EVENT);
            assertThat(p.payload()[0]).as("event").isEqualTo((byte) 1);
            assertThat(p.ssrc()).isEqualTo(press.get(0).ssrc());
            assertThat(p.timestamp()).isEqualTo(press.get(0).timestamp());
        });
        assertThat(press.get(0).marker()).as("marker on the first packet of the event").isTrue();
        assertThat(press.get(press.size() - 1).payload()[1] & 0x80).as("E bit of the last packet").isNotZero();
        assertThat(press.stream().filter(p -> (p.payload()[1] & 0x80) != 0)).as("end packets").hasSizeGreaterThanOrEqualTo(1);

        RtpFixture agent = RtpFixture.load(RtpFixture.CALLEE_PCMU);
        Path calleeLog = dir.resolve("callee-trace.log");
        Sipp uas = callee(agent, 2, calleeLog);
        try (RecordingHarness gw = NoticeCalls.harness(dir, uas.port, RECORDING)) {
            Sipp asked = Sipp.uac("uac-consent-rfc4733", Transport.UDP, gw.port(), 1, 1, dir, "asks-1",
                    List.of("-key", "pcap", PRESS_1.toString()));
            assertThat(asked.await()).as("caller SIPp; output:%n%s", asked.output()).isZero();

            String audit = NoticeTest.awaitAudit(gw, "asks", "consent.given");
            assertThat(audit).contains("notice.played").contains("tone-consent").contains("\"via\":\"rfc4733\"");
            RecordedMedia.only(gw, "asks");
            // The INVITE named the first decision (pending consent), the INFO the one the press made; the latter supersedes the former.
            String asking = decisionOf(awaitLogged(calleeLog, "INVITE X-Recording:\\s*(.*)", uas).get(0));
            String info = awaitLogged(calleeLog, "INFO X-Recording:\\s*(.*)", uas).get(0);
            assertThat(info).startsWith("on; basis=consent");
            String pressed = decisionOf(info);
            assertThat(gw.decisionsText("asks").lines().filter(d -> d.contains("\"decisionId\":\"" + pressed + "\"")))
                    .as("the decision the press made").singleElement().asString().contains("\"supersedes\":\"" + asking + "\"");

            // The same caller (the scenarios' From) again: consent is on record, so no prompt.
            Sipp again = RecordedMedia.pcapCaller(RtpFixture.load(RtpFixture.CALLER_PCMU), gw.port(), "asks-1", dir);
            assertThat(again.await()).as("second caller SIPp; output:%n%s", again.output()).isZero();
            assertThat(uas.await()).as("callee SIPp; output:%n%s", uas.output()).isZero();
            List<String> invites = awaitLogged(calleeLog, "INVITE X-Recording:\\s*(.*)", 2, uas);
            assertThat(invites.get(0)).startsWith("pending; basis=consent");
            assertThat(invites.get(1)).as("the second outbound INVITE").startsWith("on; basis=consent");
            assertThat(gw.awaitSealed("asks", 2, 10_000)).hasSize(2);
            assertThat(gw.counter("consent.outcomes", "result", "agreed")).isEqualTo(1);
        } finally {
            uas.kill();
        }
    }

    /** A SIPp callee (rtp-uas-info) for {@code calls} calls, playing {@code agent}'s pcap, logging to {@code log}; returns once it listens. */
    private Sipp callee(RtpFixture agent, int calls, Path log) throws Exception {
        Sipp uas = Sipp.uas("rtp-uas-info", Transport.UDP, calls, dir, List.of("-key", "pcap", agent.copyPcapTo(dir).toString(),
                "-trace_logs", "-log_file", log.toString(), "-timeout", "60s"));
        RecordedMedia.awaitUdpListener(uas.port);
        return uas;
    }

    /** The {@code decision=} parameter of an {@code X-Recording} value. */
    private static String decisionOf(String xRecording) {
        Matcher m = Pattern.compile("decision=([\\w-]+)").matcher(xRecording);
        assertThat(m.find()).as("decision in X-Recording: " + xRecording).isTrue();
        return m.group(1);
    }

    private static List<String> awaitLogged(Path log, String regex, Sipp who) throws Exception {
        return awaitLogged(log, regex, 1, who);
    }

    /**
     * Waits (bounded) until SIPp's {@code -trace_logs} file holds at least {@code n} lines matching
     * {@code regex}; returns each one's first group, in order.
     */
    private static List<String> awaitLogged(Path log, String regex, int n, Sipp who) throws Exception {
        Pattern p = Pattern.compile(regex);
        long end = System.nanoTime() + 15_000_000_000L;
        List<String> found = List.of();
        while (System.nanoTime() < end) {
            found = matches(log, p);
            if (found.size() >= n) {
                return found;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("SIPp logged " + found.size() + " of " + n + " lines like " + regex + " in " + log
                + "; its output:\n" + who.output());
    }

    private static List<String> matches(Path log, Pattern p) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().map(p::matcher).filter(Matcher::find)
                .map(m -> m.group(1).strip()).toList();
    }
}
