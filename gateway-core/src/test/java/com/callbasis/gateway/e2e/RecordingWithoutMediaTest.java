package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 4: recordings started at the 200 OK and padded silence until the call ended, so a
 * flood of answered calls that never carried audio left gigabytes of empty recordings. A recording is
 * now created by the call's first RTP packet; a call without any leaves only a
 * {@code recording.not-started} event ({@code no_media}). Calls with audio are recorded as before
 * ({@link RecordedCallTest}). Scripted SIP peers over real UDP; no RTP is sent at all.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordingWithoutMediaTest {
    private static final long WAIT_MILLIS = 5_000;
    /** Where the callee says it receives RTP; nobody sends there. */
    private static final int SILENT_PHONE = 50_000;

    @TempDir
    Path dir;

    @Test
    void anAnsweredCallWithoutAudioIsNotStoredAsSilence() throws Exception {
        try (TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, SILENT_PHONE));
             RecordingHarness gw = new RecordingHarness(dir, callee.port(), "");
             TestUa caller = TestUa.caller(gw.port())) {
            assertThat(caller.invite("100", "", TestUa.sdp(SILENT_PHONE + 2, "sendrecv", 0)).status()).isEqualTo(200);
            assertThat(gw.gate.activeRecordings()).as("armed at the answer").isEqualTo(1);
            assertThat(caller.bye().status()).isEqualTo(200);

            assertThat(await(() -> gw.counter("recording.not_started", "reason", "no_media"), 1)).isEqualTo(1);
            assertThat(gw.gate.activeRecordings()).isZero();
            String audit = awaitAudit(gw, "no_media", "decision.made"); // appended on storage threads, in either order
            assertThat(audit).contains("decision.made", "recording.not-started", "no_media").doesNotContain("recording.started");
            assertThat(gw.store.list("acme")).as("nothing stored").isEmpty();
            assertThat(gw.counter("recording.started")).isZero();
        }
    }

    @Test
    void recordingsOfOneSourceAreBoundedAndTheSlotComesBackAtCallEnd() throws Exception {
        try (TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, SILENT_PHONE));
             RecordingHarness gw = new RecordingHarness(dir, callee.port(), "recording: {maxActivePerSource: 1}");
             TestUa first = TestUa.caller(gw.port());
             TestUa second = TestUa.caller(gw.port())) {
            assertThat(first.invite("100", "", TestUa.sdp(SILENT_PHONE + 2, "sendrecv", 0)).status()).isEqualTo(200);
            // Same source address (127.0.0.1): the call goes through, unrecorded, and says why.
            assertThat(second.invite("101", "", TestUa.sdp(SILENT_PHONE + 4, "sendrecv", 0)).status()).isEqualTo(200);
            assertThat(gw.counter("recording.not_started", "reason", "source_limit")).isEqualTo(1);
            assertThat(gw.gate.activeRecordings()).isEqualTo(1);
            assertThat(second.bye().status()).isEqualTo(200);
            assertThat(first.bye().status()).isEqualTo(200);
            assertThat(await(() -> gw.counter("recording.not_started", "reason", "no_media"), 1)).isEqualTo(1);

            assertThat(second.invite("102", "", TestUa.sdp(SILENT_PHONE + 4, "sendrecv", 0)).status()).isEqualTo(200);
            assertThat(gw.gate.activeRecordings()).as("the source's slot is free again").isEqualTo(1);
            assertThat(second.bye().status()).isEqualTo(200);
            assertThat(gw.counter("recording.not_started", "reason", "source_limit")).isEqualTo(1);
            assertThat(awaitAudit(gw, "source_limit")).contains("recording.not-started", "source_limit");
        }
    }

    /** Polls {@code value} until it reaches {@code atLeast} or the wait ends; returns the last value. */
    private static double await(DoubleSupplier value, double atLeast) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        double v = value.getAsDouble();
        while (v < atLeast && System.nanoTime() < end) {
            Thread.sleep(20);
            v = value.getAsDouble();
        }
        return v;
    }

    /** The tenant's audit text once it holds every {@code text} (appended on storage threads), or as it is after the wait. */
    private static String awaitAudit(RecordingHarness gw, String... texts) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        String audit = gw.auditText("acme");
        while (!java.util.Arrays.stream(texts).allMatch(audit::contains) && System.nanoTime() < end) {
            Thread.sleep(50);
            audit = gw.auditText("acme");
        }
        return audit;
    }
}
