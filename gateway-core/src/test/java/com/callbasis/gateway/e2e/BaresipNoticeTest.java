package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.media.testing.Goertzel;
import com.callbasis.gateway.media.testing.WavFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notice (issue 13) over SDES-SRTP to a real client: baresip ({@code mediaenc=srtp-mand}, PCMU)
 * calls a baresip callee through the gateway, route tenant {@code acme}, whose policy
 * ({@link NoticeCalls}) plays the notice of 0.5 s at 400 Hz then 0.5 s at 900 Hz. The caller's
 * baresip dumps what it decoded, i.e. what it heard after decrypting the gateway's SRTP, to a WAV
 * file (its {@code sndfile} audio filter): the notice's two tones must be there, in order, and the
 * callee's 1400 Hz only after them.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BaresipNoticeTest {
    private static final int RATE = 8000;
    private static final double CALLER_HZ = 1000;
    private static final double CALLEE_HZ = 1400;
    private static final double[] CANDIDATES = {400, 900, CALLEE_HZ};
    /** {@code CALL_MENC} param of baresip 1.0.0: event 0 (secure), stream, SRTP suite (RFC 4568 s.6.2). */
    private static final Pattern SECURE_AUDIO = Pattern.compile("0,audio,AES_CM_128_HMAC_SHA1_(80|32)");
    private static final Pattern RECEIVED_PACKETS = Pattern.compile("rcvd=(\\d+)");
    private static final String JITTER_TOLERANT = "recording: {reorderDepth: 300ms}";

    @TempDir
    Path dir;

    @Test
    void baresipHearsTheNoticeOverSrtpBeforeTheAgent() throws Exception {
        Path callerTone = BaresipSrtpTest.tone(dir.resolve("caller-1000hz.wav"), CALLER_HZ);
        Path calleeTone = BaresipSrtpTest.tone(dir.resolve("callee-1400hz.wav"), CALLEE_HZ);
        Path heard = Files.createDirectories(dir.resolve("heard"));
        Baresip callee = null;
        Baresip caller = null;
        try {
            callee = Baresip.start(dir, "callee", "100", calleeTone, true);
            try (RecordingHarness gw = NoticeCalls.harness(dir, callee.sipPort, JITTER_TOLERANT)) {
                caller = Baresip.start(dir, "caller", "alice", callerTone, false,
                        "module\t\t\tsndfile.so\nsnd_path\t\t" + heard.toAbsolutePath() + "\n");
                caller.command("dial", "sip:100@127.0.0.1:" + gw.port());
                await(caller, "CALL_ESTABLISHED", 10_000, callee);
                assertThat(await(caller, "CALL_MENC", 5_000, callee).param()).matches(SECURE_AUDIO);
                await(caller, "CALL_RTPESTAB", 5_000, callee);

                // The notice is played, audited, and followed by the recording and the agent's audio.
                String audit = NoticeTest.awaitAudit(gw, "acme", "notice.played");
                assertThat(audit).contains("tone-notice");
                RecordedMedia.awaitRecordingStarted(gw);
                assertThat(gw.counter("prompt.frames", "result", "sent") + gw.counter("prompt.frames", "result", "late"))
                        .as("notice frames the gateway sent").isGreaterThanOrEqualTo(NoticeCalls.NOTICE_FRAMES);
                assertThat(gw.counter("prompt.frames", "result", "sent")).as("of which on time").isPositive();
                assertThat(gw.counter("prompt.frames", "result", "send_failed")).as("SRTP protected every frame").isZero();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < end) {
                    Thread.sleep(50); // the agent talks for a while after the notice
                }
                String debug = caller.command("audio_debug", "");
                assertThat(debug).contains("menc: srtp-mand (secure=yes)");
                // RTCP members: the gateway's prompt stream (its own SSRC) and the agent's stream relayed
                List<Integer> received = new java.util.ArrayList<>();
                Matcher rcvd = RECEIVED_PACKETS.matcher(debug);
                while (rcvd.find()) {
                    received.add(Integer.parseInt(rcvd.group(1)));
                }
                assertThat(received).as("RTP packets baresip received and decrypted, per source: the whole notice in one; " + debug)
                        .contains(NoticeCalls.NOTICE_FRAMES);
                assertThat(received.stream().mapToInt(Integer::intValue).sum()).as(debug).isGreaterThan(NoticeCalls.NOTICE_FRAMES + 50);
                assertThat(caller.log()).doesNotContain("failed to decrypt");
                caller.command("hangup", "");
                await(caller, "CALL_CLOSED", 5_000, callee);
                await(callee, "CALL_CLOSED", 5_000, caller);
            }
            caller.close(); // flushes and closes the dump
            short[] pcm = decodedAudio(heard, caller);
            assertHeardNoticeThenAgent(pcm);
        } finally {
            if (caller != null) {
                caller.close();
            }
            if (callee != null) {
                callee.close();
            }
        }
    }

    /** What baresip decoded: its sndfile dump {@code dump-<time>-dec.wav}, 8 kHz mono for PCMU. */
    private static short[] decodedAudio(Path heard, Baresip caller) throws Exception {
        List<Path> dumps;
        try (Stream<Path> files = Files.list(heard)) {
            dumps = files.filter(f -> f.getFileName().toString().endsWith("-dec.wav")).toList();
        }
        assertThat(dumps).as("baresip's dump of what it heard; log:\n" + caller.tail()).hasSize(1);
        WavFile wav = WavFile.read(dumps.get(0));
        assertThat(wav.sampleRate()).isEqualTo(RATE);
        return wav.channel(0);
    }

    /**
     * The dump in 100 ms windows, each classified by the candidate tone it clearly holds (Goertzel:
     * half its energy and 20 dB over the others; 800 samples hold whole cycles of 400, 900 and 1400 Hz):
     * the notice's halves come first, 400 Hz then 900 Hz, about half a second each, and the agent's
     * 1400 Hz only after the last of them.
     */
    private static void assertHeardNoticeThenAgent(short[] pcm) {
        int window = RATE / 10;
        StringBuilder seen = new StringBuilder();
        int low = 0;
        int high = 0;
        int firstLow = -1;
        int lastLow = -1;
        int firstHigh = -1;
        int lastHigh = -1;
        int firstAgent = -1;
        for (int w = 0; (w + 1) * window <= pcm.length; w++) {
            double tone = 0;
            for (double hz : CANDIDATES) {
                if (Goertzel.contains(pcm, RATE, w * window, window, hz, others(hz))) {
                    tone = hz;
                }
            }
            seen.append(tone == 0 ? "." : tone == 400 ? "L" : tone == 900 ? "H" : "A");
            if (tone == 400) {
                low++;
                firstLow = firstLow < 0 ? w : firstLow;
                lastLow = w;
            } else if (tone == 900) {
                high++;
                firstHigh = firstHigh < 0 ? w : firstHigh;
                lastHigh = w;
            } else if (tone == CALLEE_HZ && firstAgent < 0) {
                firstAgent = w;
            }
        }
        String what = "100 ms windows of what baresip heard (L 400 Hz, H 900 Hz, A the agent's 1400 Hz): " + seen;
        // 5 windows per half; the edges straddle a change of tone or a jitter-buffer gap, so allow one or two less
        assertThat(low).as(what).isBetween(3, 6);
        assertThat(high).as(what).isBetween(3, 6);
        assertThat(lastLow).as("400 Hz before 900 Hz; " + what).isLessThan(firstHigh);
        assertThat(lastLow - firstLow).as("the 400 Hz half in one piece; " + what).isLessThanOrEqualTo(5);
        assertThat(lastHigh - firstHigh).as("the 900 Hz half in one piece; " + what).isLessThanOrEqualTo(5);
        assertThat(firstAgent).as("the agent is heard; " + what).isPositive();
        assertThat(firstAgent).as("the agent only after the whole notice; " + what).isGreaterThan(lastHigh);
    }

    private static double[] others(double hz) {
        return java.util.Arrays.stream(CANDIDATES).filter(c -> c != hz).toArray();
    }

    private static Baresip.Event await(Baresip b, String type, long millis, Baresip other) throws InterruptedException {
        return b.awaitEvent(type, millis).orElseThrow(() -> new AssertionError("no " + type + " from " + b + " within " + millis
                + " ms; events " + b.events() + "\n--- " + b.name + " log:\n" + b.tail() + "\n--- " + other.name + " log:\n" + other.tail()));
    }
}
