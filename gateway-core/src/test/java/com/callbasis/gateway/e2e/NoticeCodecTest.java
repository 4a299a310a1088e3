package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.media.testing.Goertzel;
import com.callbasis.gateway.media.testing.RtpPacket;
import com.callbasis.gateway.media.testing.RtpSender;
import com.callbasis.recorder.codec.Decoder;
import com.callbasis.recorder.codec.Decoders;
import com.callbasis.recorder.codec.G711;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notice (issue 13) in every codec the gateway prepares prompts in, and across renegotiation: the
 * caller ({@link TestUa} signalling, an {@link RtpSender} socket that keeps what it hears) offers one
 * codec and the callee answers it; what the caller receives is checked as RTP (one SSRC, consecutive
 * sequence numbers, the codec's timestamp step, the caller's own payload type, the marker on the
 * first frame) and as audio (PCMA byte for byte; G.722 and Opus decoded by the recorder's decoders
 * and checked for the notice's 400 Hz and 900 Hz halves). A re-INVITE during the notice restarts it
 * in what the caller now receives; a hold suspends it until the resume.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NoticeCodecTest {
    private static final String RECORDING = "recording: {reorderDepth: 300ms}";
    private static final int TELEPHONE_EVENT = 101;

    @TempDir
    Path dir;

    /** One codec as the test offers it: payload type, RTP timestamp step per 20 ms, frames of the 1 s notice. */
    private record Codec(String name, int payloadType, int timestampStep, int frames) {
    }

    private static final Codec PCMA = new Codec("PCMA", 8, 160, NoticeCalls.NOTICE_FRAMES);
    /** G.722: RTP clock 8000 (RFC 3551 s.4.5.2); one frame more, the encoder's delay padded (PromptTranscoder). */
    private static final Codec G722 = new Codec("G722", 9, 160, NoticeCalls.NOTICE_FRAMES + 1);
    /** Opus: RTP clock 48000 (RFC 7587 s.4.1); one frame more for the encoder's look-ahead. */
    private static final Codec OPUS = new Codec("opus", 111, 960, NoticeCalls.NOTICE_FRAMES + 1);

    @Test
    void theNoticeInPcmaIsG711ALawOfThePromptFrameByFrame() throws Exception {
        assertG711OfTheNotice(hearNotice(PCMA), false);
    }

    @Test
    void theNoticeInG722DecodesToBothTones() throws Exception {
        List<RtpPacket> prompt = hearNotice(G722);
        assertThat(prompt).allMatch(p -> p.payload().length == 160, "160 octets per 20 ms at 64 kbit/s");
        assertTones(decode(Decoders.g722(), prompt), Decoders.g722().sampleRate(), "G.722");
    }

    @Test
    void theNoticeInOpusDecodesToBothTones() throws Exception {
        assertThat(Decoders.opusAvailable()).as("libopus natives load here (the gateway offers Opus prompts only then)").isTrue();
        List<RtpPacket> prompt = hearNotice(OPUS);
        assertTones(decode(Decoders.opus(), prompt), Decoders.opus().sampleRate(), "Opus");
    }

    /**
     * A call whose caller offers only {@code codec} (and telephone-event) and whose callee answers it:
     * returns the notice as the caller received it, after checking its RTP and that the recording and
     * the audit follow it.
     */
    private List<RtpPacket> hearNotice(Codec codec) throws Exception {
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.sdp(calleePhone.localPort(), "sendrecv", codec.payloadType(), TELEPHONE_EVENT));
             RecordingHarness gw = NoticeCalls.harness(dir, callee.port(), RECORDING);
             TestUa caller = TestUa.caller(gw.port());
             RtpSender callerPhone = RtpSender.bind(0)) {
            TestUa.Message ok = caller.invite("200", "", TestUa.sdp(callerPhone.localPort(), "sendrecv", codec.payloadType(), TELEPHONE_EVENT));
            assertThat(ok.status()).as(ok.startLine()).isEqualTo(200);
            assertThat(callee.awaitRequests("INVITE", 1).get(0).body()).as("the callee is offered the caller's codec")
                    .contains("a=rtpmap:" + codec.payloadType() + " ");
            List<RtpPacket> heard = callerPhone.collect(got -> got.size() >= codec.frames(), 15_000);
            // nothing more of the prompt after its last frame (a little longer lets a surplus frame show)
            heard.addAll(callerPhone.collect(got -> false, 300));
            assertThat(heard).as("%s notice frames", codec.name()).hasSize(codec.frames());
            assertRtp(heard, codec);

            RecordedMedia.awaitRecordingStarted(gw);
            String audit = NoticeTest.awaitAudit(gw, "acme", "notice.played");
            assertThat(audit).contains("tone-notice");
            assertThat(gw.counter("prompt.frames", "result", "sent") + gw.counter("prompt.frames", "result", "late"))
                    .as("frames the gateway sent").isGreaterThanOrEqualTo(codec.frames());
            assertThat(caller.bye().status()).isEqualTo(200);
            return heard;
        }
    }

    /** One stream of the gateway's own: one SSRC, consecutive numbering, the codec's clock, the caller's payload type. */
    private static void assertRtp(List<RtpPacket> prompt, Codec codec) {
        RtpPacket first = prompt.get(0);
        for (int i = 0; i < prompt.size(); i++) {
            RtpPacket p = prompt.get(i);
            assertThat(p.ssrc()).as("frame %d: one SSRC", i).isEqualTo(first.ssrc());
            assertThat(p.payloadType()).as("frame %d: the caller's payload type for %s", i, codec.name()).isEqualTo(codec.payloadType());
            assertThat(p.marker()).as("frame %d: marker only on the first", i).isEqualTo(i == 0);
            assertThat(p.seq()).as("frame %d: sequence number", i).isEqualTo((first.seq() + i) & 0xFFFF);
            assertThat(p.timestamp()).as("frame %d: timestamp", i).isEqualTo((first.timestamp() + (long) codec.timestampStep() * i) & 0xFFFFFFFFL);
        }
    }

    /** Frame {@code i} is G.711 (u-law or A-law) of the notice's samples {@code 160 i} on: the whole prompt from its beginning. */
    private static void assertG711OfTheNotice(List<RtpPacket> prompt, boolean ulaw) {
        for (int i = 0; i < prompt.size(); i++) {
            byte[] expected = new byte[160];
            for (int j = 0; j < 160; j++) {
                short x = NoticeCalls.NOTICE[160 * i + j];
                expected[j] = ulaw ? G711.linearToUlaw(x) : G711.linearToAlaw(x);
            }
            assertThat(prompt.get(i).payload()).as("frame %d is %s of the prompt", i, ulaw ? "u-law" : "A-law").isEqualTo(expected);
        }
    }

    /** The packets' audio, decoded in order by one fresh instance of {@code prototype}. */
    private static short[] decode(Decoder prototype, List<RtpPacket> packets) {
        Decoder d = prototype.newInstance();
        try {
            short[] out = new short[0];
            int n = 0;
            for (RtpPacket p : packets) {
                byte[] payload = p.payload();
                int samples = d.samples(payload, 0, payload.length);
                if (n + samples > out.length) {
                    out = Arrays.copyOf(out, Math.max(2 * out.length, n + samples));
                }
                n += d.decode(payload, 0, payload.length, out, n);
            }
            return Arrays.copyOf(out, n);
        } finally {
            d.close();
        }
    }

    /**
     * The notice's two halves in decoded audio at {@code rate}: 400 Hz (and not 900) in a 200 ms window
     * inside the first half second, 900 Hz (and not 400) inside the second. 200 ms hold whole cycles of
     * both tones at 8, 16 and 48 kHz (Goertzel's window rule); the windows keep 100 ms from each edge,
     * far more than any codec delay.
     */
    private static void assertTones(short[] pcm, int rate, String what) {
        int window = rate / 5;
        assertThat(pcm.length).as("%s: samples decoded", what).isGreaterThanOrEqualTo(rate);
        assertThat(Goertzel.contains(pcm, rate, rate / 10, window, 400, 900)).as("%s: 400 Hz in the first half", what).isTrue();
        assertThat(Goertzel.contains(pcm, rate, rate * 6 / 10, window, 900, 400)).as("%s: 900 Hz in the second half", what).isTrue();
        assertThat(Goertzel.dominantTone(pcm, rate, rate / 10, window, new double[] {400, 900})).isEqualTo(400);
        assertThat(Goertzel.dominantTone(pcm, rate, rate * 6 / 10, window, new double[] {400, 900})).isEqualTo(900);
    }

    // ------------------------------------------------------------------ renegotiation during the notice

    @Test
    void aCodecChangeDuringTheNoticeRestartsItWholeInTheNewCodec() throws Exception {
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = NoticeCalls.harness(dir, callee.port(), RECORDING);
             TestUa caller = TestUa.caller(gw.port());
             RtpSender callerPhone = RtpSender.bind(0)) {
            TestUa.Message ok = caller.invite("200", "", TestUa.sdp(callerPhone.localPort(), "sendrecv", 0, TELEPHONE_EVENT));
            assertThat(ok.status()).isEqualTo(200);
            List<RtpPacket> heard = callerPhone.collect(got -> got.size() >= 15, 10_000);
            assertThat(heard).as("PCMU notice frames before the re-INVITE").hasSize(15);

            // The ACK comes 150 ms after the 200, as over a slow path: the notice restarts at the 200 (when the
            // new codec is settled), once; restarting again at the ACK would send a few PCMA frames in a stream
            // of their own and then the notice once more.
            TestUa.Message re = caller.reInvite(TestUa.sdp(callerPhone.localPort(), "sendrecv", 8, TELEPHONE_EVENT), Duration.ofMillis(150));
            assertThat(re.status()).as(re.startLine()).isEqualTo(200);
            assertThat(re.body()).contains("a=rtpmap:8 PCMA/8000");
            // until a whole PCMA notice came, then a little longer: a surplus or second restart would show
            heard.addAll(callerPhone.collect(got -> got.stream().filter(p -> p.payloadType() == 8).count() >= NoticeCalls.NOTICE_FRAMES, 15_000));
            heard.addAll(callerPhone.collect(got -> false, 500));

            Map<Long, List<RtpPacket>> bySsrc = bySsrc(heard);
            List<RtpPacket> pcmu = heard.stream().filter(p -> p.payloadType() == 0).toList();
            List<RtpPacket> pcma = heard.stream().filter(p -> p.payloadType() == 8).toList();
            assertThat(pcmu).as("the PCMU notice was cut short").hasSizeLessThan(NoticeCalls.NOTICE_FRAMES).allMatch(p -> p.ssrc() == heard.get(0).ssrc());
            assertThat(bySsrc).as("streams heard: the cut PCMU notice and one PCMA notice; " + summary(bySsrc)).hasSize(2);
            assertThat(pcma).as("one whole PCMA notice after the re-INVITE").hasSize(NoticeCalls.NOTICE_FRAMES);
            assertThat(pcma.get(0).ssrc()).as("in a new stream").isNotEqualTo(pcmu.get(0).ssrc());
            assertRtp(pcma, PCMA);
            assertG711OfTheNotice(pcma, false);

            RecordedMedia.awaitRecordingStarted(gw);
            String audit = NoticeTest.awaitAudit(gw, "acme", "notice.played");
            assertThat(audit.split("\"notice.played\"", -1)).as("notice.played audited once").hasSize(2);
            assertThat(gw.counter("notices.played")).isEqualTo(1);
            assertThat(caller.bye().status()).isEqualTo(200);
        }
    }

    @Test
    void aHoldDuringTheNoticeSuspendsItAndTheWholeNoticePlaysAfterTheResumeBeforeRecording() throws Exception {
        try (RtpSender calleePhone = RtpSender.bind(0);
             TestUa callee = TestUa.callee(invite -> TestUa.answerTo(invite, calleePhone.localPort()));
             RecordingHarness gw = NoticeCalls.harness(dir, callee.port(), RECORDING);
             TestUa caller = TestUa.caller(gw.port());
             RtpSender callerPhone = RtpSender.bind(0)) {
            TestUa.Message ok = caller.invite("200", "", TestUa.sdp(callerPhone.localPort(), "sendrecv", 0, TELEPHONE_EVENT));
            assertThat(ok.status()).isEqualTo(200);
            List<RtpPacket> before = callerPhone.collect(got -> got.size() >= 15, 10_000);
            assertThat(before).hasSize(15);

            TestUa.Message hold = caller.reInvite(TestUa.sdp(callerPhone.localPort(), "sendonly", 0, TELEPHONE_EVENT));
            assertThat(hold.status()).as(hold.startLine()).isEqualTo(200);
            assertThat(hold.body()).contains("a=recvonly");
            callerPhone.collect(got -> false, 200); // what was in flight when the hold was answered
            // Held longer than the whole notice lasts: RFC 3264 s.6.1, nothing is sent to a sendonly party,
            // and a notice nobody could hear is neither played nor followed by the recording.
            List<RtpPacket> whileHeld = callerPhone.collect(got -> false, 1_500);
            assertThat(whileHeld).as("RTP sent to the caller while it holds the call").isEmpty();
            assertThat(gw.auditText("acme")).as("no notice.played while on hold").doesNotContain("\"notice.played\"");
            assertThat(gw.gate.activeRecordings()).as("no recording while on hold").isZero();

            TestUa.Message resume = caller.reInvite(TestUa.sdp(callerPhone.localPort(), "sendrecv", 0, TELEPHONE_EVENT));
            assertThat(resume.status()).as(resume.startLine()).isEqualTo(200);
            List<RtpPacket> after = callerPhone.collect(got -> !got.isEmpty(), 10_000);
            assertThat(after).as("the notice again after the resume").isNotEmpty();
            assertThat(gw.gate.activeRecordings()).as("the recording waits for the notice").isZero();
            after.addAll(callerPhone.collect(got -> got.size() >= NoticeCalls.NOTICE_FRAMES - 1, 15_000));
            after.addAll(callerPhone.collect(got -> false, 500));
            Map<Long, List<RtpPacket>> bySsrc = bySsrc(after);
            assertThat(bySsrc).as("one stream after the resume; " + summary(bySsrc)).hasSize(1);
            assertThat(after).as("the whole notice after the resume").hasSize(NoticeCalls.NOTICE_FRAMES);
            assertThat(after.get(0).ssrc()).isNotEqualTo(before.get(0).ssrc());
            assertRtp(after, new Codec("PCMU", 0, 160, NoticeCalls.NOTICE_FRAMES));
            assertG711OfTheNotice(after, true);

            RecordedMedia.awaitRecordingStarted(gw);
            String audit = NoticeTest.awaitAudit(gw, "acme", "notice.played");
            assertThat(audit.split("\"notice.played\"", -1)).as("notice.played audited once").hasSize(2);
            assertThat(caller.bye().status()).isEqualTo(200);
        }
    }

    private static Map<Long, List<RtpPacket>> bySsrc(List<RtpPacket> packets) {
        Map<Long, List<RtpPacket>> m = new LinkedHashMap<>();
        for (RtpPacket p : packets) {
            m.computeIfAbsent(p.ssrc(), k -> new ArrayList<>()).add(p);
        }
        return m;
    }

    private static String summary(Map<Long, List<RtpPacket>> bySsrc) {
        StringBuilder s = new StringBuilder();
        bySsrc.forEach((ssrc, ps) -> s.append(String.format("ssrc %08x: %d frames of pt %d; ", ssrc, ps.size(), ps.get(0).payloadType())));
        return s.toString();
    }
}
