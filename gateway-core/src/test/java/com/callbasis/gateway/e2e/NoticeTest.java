package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.media.testing.Goertzel;
import com.callbasis.gateway.media.testing.RtpFixture;
import com.callbasis.gateway.media.testing.RtpPacket;
import com.callbasis.gateway.media.testing.RtpSender;
import com.callbasis.recorder.codec.G711;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway tells the caller before it records (issue 13), with real sockets end to end: a caller
 * ({@link TestUa} signalling, an RTP socket that keeps what it hears) and a callee phone through the
 * whole gateway. The notice is a test prompt of known tones ({@link NoticeCalls}), so what the
 * caller hears can be checked frame by frame against G.711 of the prompt's samples.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NoticeTest {
    private static final String RECORDING = "recording: {reorderDepth: 300ms}";

    @TempDir
    Path dir;

    @Test
    void theCallerHearsTheWholeNoticeThenTheAgentAndTheRecordingStartsAfterIt() throws Exception {
        List<RtpPacket> calleeAudio = RtpFixture.load(RtpFixture.CALLEE_PCMU).pcap().audioPackets();
        List<RtpPacket> callerAudio = RtpFixture.load(RtpFixture.CALLER_PCMU).pcap().audioPackets();
        long agentSsrc = calleeAudio.get(0).ssrc();
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = NoticeCalls.harness(dir, callee.port(), RECORDING);
             TestUa caller = TestUa.caller(gw.port());
             RtpSender callerPhone = RtpSender.bind(0)) {
            long t0 = System.nanoTime();
            TestUa.Message ok = caller.invite("200", "", TestUa.sdp(callerPhone.localPort(), "sendrecv", 0, 101));
            assertThat(ok.status()).as(ok.startLine()).isEqualTo(200);
            InetSocketAddress toGatewayFromCallee = callee.awaitRequests("INVITE", 1).get(0).rtpTarget();
            assertThat(callee.awaitRequests("INVITE", 1).get(0).header("x-recording").orElse(""))
                    .as("the first verdict, on the outbound INVITE").startsWith("pending; basis=legitimate_interests; needs=notice");
            // Both parties talk from the answer on; neither hears the other during the notice.
            CompletableFuture<?> agentTalks = CompletableFuture.runAsync(() -> send(calleePhone, calleeAudio, toGatewayFromCallee));
            CompletableFuture<?> callerTalks = CompletableFuture.runAsync(() -> send(callerPhone, callerAudio, ok.rtpTarget()));

            List<RtpPacket> heard = callerPhone.collect(got -> got.stream().filter(p -> p.ssrc() == agentSsrc).count() >= 20, 15_000);
            assertThat(heard).as("what the caller heard").isNotEmpty();
            NoticeCalls.assertWholeNoticeThenAgent(heard, agentSsrc);

            // The agent's side is told when the recording starts.
            TestUa.Message info = callee.awaitRequests("INFO", 1).get(0);
            assertThat(info.header("x-recording").orElse("")).startsWith("on; basis=legitimate_interests");
            RecordedMedia.awaitRecordingStarted(gw);
            agentTalks.get(20, TimeUnit.SECONDS);
            callerTalks.get(20, TimeUnit.SECONDS);
            calleePhone.awaitReceived(callerAudio.get(0).ssrc(), 150, 5000);
            assertThat(caller.bye().status()).isEqualTo(200);
            long callMillis = (System.nanoTime() - t0) / 1_000_000;

            RecordedMedia rec = RecordedMedia.only(gw, "acme");
            long recordedMillis = rec.frames() * 1000 / NoticeCalls.RATE;
            assertThat(recordedMillis).as("recorded from the notice's end, not the answer").isLessThan(callMillis - 900);
            int mid = rec.left().length / 2;
            assertThat(Goertzel.dominantTone(rec.left(), NoticeCalls.RATE, mid - 800, 1600, new double[] {1000, 1400})).isEqualTo(1000);
            assertThat(Goertzel.dominantTone(rec.right(), NoticeCalls.RATE, mid - 800, 1600, new double[] {1000, 1400})).isEqualTo(1400);

            String audit = gw.auditText("acme");
            assertThat(audit).contains("notice.played").contains("tone-notice").contains("\"framesSent\"");
            assertThat(gw.counter("notices.played")).isEqualTo(1);
        }
    }

    @Test
    void aCallerWhoHangsUpDuringTheNoticeLeavesNoticeAbandonedAndNoRecording() throws Exception {
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = NoticeCalls.harness(dir, callee.port(), RECORDING);
             TestUa caller = TestUa.caller(gw.port());
             RtpSender callerPhone = RtpSender.bind(0)) {
            TestUa.Message ok = caller.invite("200", "", TestUa.sdp(callerPhone.localPort(), "sendrecv", 0, 101));
            assertThat(ok.status()).isEqualTo(200);
            List<RtpPacket> heard = callerPhone.collect(got -> got.size() >= 10, 5000);
            assertThat(heard).hasSizeGreaterThanOrEqualTo(10);
            assertThat(caller.bye().status()).isEqualTo(200);
            awaitAudit(gw, "acme", "notice.abandoned");
            assertThat(gw.store.list("acme")).as("no recording").isEmpty();
            assertThat(gw.auditText("acme")).doesNotContain("notice.played");
            assertThat(gw.counter("notices.abandoned")).isEqualTo(1);
        }
    }

    @Test
    void anEarlyNoticeIsPlayedIn183BeforeTheTargetIsCalledThenTheCallIsRecordedFromTheAnswer() throws Exception {
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = NoticeCalls.harness(dir, callee.port(), RECORDING);
             TestUa caller = TestUa.caller(gw.port());
             RtpSender callerPhone = RtpSender.bind(0)) {
            CompletableFuture<TestUa.Message> answered = CompletableFuture.supplyAsync(() -> {
                try {
                    return caller.invite("early-1", "", TestUa.sdp(callerPhone.localPort(), "sendrecv", 8, 0, 101));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<RtpPacket> prompt = callerPhone.collect(got -> got.size() >= NoticeCalls.NOTICE_FRAMES, 10_000);
            assertThat(prompt).as("the notice as early media").hasSize(NoticeCalls.NOTICE_FRAMES);
            assertThat(prompt).allMatch(p -> p.payloadType() == 8); // the caller's first offered codec, PCMA
            for (int i = 0; i < prompt.size(); i++) {
                byte[] expected = new byte[160];
                for (int j = 0; j < 160; j++) {
                    expected[j] = G711.linearToAlaw(NoticeCalls.NOTICE[160 * i + j]);
                }
                assertThat(prompt.get(i).payload()).as("frame %d", i).isEqualTo(expected);
            }
            TestUa.Message ok = answered.get(20, TimeUnit.SECONDS);
            assertThat(ok.status()).isEqualTo(200);
            TestUa.Message invite = callee.awaitRequests("INVITE", 1).get(0);
            assertThat(invite.header("x-recording").orElse("")).as("the target is called once the notice was played")
                    .startsWith("on; basis=legitimate_interests");
            assertThat(invite.sdp().media().get(0).formats()).as("offered only the early answer's codec").containsExactly("8", "101");
            RecordedMedia.awaitRecordingStarted(gw);
            assertThat(caller.bye().status()).isEqualTo(200);
            awaitAudit(gw, "acme", "notice.played");
        }
    }

    @Test
    void onARouteWhereTheAgentHearsTheNoticeBothPartiesGetIt() throws Exception {
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = NoticeCalls.harness(dir, callee.port(), RECORDING);
             TestUa caller = TestUa.caller(gw.port());
             RtpSender callerPhone = RtpSender.bind(0)) {
            TestUa.Message ok = caller.invite("hear-1", "", TestUa.sdp(callerPhone.localPort(), "sendrecv", 0, 101));
            assertThat(ok.status()).isEqualTo(200);
            CompletableFuture<List<RtpPacket>> agentHeard = CompletableFuture.supplyAsync(() -> {
                try {
                    return calleePhone.collect(got -> got.size() >= NoticeCalls.NOTICE_FRAMES, 10_000);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(callerPhone.collect(got -> got.size() >= NoticeCalls.NOTICE_FRAMES, 10_000)).hasSize(NoticeCalls.NOTICE_FRAMES);
            List<RtpPacket> agent = agentHeard.get(15, TimeUnit.SECONDS);
            assertThat(agent).as("the agent hears the notice too").hasSize(NoticeCalls.NOTICE_FRAMES);
            assertThat(agent.get(10).payload()[0]).isEqualTo(G711.linearToUlaw(NoticeCalls.NOTICE[1600]));
            RecordedMedia.awaitRecordingStarted(gw);
            assertThat(caller.bye().status()).isEqualTo(200);
        }
    }

    @Test
    void aReloadWhoseNoticeFileDisappearedIsRefusedAndCallsKeepTheNoticeInForce() throws Exception {
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = NoticeCalls.harness(dir, callee.port(), RECORDING);
             TestUa caller = TestUa.caller(gw.port());
             RtpSender callerPhone = RtpSender.bind(0)) {
            String digest = gw.engine.policy().digest();
            java.nio.file.Files.delete(dir.resolve("notice.wav"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> gw.engine.reload(dir.resolve("notice-policy.yaml")))
                    .isInstanceOfSatisfying(com.callbasis.config.yaml.ConfigException.class, e -> assertThat(e.problems().stream()
                            .map(Object::toString)).anySatisfy(l -> assertThat(l).matches(".*notice-policy\\.yaml:\\d+:.*").contains("notice.wav")));
            assertThat(gw.engine.policy().digest()).as("the policy in force is unchanged").isEqualTo(digest);

            // Prompts were prepared when the policy came into force: calls still hear the whole notice.
            TestUa.Message ok = caller.invite("200", "", TestUa.sdp(callerPhone.localPort(), "sendrecv", 0, 101));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(callerPhone.collect(got -> got.size() >= NoticeCalls.NOTICE_FRAMES, 10_000)).hasSize(NoticeCalls.NOTICE_FRAMES);
            RecordedMedia.awaitRecordingStarted(gw);
            assertThat(caller.bye().status()).isEqualTo(200);
            awaitAudit(gw, "acme", "notice.played");
        }
    }

    static void send(RtpSender phone, List<RtpPacket> packets, InetSocketAddress to) {
        try {
            phone.send(packets, to, RtpSender.Schedule.paced());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits (bounded) until the tenant's audit log holds an event of {@code type}. */
    static String awaitAudit(RecordingHarness gw, String tenant, String type) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        String text = "";
        while (System.nanoTime() < end) {
            text = gw.auditText(tenant);
            if (text.contains("\"" + type + "\"")) {
                return text;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type + " in the audit log of " + tenant + ":\n" + text);
    }
}
