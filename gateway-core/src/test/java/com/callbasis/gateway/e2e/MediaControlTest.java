package com.callbasis.gateway.e2e;

import static com.callbasis.gateway.e2e.RecordedMedia.PACKET;
import static com.callbasis.gateway.e2e.RecordedMedia.RATE;
import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.media.sdp.Direction;
import com.callbasis.gateway.media.sdp.MediaDescription;
import com.callbasis.gateway.media.testing.Goertzel;
import com.callbasis.gateway.media.testing.RtpFixture;
import com.callbasis.gateway.media.testing.RtpPacket;
import com.callbasis.gateway.media.testing.RtpSender;
import com.callbasis.gateway.media.testing.SampleAlignment;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens to the recording when the call changes under it, with real sockets and real peers
 * through the whole gateway: hold and unhold by re-INVITE, a codec change by re-INVITE, a PCI pause by
 * INFO, and the {@code suppress_dtmf} obligation of the payments queue. The caller is a scripted
 * {@link TestUa} sending RTP from the port it announced; the callee is a second {@code TestUa} where
 * the test must control what it sends and when, else SIPp playing the 1400 Hz fixture.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MediaControlTest {
    private static final double[] TONES = {1000, 1400};
    /**
     * These tests are about call control, not network jitter: a reorder depth of 300 ms (instead of the
     * default 60 ms, which {@link MediaImpairmentTest} keeps) lets the recorder ride out the scheduling
     * stalls of a loaded two-core test machine without re-aligning a leg, so that exact sample placement
     * is a fair demand. What is asserted does not depend on the depth.
     */
    private static final String RECORDING = "recording: {reorderDepth: 300ms}";
    /**
     * The pause test's INFOs come from the caller's side (the callee is SIPp playing a pcap): that leg
     * is trusted for control by configuration here; by default only the callee leg is (TrustBoundaryTest).
     */
    private static final String CALLER_CONTROLS = "recordingControl: {legs: [caller, callee]}";
    /** 200 ms: a window of whole cycles of both tones (see {@link Goertzel}). */
    private static final int WINDOW = 1600;

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- hold / unhold

    @Test
    void holdAndUnholdByReInviteKeepTheRecordingRunningAndBothSidesComeBack() throws Exception {
        List<RtpPacket> callerPackets = RtpFixture.load(RtpFixture.CALLER_PCMU).pcap().audioPackets();
        List<RtpPacket> calleePackets = RtpFixture.load(RtpFixture.CALLEE_PCMU).pcap().audioPackets();
        List<RtpPacket> beforeHold = calleePackets.subList(0, 75);
        List<RtpPacket> afterHold = calleePackets.subList(75, 175);
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = new RecordingHarness(dir, callee.port(), RECORDING);
             TestUa caller = TestUa.caller(gw.port());
             RtpSender callerPhone = RtpSender.bind(0)) {
            long t0 = System.nanoTime();
            TestUa.Message ok = caller.invite("200", "", TestUa.sdp(callerPhone.localPort(), "sendrecv", 0, 101));
            long answered = System.nanoTime();
            assertThat(ok.status()).as(ok.startLine()).isEqualTo(200);
            InetSocketAddress toGatewayFromCaller = ok.rtpTarget();
            InetSocketAddress toGatewayFromCallee = callee.awaitRequests("INVITE", 1).get(0).rtpTarget();
            RecordedMedia.awaitRecordingStarted(gw);

            // The caller talks for the whole call (5 s), on hold too (a=sendonly: it may send, e.g. music).
            CompletableFuture<RtpSender.Sent> callerTalk = sendAsync(callerPhone, callerPackets, toGatewayFromCaller);
            calleePhone.send(beforeHold, toGatewayFromCallee, RtpSender.Schedule.paced());

            TestUa.Message held = caller.reInvite(TestUa.sdp(callerPhone.localPort(), "sendonly", 0, 101));
            assertThat(held.status()).isEqualTo(200);
            assertThat(audio(held).direction()).as("callee's hold answer, relayed").isEqualTo(Direction.RECVONLY);
            assertThat(audio(callee.awaitRequests("INVITE", 2).get(1)).direction()).as("hold offer at the callee").isEqualTo(Direction.SENDONLY);
            long holdStarted = System.nanoTime();
            Thread.sleep(1500); // the hold lasts 1.5 s: the callee, held, sends nothing

            TestUa.Message resumed = caller.reInvite(TestUa.sdp(callerPhone.localPort(), "sendrecv", 0, 101));
            long holdMillis = (System.nanoTime() - holdStarted) / 1_000_000;
            assertThat(resumed.status()).isEqualTo(200);
            assertThat(audio(resumed).direction()).isEqualTo(Direction.SENDRECV);
            // Unheld, the callee goes on with its stream (sequence numbers and timestamps continue where they stopped).
            calleePhone.send(afterHold, toGatewayFromCallee, RtpSender.Schedule.paced());
            callerTalk.get(20, TimeUnit.SECONDS);
            // Hang up once the gateway has relayed (so recorded) the caller's whole stream: on a busy
            // machine a BYE sent at once races the last packet, which is not what this test is about.
            calleePhone.awaitReceived(callerPackets.get(0).ssrc(), callerPackets.size(), 5000);

            long byeSent = System.nanoTime();
            assertThat(caller.bye().status()).isEqualTo(200);
            long ended = System.nanoTime();
            RecordedMedia rec = RecordedMedia.only(gw, "acme");

            // Length: the call from the answer to the BYE, hold included. A leg's timeline is anchored at
            // its first packet's arrival, so a first packet held up by a busy machine places the leg (and
            // so the recording's end) later by as much: hence the margin above the call's duration.
            long recordedMillis = rec.frames() * 1000 / RATE;
            assertThat(recordedMillis).as("recording length").isBetween((byeSent - answered) / 1_000_000 - 150, (ended - t0) / 1_000_000 + 300);

            // The caller is whole, through both re-INVITEs.
            short[] callerRef = RecordedMedia.decode(callerPackets);
            SampleAlignment.Match l = RecordedMedia.locate(callerRef, rec.left(), "caller");
            assertThat(SampleAlignment.mismatchedPackets(callerRef, rec.left(), l.offset(), PACKET)).as("caller packets not exact").isEmpty();

            // The callee before the hold, silence while held, the callee again after: each part exact.
            short[] ref1 = RecordedMedia.decode(beforeHold);
            short[] ref2 = RecordedMedia.decode(afterHold);
            SampleAlignment.Match r1 = RecordedMedia.locate(ref1, rec.right(), "callee before hold");
            SampleAlignment.Match r2 = RecordedMedia.locate(ref2, rec.right(), "callee after unhold");
            assertThat(SampleAlignment.mismatchedPackets(ref1, rec.right(), r1.offset(), PACKET)).as("callee before hold").isEmpty();
            assertThat(SampleAlignment.mismatchedPackets(ref2, rec.right(), r2.offset(), PACKET)).as("callee after unhold: not one-sided").isEmpty();
            int holdStart = r1.offset() + ref1.length;
            int holdEnd = r2.offset();
            assertThat((holdEnd - holdStart) * 1000L / RATE).as("held stretch, ms").isBetween(holdMillis - 100, holdMillis + 400);
            assertThat(RecordedMedia.silent(rec.right(), holdStart, holdEnd)).as("held side silent").isTrue();

            // Tones: both before, the caller alone during the hold (the recording keeps running), both after.
            int mid = (holdStart + holdEnd) / 2 - WINDOW / 2;
            assertTones(rec, holdStart - 2 * WINDOW, true, true, "before hold");
            assertTones(rec, mid, true, false, "on hold");
            assertTones(rec, holdEnd + WINDOW, true, true, "after unhold");

            assertThat(rec.count("caller", "lost") + rec.count("caller", "late")).isZero();
            assertThat(rec.count("agent", "expected")).isEqualTo(175);
            assertThat(rec.count("agent", "lost") + rec.count("agent", "late")).isZero();
            assertThat(rec.count("agent", "written")).isEqualTo(175);
        }
    }

    // ---------------------------------------------------------------- codec change

    @Test
    void aCodecChangeByReInviteIsDecodedWithTheNewCodecFromThenOn() throws Exception {
        RtpFixture callerU = RtpFixture.load(RtpFixture.CALLER_PCMU);
        RtpFixture calleeU = RtpFixture.load(RtpFixture.CALLEE_PCMU);
        // Each phone keeps its SSRC, sequence numbers and timestamps across the change; only the payload type and payload change.
        List<RtpPacket> callerPcmu = callerU.pcap().audioPackets().subList(0, 125);
        List<RtpPacket> calleePcmu = calleeU.pcap().audioPackets().subList(0, 125);
        List<RtpPacket> callerPcma = RecordedMedia.reheaded(RtpFixture.load(RtpFixture.CALLER_PCMA).pcap().audioPackets().subList(125, 250),
                callerU.fact("ssrc"), 8, (int) callerU.fact("first_seq") + 125, callerU.fact("first_ts") + 125L * PACKET);
        List<RtpPacket> calleePcma = RecordedMedia.reheaded(RtpFixture.load(RtpFixture.CALLEE_PCMA).pcap().audioPackets().subList(125, 250),
                calleeU.fact("ssrc"), 8, (int) calleeU.fact("first_seq") + 125, calleeU.fact("first_ts") + 125L * PACKET);
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = new RecordingHarness(dir, callee.port(), RECORDING);
             TestUa caller = TestUa.caller(gw.port());
             RtpSender callerPhone = RtpSender.bind(0)) {
            TestUa.Message ok = caller.invite("300", "", TestUa.sdp(callerPhone.localPort(), "sendrecv", 0, 101)); // PCMU only
            assertThat(ok.status()).as(ok.startLine()).isEqualTo(200);
            assertThat(audio(ok).formats()).containsExactly("0", "101");
            InetSocketAddress fromCaller = ok.rtpTarget();
            InetSocketAddress fromCallee = callee.awaitRequests("INVITE", 1).get(0).rtpTarget();
            RecordedMedia.awaitRecordingStarted(gw);

            CompletableFuture<RtpSender.Sent> a = sendAsync(callerPhone, callerPcmu, fromCaller);
            calleePhone.send(calleePcmu, fromCallee, RtpSender.Schedule.paced());
            a.get(20, TimeUnit.SECONDS);

            TestUa.Message changed = caller.reInvite(TestUa.sdp(callerPhone.localPort(), "sendrecv", 8, 101)); // PCMA only
            assertThat(changed.status()).isEqualTo(200);
            assertThat(audio(changed).formats()).as("answer to the PCMA offer").containsExactly("8", "101");
            assertThat(audio(callee.awaitRequests("INVITE", 2).get(1)).formats()).as("offer at the callee").containsExactly("8", "101");

            CompletableFuture<RtpSender.Sent> b = sendAsync(callerPhone, callerPcma, fromCaller);
            calleePhone.send(calleePcma, fromCallee, RtpSender.Schedule.paced());
            b.get(20, TimeUnit.SECONDS);
            assertThat(caller.bye().status()).isEqualTo(200);
            RecordedMedia rec = RecordedMedia.only(gw, "acme");

            assertBothPartsExact(rec.left(), callerPcmu, callerPcma, "caller");
            assertBothPartsExact(rec.right(), calleePcmu, calleePcma, "callee");
            for (String leg : List.of("caller", "agent")) {
                assertThat(rec.count(leg, "unsupported")).as(leg + ": packets the recorder could not decode").isZero();
                assertThat(rec.count(leg, "written")).as(leg + " written").isEqualTo(250);
                assertThat(rec.count(leg, "lost") + rec.count(leg, "late")).as(leg + " lost or late").isZero();
            }
        }
    }

    /** The PCMU part and the PCMA part each sample-exact, the second right after the first (or after silence, never overlapping). */
    private static void assertBothPartsExact(short[] channel, List<RtpPacket> first, List<RtpPacket> second, String who) {
        short[] ref1 = RecordedMedia.decode(first);
        short[] ref2 = RecordedMedia.decode(second);
        SampleAlignment.Match m1 = RecordedMedia.locate(ref1, channel, who + " PCMU part");
        SampleAlignment.Match m2 = RecordedMedia.locate(ref2, channel, who + " PCMA part");
        assertThat(SampleAlignment.mismatchedPackets(ref1, channel, m1.offset(), PACKET)).as(who + " PCMU packets not exact").isEmpty();
        assertThat(SampleAlignment.mismatchedPackets(ref2, channel, m2.offset(), PACKET)).as(who + " PCMA packets not exact").isEmpty();
        int gap = m2.offset() - (m1.offset() + ref1.length);
        assertThat(gap).as(who + ": samples between the parts (the re-INVITE round trip at most)").isBetween(0, RATE / 2);
        assertThat(RecordedMedia.silent(channel, m1.offset() + ref1.length, m2.offset())).isTrue();
    }

    // ---------------------------------------------------------------- pause / resume

    @Test
    void pauseAndResumeByInfoSilenceBothChannelsInTheSameRecording() throws Exception {
        RtpFixture callerFx = RtpFixture.load(RtpFixture.CALLER_PCMU);
        RtpFixture calleeFx = RtpFixture.load(RtpFixture.CALLEE_PCMU);
        Sipp uas = RecordedMedia.pcapCallee(calleeFx, dir);
        try (RecordingHarness gw = new RecordingHarness(dir, uas.port, RECORDING, CALLER_CONTROLS);
             TestUa caller = TestUa.caller(gw.port());
             RtpSender phone = RtpSender.bind(0)) {
            TestUa.Message ok = caller.invite("400", "", TestUa.sdp(phone.localPort(), "sendrecv", 0, 8, 101));
            assertThat(ok.status()).as(ok.startLine()).isEqualTo(200);
            RecordedMedia.awaitRecordingStarted(gw);
            CompletableFuture<RtpSender.Sent> talk = sendAsync(phone, callerFx.pcap().audioPackets(), ok.rtpTarget());

            Thread.sleep(1500); // 1.5 s of conversation before the card number
            TestUa.Message pause = caller.info("X-Recording-Control: pause;reason=pci-card-entry");
            long paused = System.nanoTime();
            assertThat(pause.status()).as("pause INFO answered").isEqualTo(200);
            assertThat(gw.gate.activeRecordings()).isEqualTo(1);
            Thread.sleep(1500); // card entry
            TestUa.Message resume = caller.info("X-Recording-Control: resume");
            long pauseMillis = (System.nanoTime() - paused) / 1_000_000;
            assertThat(resume.status()).as("resume INFO answered").isEqualTo(200);
            talk.get(20, TimeUnit.SECONDS);
            // SIPp started its pcap at our ACK, a little after we started: let its last packets through before hanging up
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (gw.registry.find("media.packets.relayed").tag("kind", "rtp").counter().count() < 500 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(caller.bye().status()).isEqualTo(200);
            // The INFOs were answered by the gateway, not relayed: SIPp's scenario has no INFO and would fail on one.
            assertThat(uas.await()).as(uas.output()).isZero();

            RecordedMedia rec = RecordedMedia.only(gw, "acme"); // one recording for the whole call

            List<int[]> pauses = rec.silentOnBoth(RATE / 2);
            assertThat(pauses).as("stretches silent on both channels for 500 ms or more").hasSize(1);
            int start = pauses.get(0)[0];
            int end = pauses.get(0)[1];
            assertThat((end - start) * 1000L / RATE).as("paused stretch, ms").isBetween(pauseMillis - 150, pauseMillis + 150);

            // Outside the pause every packet of both sides is exact; inside, nothing is left of either.
            short[] callerRef = callerFx.pcap().audioSamples();
            short[] calleeRef = calleeFx.pcap().audioSamples();
            assertOnlyPacketsInStretchMissing(callerRef, rec.left(), start, end, "caller");
            assertOnlyPacketsInStretchMissing(calleeRef, rec.right(), start, end, "callee");
            assertTones(rec, start - 2 * WINDOW, true, true, "before the pause");
            assertTones(rec, end + WINDOW, true, true, "after the pause");

            assertThat(rec.count("caller", "suppressed")).as("caller packets inside the pause").isGreaterThanOrEqualTo(60);
            assertThat(rec.count("agent", "suppressed")).as("callee packets inside the pause").isGreaterThanOrEqualTo(60);
            assertThat(rec.count("caller", "written") + rec.count("caller", "suppressed")).isEqualTo(rec.count("caller", "received"));

            String audit = gw.auditText("acme");
            assertThat(audit).contains("recording.paused", "recording.resumed", "pci-card-entry");
            assertThat(audit.indexOf("recording.paused")).isLessThan(audit.indexOf("recording.resumed"));
        } finally {
            uas.kill();
        }
    }

    /** Every packet of {@code reference} not overlapping {@code [start, end)} is exact in {@code channel}. */
    private static void assertOnlyPacketsInStretchMissing(short[] reference, short[] channel, int start, int end, String who) {
        SampleAlignment.Match m = RecordedMedia.locate(reference, channel, who);
        List<Integer> mismatched = SampleAlignment.mismatchedPackets(reference, channel, m.offset(), PACKET);
        for (int p : mismatched) {
            int from = m.offset() + p * PACKET;
            assertThat(from + PACKET > start && from < end).as("%s packet %d (at %d) differs outside the stretch [%d, %d)", who, p, from, start, end)
                    .isTrue();
        }
        assertThat(mismatched.size()).as(who + " packets missing").isGreaterThanOrEqualTo((end - start) / PACKET - 1);
    }

    // ---------------------------------------------------------------- DTMF suppression

    @Test
    void theSuppressDtmfObligationSilencesTheEventOnBothChannelsAndKeepsNoDigit() throws Exception {
        RtpFixture dtmf = RtpFixture.load(RtpFixture.DTMF_PCMU);
        RtpFixture calleeFx = RtpFixture.load(RtpFixture.CALLEE_PCMU);
        Sipp uas = RecordedMedia.pcapCallee(calleeFx, dir);
        try (RecordingHarness gw = new RecordingHarness(dir, uas.port, RECORDING);
             TestUa caller = TestUa.caller(gw.port());
             RtpSender phone = RtpSender.bind(0)) {
            TestUa.Message ok = caller.invite("500", "X-Queue: payments\r\n", TestUa.sdp(phone.localPort(), "sendrecv", 0, 101));
            assertThat(ok.status()).as(ok.startLine()).isEqualTo(200);
            RecordedMedia.awaitRecordingStarted(gw);
            List<RtpPacket> packets = dtmf.pcap().packets(); // one per 20 ms slot, the digit's events in slots 70..81
            assertThat(packets).hasSize((int) dtmf.fact("packets"));
            phone.send(packets, ok.rtpTarget(), RtpSender.Schedule.paced());
            assertThat(caller.bye().status()).isEqualTo(200);
            assertThat(uas.await()).as(uas.output()).isZero();

            RecordedMedia rec = RecordedMedia.only(gw, "acme");
            short[] ref = dtmf.pcap().audioSamplesOnTimeline(); // zeros where the events replaced audio
            SampleAlignment.Match m = RecordedMedia.locate(ref, rec.left(), "caller");
            long firstTs = dtmf.fact("first_ts");
            int eventStart = m.offset() + (int) (dtmf.fact("event_ts") - firstTs);
            int eventEnd = eventStart + (int) dtmf.fact("event_duration");
            int guard = RATE * 40 / 1000; // the recorder's default guard for tone onset and echo tails
            int maskStart = eventStart - guard;
            int maskEnd = eventEnd + guard;

            // Silence on both channels around the event: no in-band digit, no echo of it on the agent's side.
            assertThat(RecordedMedia.silent(rec.left(), maskStart, maskEnd)).as("caller silent around the digit").isTrue();
            assertThat(RecordedMedia.silent(rec.right(), maskStart, maskEnd)).as("agent silent around the digit").isTrue();
            // The tone before and after is intact: only the caller's packets inside the suppressed stretch differ.
            List<Integer> mismatched = SampleAlignment.mismatchedPackets(ref, rec.left(), m.offset(), PACKET);
            for (int p : mismatched) {
                int from = m.offset() + p * PACKET;
                assertThat(from + PACKET > maskStart && from < maskEnd).as("caller packet %d differs outside the DTMF stretch", p).isTrue();
            }
            assertTones(rec, maskStart - WINDOW - PACKET, true, true, "before the digit");
            assertTones(rec, maskEnd + PACKET, true, true, "after the digit");
            short[] calleeRef = calleeFx.pcap().audioSamples();
            SampleAlignment.Match r = RecordedMedia.locate(calleeRef, rec.right(), "callee");
            for (int p : SampleAlignment.mismatchedPackets(calleeRef, rec.right(), r.offset(), PACKET)) {
                int from = r.offset() + p * PACKET;
                boolean inMask = from + PACKET > maskStart && from < maskEnd;
                boolean inRecording = from >= 0 && from + PACKET <= rec.frames();
                assertThat(inMask || !inRecording).as("callee packet %d differs outside the DTMF stretch", p).isTrue();
            }

            // Counted, not kept.
            assertThat(rec.count("caller", "events")).as("telephone-event packets").isEqualTo(dtmf.fact("event_packets"));
            assertThat(rec.count("caller", "lost") + rec.count("caller", "late")).isZero();
            assertThat(rec.count("caller", "suppressed")).as("caller audio packets in the 40 ms onset guard").isEqualTo(2);
            assertThat(rec.count("agent", "suppressed")).as("agent packets inside the suppressed stretch").isGreaterThanOrEqualTo(10);
            assertThat(gw.counter("recording.dtmf.events")).isGreaterThan(0);
            for (RtpPacket p : packets) {
                if (p.payloadType() == dtmf.fact("event_pt")) {
                    assertThat(RecordedMedia.containsBytes(rec.plaintext(), p.payload())).as("event payload in the recording").isFalse();
                }
            }
            for (int at = 0; at + PACKET <= rec.frames(); at += PACKET) {
                for (short[] ch : new short[][] {rec.left(), rec.right()}) {
                    boolean low = Goertzel.energyFraction(ch, RATE, at, PACKET, 770) > 0.2; // '5' is 770 + 1336 Hz
                    boolean high = Goertzel.energyFraction(ch, RATE, at, PACKET, 1336) > 0.2;
                    assertThat(low && high).as("in-band DTMF at %d", at).isFalse();
                }
            }
            String audit = gw.auditText("acme");
            assertThat(audit).contains("recording.started");
            String digit = Pattern.quote(dtmf.text("event_digit"));
            assertThat(audit).as("no digit as an audit field").doesNotContainPattern(
                    "(?i)\"[a-z]*(digit|dtmf|event|code|key|tone)[a-z]*\"\\s*:\\s*\"?" + digit + "\\b");
            assertThat(audit).doesNotContainIgnoringCase("\"digit\"");
        } finally {
            uas.kill();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static MediaDescription audio(TestUa.Message m) {
        return m.sdp().media().get(0);
    }

    /** Sends on a thread of its own (not the common pool, which has one thread on two cores). */
    static CompletableFuture<RtpSender.Sent> sendAsync(RtpSender phone, List<RtpPacket> packets, InetSocketAddress to) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return phone.send(packets, to, RtpSender.Schedule.paced());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "test-phone");
            t.setDaemon(true);
            t.start();
        });
    }

    /** Whether each side holds its tone (1000 Hz caller left, 1400 Hz callee right) or is silent, in a window from {@code at}. */
    private static void assertTones(RecordedMedia rec, int at, boolean callerHeard, boolean calleeHeard, String when) {
        assertThat(at).as(when + ": window inside the recording").isBetween(0, (int) rec.frames() - WINDOW);
        if (callerHeard) {
            assertThat(Goertzel.contains(rec.left(), RATE, at, WINDOW, 1000, 1400)).as(when + ": caller's tone").isTrue();
        } else {
            assertThat(RecordedMedia.silent(rec.left(), at, at + WINDOW)).as(when + ": caller silent").isTrue();
        }
        if (calleeHeard) {
            assertThat(Goertzel.contains(rec.right(), RATE, at, WINDOW, 1400, 1000)).as(when + ": callee's tone").isTrue();
        } else {
            assertThat(RecordedMedia.silent(rec.right(), at, at + WINDOW)).as(when + ": callee silent").isTrue();
        }
    }
}
