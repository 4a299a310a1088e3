package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.Transport;
import com.callbasis.gateway.media.testing.Goertzel;
import com.callbasis.gateway.media.testing.RtpFixture;
import com.callbasis.gateway.media.testing.SampleAlignment;
import com.callbasis.gateway.media.testing.WavFile;
import com.callbasis.store.db.RecordingRow;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real calls with real RTP through the gateway: a SIPp caller plays a 1000 Hz G.711 tone, a SIPp
 * callee a 1400 Hz one (fixtures from scripts/make-rtp-fixtures), and the decrypted recording must hold
 * the caller's tone on the left channel and the callee's on the right, sample for sample.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RecordedCallTest {
    private static final int RATE = 8000;
    /**
     * SIPp's pcap player and a loaded 2-core test machine jitter by well over the default 60 ms; the
     * test is about placement and exactness, so the recorder may wait longer for late packets.
     */
    static final String JITTER_TOLERANT = "recording: {reorderDepth: 300ms}";

    @TempDir
    Path dir;

    @Test
    void recordsBothSidesSampleExactInStereo() throws Exception {
        assertRecordedCall(RtpFixture.CALLER_PCMU, RtpFixture.CALLEE_PCMU);
    }

    @Test
    void recordsPcmaCalls() throws Exception {
        assertRecordedCall(RtpFixture.CALLER_PCMA, RtpFixture.CALLEE_PCMA);
    }

    private void assertRecordedCall(String callerFixture, String calleeFixture) throws Exception {
        RtpFixture caller = RtpFixture.load(callerFixture);
        RtpFixture callee = RtpFixture.load(calleeFixture);
        Sipp uas = RecordedMedia.pcapCallee(callee, dir);
        try (RecordingHarness gw = new RecordingHarness(dir, uas.port, JITTER_TOLERANT)) {
            long t0 = System.nanoTime();
            Sipp uac = RecordedMedia.pcapCaller(caller, gw.port(), "100", dir);
            assertThat(uac.await()).as(uac.output()).isZero();
            long callMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(uas.await()).as(uas.output()).isZero();

            List<RecordingRow> rows = gw.awaitSealed("acme", 1, 10_000);
            assertThat(rows).hasSize(1);
            RecordingRow row = rows.get(0);
            WavFile wav = WavFile.parse(gw.plaintext(row.id()));
            assertThat(wav.sampleRate()).isEqualTo(RATE);
            assertThat(wav.channelCount()).isEqualTo(2);
            short[] left = wav.channel(0);
            short[] right = wav.channel(1);

            // Length: from the answer to the BYE, i.e. the call as SIPp timed it, less set-up.
            long recordedMillis = wav.frames() * 1000L / RATE;
            assertThat(recordedMillis).isBetween(5_000L, callMillis + 200);

            // Tones on the right sides.
            double[] tones = {1000, 1400};
            int mid = left.length / 2;
            assertThat(Goertzel.dominantTone(left, RATE, mid - 800, 1600, tones)).isEqualTo(1000);
            assertThat(Goertzel.dominantTone(right, RATE, mid - 800, 1600, tones)).isEqualTo(1400);
            assertThat(Goertzel.contains(left, RATE, mid - 800, 1600, 1000, 1400)).isTrue();
            assertThat(Goertzel.contains(right, RATE, mid - 800, 1600, 1400, 1000)).isTrue();

            // G.711 decodes exactly: every sample sent is in the recording, in order, on its side.
            short[] sentByCaller = caller.pcap().audioSamples();
            short[] sentByCallee = callee.pcap().audioSamples();
            SampleAlignment.Match l = SampleAlignment.find(sentByCaller, left).orElseThrow();
            SampleAlignment.Match r = SampleAlignment.find(sentByCallee, right).orElseThrow();
            String quality = gw.store.quality(row.id()).map(q -> q.json()).orElse("none");
            assertThat(l.matching()).as(quality + " offset " + l.offset() + "; caller samples matching exactly; packets differing: "
                    + SampleAlignment.mismatchedPackets(sentByCaller, left, l.offset(), 160)).isGreaterThanOrEqualTo(sentByCaller.length * 99 / 100);
            assertThat(r.matching()).as("callee samples matching exactly; packets differing: "
                    + SampleAlignment.mismatchedPackets(sentByCallee, right, r.offset(), 160)).isGreaterThanOrEqualTo(sentByCallee.length * 99 / 100);

            // Completeness is stored with the recording; nothing was lost on loopback.
            String drops = gw.registry.find("media.packets.dropped").counters().stream()
                    .map(c -> c.getId().getTag("reason") + "=" + c.count()).toList().toString();
            assertThat(gw.store.quality(row.id())).hasValueSatisfying(q -> {
                assertThat(q.flagged()).isFalse();
                assertThat(q.json()).as(drops).containsPattern("\"caller\":\\{\"expected\":(250|249),\"received\":(250|249),\"lost\":0,\"late\":0");
                assertThat(q.json()).as(drops).containsPattern("\"agent\":\\{\"expected\":(250|249),\"received\":(250|249),\"lost\":0,\"late\":0");
            });
            String audit = gw.auditText("acme");
            assertThat(audit).contains("decision.made", "recording.started", "recording.sealed");
            assertThat(gw.counter("recording.sealed", "flagged", "false")).isEqualTo(1);
        } finally {
            uas.kill();
        }
    }

    @Test
    void aCallThePolicyDoesNotRecordFlowsButLeavesOnlyItsDecision() throws Exception {
        RtpFixture caller = RtpFixture.load(RtpFixture.CALLER_PCMU);
        RtpFixture callee = RtpFixture.load(RtpFixture.CALLEE_PCMU);
        Sipp uas = RecordedMedia.pcapCallee(callee, dir);
        try (RecordingHarness gw = new RecordingHarness(dir, uas.port, "")) {
            Sipp uac = RecordedMedia.pcapCaller(caller, gw.port(), "quiet100", dir);
            assertThat(uac.await()).as(uac.output()).isZero();
            assertThat(uas.await()).as(uas.output()).isZero();
            Thread.sleep(300); // the decision is logged on a storage thread
            assertThat(gw.store.list("quiet")).isEmpty();
            String audit = gw.auditText("quiet");
            assertThat(audit).contains("decision.made", "DO_NOT_RECORD").doesNotContain("recording.started");
            assertThat(gw.counter("recording.decisions", "outcome", "do_not_record")).isEqualTo(1);
            assertThat(gw.server.media().portsInUse()).isZero();
        } finally {
            uas.kill();
        }
    }

    @Test
    void aRecordCallThatIsNeverAnsweredSaysWhyInTheAuditLog() throws Exception {
        Sipp uas = Sipp.uas("uas-busy", Transport.UDP, 1, dir);
        RecordedMedia.awaitUdpListener(uas.port);
        try (RecordingHarness gw = new RecordingHarness(dir, uas.port, "")) {
            Sipp uac = Sipp.uac("uac-expect-486", Transport.UDP, gw.port(), 1, 1, dir);
            assertThat(uac.await()).as(uac.output()).isZero();
            assertThat(uas.await()).as(uas.output()).isZero();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (gw.counter("recording.not_started", "reason", "not_answered") < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(gw.counter("recording.decisions", "outcome", "record")).isEqualTo(1);
            assertThat(gw.counter("recording.not_started", "reason", "not_answered")).isEqualTo(1);
            String audit = gw.auditText("acme"); // appended on a storage thread, just after the counter
            while (!audit.contains("recording.not-started") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                audit = gw.auditText("acme");
            }
            assertThat(audit).contains("recording.not-started", "not_answered").doesNotContain("recording.started");
            assertThat(gw.store.list("acme")).isEmpty();
        } finally {
            uas.kill();
        }
    }
}
