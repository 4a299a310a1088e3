package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.media.testing.Goertzel;
import com.callbasis.gateway.media.testing.WavFile;
import com.callbasis.store.db.RecordingRow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real SRTP clients (Debian's baresip, SDES keys per RFC 4568, {@code mediaenc=srtp-mand}) call
 * each other through the gateway. The gateway terminates SRTP on each leg: each baresip must be
 * offered (or answered) RTP/SAVP with keys the gateway made, never the other baresip's; both must
 * report a secure media session and decrypt what the gateway re-encrypted for them, RTP and SRTCP;
 * and the sealed recording must hold the caller's 1000 Hz tone on the left and the callee's 1400 Hz
 * tone on the right, which it can only if the gateway decrypted the SRTP before recording.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BaresipSrtpTest {
    private static final int RATE = 8000;
    private static final double CALLER_HZ = 1000;
    private static final double CALLEE_HZ = 1400;
    /** {@code CALL_MENC} param of baresip 1.0.0: event 0 (secure), stream, SRTP suite (RFC 4568 s.6.2). */
    private static final Pattern SECURE_AUDIO = Pattern.compile("0,audio,AES_CM_128_HMAC_SHA1_(80|32)");
    /** A loaded 2-core test machine jitters by more than the recorder's default 60 ms wait for late packets. */
    private static final String JITTER_TOLERANT = "recording: {reorderDepth: 300ms}";
    private static final Pattern RECEIVED_PACKETS = Pattern.compile("rcvd=(\\d+)");

    /** Share of a 200 ms window's energy a clean tone has after G.711 (measured: 0.99 and more). */
    private static final double CLEAN_TONE = 0.9;

    @TempDir
    Path dir;

    @Test
    void srtpCallBetweenTwoBaresipsIsDecryptedRecordedAndReEncryptedPerLeg() throws Exception {
        // No SrtpTransform.preload() here (issue 12, item 14): the gateway warms SRTP up itself before
        // its listeners open, so the first SRTP call after a start is the one measured.
        Path callerTone = tone(dir.resolve("caller-1000hz.wav"), CALLER_HZ);
        Path calleeTone = tone(dir.resolve("callee-1400hz.wav"), CALLEE_HZ);
        Baresip callee = null;
        Baresip caller = null;
        try {
            callee = Baresip.start(dir, "callee", "100", calleeTone, true);
            try (RecordingHarness gw = new RecordingHarness(dir, callee.sipPort, JITTER_TOLERANT)) {
                caller = Baresip.start(dir, "caller", "alice", callerTone, false);
                long dialedAt = System.nanoTime();
                caller.command("dial", "sip:100@127.0.0.1:" + gw.port());

                // 1. The call is set up, and both baresips report SRTP on the audio stream.
                Baresip.Event established = await(caller, "CALL_ESTABLISHED", 10_000, callee);
                long establishedAt = System.nanoTime();
                await(callee, "CALL_ESTABLISHED", 5_000, caller);
                assertThat(await(caller, "CALL_MENC", 2_000, callee).param()).as(established.json()).matches(SECURE_AUDIO);
                assertThat(await(callee, "CALL_MENC", 2_000, caller).param()).matches(SECURE_AUDIO);

                // Media flows both ways: each baresip receives (i.e. decrypts) RTP and SRTCP the gateway
                // re-encrypted for it (CALL_RTCP is raised for a received, authenticated RTCP packet).
                await(caller, "CALL_RTPESTAB", 5_000, callee);
                await(callee, "CALL_RTPESTAB", 5_000, caller);
                await(caller, "CALL_RTCP", 15_000, callee);
                await(callee, "CALL_RTCP", 15_000, caller);
                long end = establishedAt + TimeUnit.SECONDS.toNanos(3);
                while (System.nanoTime() < end) {
                    Thread.sleep(50); // the call lasts about 3 s, for the recording
                }
                assertThat(gw.counter("media.packets.relayed", "kind", "rtp")).isGreaterThan(200);
                assertThat(gw.counter("media.packets.relayed", "kind", "rtcp")).isGreaterThanOrEqualTo(2);
                // baresip 1.0.0 (libre 1.1.0) sends one RTCP APP "PING" packet in the clear when its RTCP
                // starts, before its SRTP context is installed (16 bytes; the SRTCP copy follows at once).
                // The gateway must drop it (RFC 3711 s.3.4: authentication fails) when it already has
                // that leg's keys: at most one per baresip. Any failure of real traffic would be far
                // more, and would show in the baresips' logs and the recording below.
                assertThat(gw.counter("media.packets.dropped", "reason", "srtp_auth")).as(drops(gw)).isLessThanOrEqualTo(2);
                for (Baresip b : List.of(caller, callee)) {
                    String debug = b.command("audio_debug", "");
                    assertThat(debug).as(b.name).contains("menc: srtp-mand (secure=yes)");
                    Matcher rcvd = RECEIVED_PACKETS.matcher(debug);
                    assertThat(rcvd.find()).as(debug).isTrue();
                    assertThat(Integer.parseInt(rcvd.group(1))).as(b.name + " RTP packets received and decrypted; " + debug)
                            .isGreaterThan(100);
                    assertThat(b.log()).as(b.name).doesNotContain("failed to decrypt", "failed to encrypt");
                }

                // 3. The caller hangs up; the call ends cleanly on both sides and in the gateway.
                caller.command("hangup", "");
                long hungUpAt = System.nanoTime();
                await(caller, "CALL_CLOSED", 5_000, callee);
                await(callee, "CALL_CLOSED", 5_000, caller);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while ((gw.server.activeCalls() > 0 || gw.server.media().portsInUse() > 0) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(gw.server.activeCalls()).isZero();
                assertThat(gw.server.media().portsInUse()).isZero();

                // 1. (cont.) The SIP each baresip saw: RTP/SAVP both ways, each leg with its own keys.
                Baresip.SipTrace offerSent = first(caller.sent(), m -> m.startLine().startsWith("INVITE ") && m.hasSdp(), caller);
                Baresip.SipTrace offerReceived = first(callee.received(), m -> m.startLine().startsWith("INVITE ") && m.hasSdp(), callee);
                Baresip.SipTrace answerSent = first(callee.sent(), m -> m.startLine().startsWith("SIP/2.0 200") && m.hasSdp(), callee);
                Baresip.SipTrace answerReceived = first(caller.received(), m -> m.startLine().startsWith("SIP/2.0 200") && m.hasSdp(), caller);
                for (Baresip.SipTrace m : List.of(offerSent, offerReceived, answerSent, answerReceived)) {
                    assertThat(m.audioProto()).as(m.message()).isEqualTo("RTP/SAVP");
                    assertThat(m.cryptos()).as(m.message()).isNotEmpty();
                }
                assertThat(offerReceived.source()).as("the callee's offer came from the gateway").isEqualTo("127.0.0.1:" + gw.port());
                assertThat(answerReceived.source()).as("the caller's answer came from the gateway").isEqualTo("127.0.0.1:" + gw.port());
                assertThat(offerReceived.audioPort()).as("media anchored at the gateway").isNotEqualTo(offerSent.audioPort());
                assertThat(answerReceived.audioPort()).as("media anchored at the gateway").isNotEqualTo(answerSent.audioPort());
                assertThat(keys(offerReceived)).as("keys the gateway offered the callee").doesNotContainAnyElementsOf(keys(offerSent));
                assertThat(answerReceived.cryptos()).hasSize(1);
                assertThat(keys(answerReceived)).as("key the gateway answered the caller with").doesNotContainAnyElementsOf(keys(answerSent));
                // and no baresip ever saw the other's master key
                for (String k : keys(offerSent)) {
                    assertThat(callee.log()).doesNotContain(k);
                }
                for (String k : keys(answerSent)) {
                    assertThat(caller.log()).doesNotContain(k);
                }

                // 2. The recording: sealed, stereo, caller's tone left, callee's right, i.e. decrypted.
                List<RecordingRow> rows = gw.awaitSealed("acme", 1, 10_000);
                assertThat(rows).hasSize(1);
                RecordingRow row = rows.get(0);
                String quality = gw.store.quality(row.id()).map(q -> q.json()).orElse("none");
                WavFile wav = WavFile.parse(gw.plaintext(row.id()));
                assertThat(wav.sampleRate()).isEqualTo(RATE);
                assertThat(wav.channelCount()).isEqualTo(2);
                long recordedMillis = wav.frames() * 1000L / RATE;
                long callMillis = TimeUnit.NANOSECONDS.toMillis(hungUpAt - dialedAt);
                assertThat(recordedMillis).as(quality).isBetween(3_000L, callMillis + 1_000);
                // Every 200 ms window from where each side's audio starts to just before the hang-up holds
                // that side's tone and not the other's: the caller's on the left, the callee's on the
                // right, decoded from SRTP the gateway decrypted (ciphertext would decode to noise), and
                // laid out in order (audio written over other audio fails the energy test too).
                assertTone(wav.channel(0), CALLER_HZ, CALLEE_HZ, "left (caller); " + quality);
                assertTone(wav.channel(1), CALLEE_HZ, CALLER_HZ, "right (callee); " + quality);
                assertThat(quality).contains("\"caller\":{", "\"agent\":{");
                assertThat(gw.auditText("acme")).contains("decision.made", "recording.started", "recording.sealed");
                assertThat(gw.counter("recording.sealed", "flagged", "false")).as(quality).isEqualTo(1);
            }
        } finally {
            if (caller != null) {
                caller.close();
            }
            if (callee != null) {
                callee.close();
            }
        }
    }

    /**
     * Asserts that {@code x} holds {@code hz} (and not {@code other}) in every 200 ms window from the
     * first window with sound to the last full window before the final 200 ms, for at least 2 s.
     * 1600 samples hold whole cycles of both tones (Goertzel's window rule).
     */
    private static void assertTone(short[] x, double hz, double other, String what) {
        int window = RATE / 5;
        int from = 0;
        while (from + window <= x.length && silent(x, from, window)) {
            from += window;
        }
        from += window; // the first window with sound may be partly silent
        int windows = 0;
        for (; from + 2 * window <= x.length; from += window) {
            windows++;
            double fraction = Goertzel.energyFraction(x, RATE, from, window, hz);
            // a clean G.711 sine gives 0.99 or more; two copies of the tone written over each other give about 0.5
            assertThat(fraction).as("%s: share of %.0f Hz at %d ms", what, hz, from * 1000 / RATE).isGreaterThanOrEqualTo(CLEAN_TONE);
            assertThat(Goertzel.contains(x, RATE, from, window, hz, other)).as("%s: %.0f Hz at %d ms", what, hz, from * 1000 / RATE).isTrue();
        }
        assertThat(windows).as(what + ": 200 ms windows with the tone").isGreaterThanOrEqualTo(10);
    }

    private static boolean silent(short[] x, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (Math.abs(x[i]) > 64) {
                return false;
            }
        }
        return true;
    }

    /** The event, or a failure carrying both baresips' logs. */
    private static Baresip.Event await(Baresip b, String type, long millis, Baresip other) throws InterruptedException {
        return b.awaitEvent(type, millis).orElseThrow(() -> new AssertionError("no " + type + " from " + b + " within " + millis
                + " ms; events " + b.events() + "\n--- " + b.name + " log:\n" + b.tail() + "\n--- " + other.name + " log:\n" + other.tail()));
    }

    private static Baresip.SipTrace first(List<Baresip.SipTrace> messages, Predicate<Baresip.SipTrace> p, Baresip b) {
        return messages.stream().filter(p).findFirst()
                .orElseThrow(() -> new AssertionError("no such SIP message in " + b + "'s trace:\n" + b.tail()));
    }

    /** The base64 master key and salt of each {@code a=crypto} line (RFC 4568 s.6.1 {@code inline:}). */
    private static List<String> keys(Baresip.SipTrace m) {
        List<String> out = new ArrayList<>();
        for (String c : m.cryptos()) {
            Matcher k = Pattern.compile("inline:([A-Za-z0-9+/=]+)").matcher(c);
            assertThat(k.find()).as(c).isTrue();
            out.add(k.group(1));
        }
        return out;
    }

    private static String drops(RecordingHarness gw) {
        return gw.registry.find("media.packets.dropped").counters().stream()
                .map(c -> c.getId().getTag("reason") + "=" + c.count()).toList().toString();
    }

    /** Ten seconds of a sine at {@code hz}, 8 kHz 16-bit mono PCM WAV, for baresip's aufile source. */
    static Path tone(Path file, double hz) throws IOException {
        int frames = 10 * RATE;
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * frames).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * frames)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(2 * RATE).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * frames);
        for (int i = 0; i < frames; i++) {
            b.putShort((short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / RATE)));
        }
        return Files.write(file, b.array());
    }
}
