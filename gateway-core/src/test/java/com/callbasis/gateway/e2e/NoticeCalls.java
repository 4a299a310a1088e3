package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.media.testing.RtpPacket;
import com.callbasis.recorder.codec.G711;
import com.callbasis.policy.ConsentTokens;
import com.callbasis.policy.Policy;
import com.callbasis.policy.PolicyLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The notice tests' world: a policy whose prompts are test tones of known content (a notice of
 * 0.5 s at 400 Hz then 0.5 s at 900 Hz: 50 G.711 frames; a confirmation of 0.3 s at 1200 Hz), written
 * as WAV files beside it, and the routes of its tenants: {@code acme} (legitimate interests, notice),
 * {@code asks...} (consent captured by DTMF) and {@code bank...} (legal obligation, notice).
 */
final class NoticeCalls {
    static final int RATE = 8000;
    /** The notice: 4000 samples at 400 Hz, then 4000 at 900 Hz. */
    static final short[] NOTICE = concat(tone(400, 4000), tone(900, 4000));
    static final short[] CONFIRMATION = tone(1200, 2400);
    static final int NOTICE_FRAMES = NOTICE.length / 160;

    static final String POLICY = """
            version: 1
            name: notice-e2e
            notices:
              tone-notice:
                kind: notice
                version: "t1"
                text: {en: "Two test tones."}
                audio: {en: notice.wav}
              tone-consent:
                kind: consent
                version: "c1"
                text: {en: "Two test tones; press 1 to agree, 2 to decline."}
                audio: {en: notice.wav}
                digits: {agree: "1", decline: "2"}
                timeout: PT1.5S
                repeats: 1
              tone-stopped:
                kind: confirmation
                version: "s1"
                text: {en: "One test tone."}
                audio: {en: stopped.wav}
            tenants:
              acme: {language: en, notice: tone-notice, withdrawalConfirmation: tone-stopped}
              asks: {language: en, notice: tone-notice, consentPrompt: tone-consent, withdrawalConfirmation: tone-stopped}
              bank: {language: en, notice: tone-notice, withdrawalConfirmation: tone-stopped}
              quiet: {}
            retentionClasses:
              qa: P30D
            rules:
              - id: quiet-never
                match: {tenant: quiet}
                record: false
              - id: asks-consent
                match: {tenant: asks}
                record: true
                basis: consent
                purpose: service-quality
                retention: qa
                obligations: [require_consent_dtmf]
              - id: bank-orders
                match: {tenant: bank}
                record: true
                basis: legal_obligation
                citation: "MiFID II Art. 16(7) (test)"
                purpose: order-taping
                retention: qa
                obligations: [play_notice]
              - id: acme-service
                match: {tenant: acme}
                record: true
                basis: legitimate_interests
                lia: LIA-TEST service quality
                purpose: service-quality
                retention: qa
                obligations: [play_notice]
            """;

    static final String ROUTES = """
            - id: asks
              match: {userPrefix: "asks"}
              target: sip:127.0.0.1:%1$d
              tenant: asks
            - id: early
              match: {userPrefix: "early"}
              target: sip:127.0.0.1:%1$d
              tenant: acme
              notice: {play: early}
            - id: hear
              match: {userPrefix: "hear"}
              target: sip:127.0.0.1:%1$d
              tenant: acme
              notice: {agentHears: notice}
            - id: bank
              match: {userPrefix: "bank"}
              target: sip:127.0.0.1:%1$d
              tenant: bank
            """;

    private NoticeCalls() {
    }

    /**
     * What a caller heard (in arrival order) was the whole notice, exact, from one SSRC of the gateway's
     * own: {@link #NOTICE_FRAMES} PCMU frames, consecutive in sequence and timestamp, the marker on the
     * first, each G.711 of {@link #NOTICE}; and the agent ({@code agentSsrc}) only after its last frame.
     */
    static void assertWholeNoticeThenAgent(List<RtpPacket> heard, long agentSsrc) {
        assertThat(heard).as("what the caller heard").isNotEmpty();
        long promptSsrc = heard.get(0).ssrc();
        assertThat(promptSsrc).as("the gateway's own SSRC").isNotEqualTo(agentSsrc);
        List<RtpPacket> prompt = heard.stream().filter(p -> p.ssrc() == promptSsrc).toList();
        assertThat(prompt).as("notice frames").hasSize(NOTICE_FRAMES);
        for (int i = 0; i < prompt.size(); i++) {
            RtpPacket p = prompt.get(i);
            assertThat(p.payloadType()).isZero();
            assertThat(p.marker()).as("marker only on the first frame").isEqualTo(i == 0);
            assertThat(p.seq()).isEqualTo((prompt.get(0).seq() + i) & 0xFFFF);
            assertThat(p.timestamp()).isEqualTo((prompt.get(0).timestamp() + 160L * i) & 0xFFFFFFFFL);
            byte[] expected = new byte[160];
            for (int j = 0; j < 160; j++) {
                expected[j] = G711.linearToUlaw(NOTICE[160 * i + j]);
            }
            assertThat(p.payload()).as("frame %d is G.711 of the prompt", i).isEqualTo(expected);
        }
        int lastPrompt = heard.indexOf(prompt.get(prompt.size() - 1));
        int firstAgent = heard.indexOf(heard.stream().filter(p -> p.ssrc() == agentSsrc).findFirst().orElseThrow());
        assertThat(firstAgent).as("the agent is heard only after the whole notice").isGreaterThan(lastPrompt);
    }

    /** Writes the prompts and loads the policy from {@code dir}. */
    static Policy policy(Path dir) throws Exception {
        Files.write(dir.resolve("notice.wav"), wav(NOTICE));
        Files.write(dir.resolve("stopped.wav"), wav(CONFIRMATION));
        Files.writeString(dir.resolve("notice-policy.yaml"), POLICY);
        return PolicyLoader.load(dir.resolve("notice-policy.yaml"));
    }

    static RecordingHarness harness(Path dir, int calleePort, String extraYaml) throws Exception {
        return new RecordingHarness(dir, calleePort, extraYaml, "", ConsentTokens.NONE, policy(dir), ROUTES);
    }

    static short[] tone(double hz, int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return s;
    }

    /** DTMF {@code digit} for {@code millis} at about -7 dBm0 per tone, then as much silence. */
    static short[] dtmf(char digit, int millis) {
        String keys = "123A456B789C*0#D";
        int k = keys.indexOf(digit);
        double low = new double[] {697, 770, 852, 941}[k / 4];
        double high = new double[] {1209, 1336, 1477, 1633}[k % 4];
        int n = RATE * millis / 1000;
        short[] s = new short[2 * n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) Math.round(5000 * Math.sin(2 * Math.PI * low * i / RATE) + 5000 * Math.sin(2 * Math.PI * high * i / RATE));
        }
        return s;
    }

    static short[] concat(short[] a, short[] b) {
        short[] out = new short[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** PCMU packets of {@code pcm} (20 ms each), numbered on from {@code seq} and {@code ts}. */
    static List<RtpPacket> pcmu(short[] pcm, long ssrc, int seq, long ts) {
        List<RtpPacket> out = new ArrayList<>();
        for (int f = 0; f * 160 < pcm.length; f++) {
            byte[] p = new byte[160];
            for (int i = 0; i < 160; i++) {
                int j = f * 160 + i;
                p[i] = G711.linearToUlaw(j < pcm.length ? pcm[j] : 0);
            }
            out.add(new RtpPacket((seq + f) & 0xFFFF, ts + 160L * f, 0, f == 0, ssrc, p));
        }
        return out;
    }

    /**
     * One RFC 4733 key press (s.2.5): a first packet with the marker, two updates, and the end packet
     * three times, all with the event's timestamp; payload type 101.
     */
    static List<RtpPacket> rfc4733(char digit, long ssrc, int seq, long ts) {
        int event = digit == '*' ? 10 : digit == '#' ? 11 : digit - '0';
        List<RtpPacket> out = new ArrayList<>();
        int[] durations = {160, 320, 480, 640, 640, 640};
        for (int i = 0; i < durations.length; i++) {
            boolean end = i >= 3;
            byte[] p = {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (durations[i] >> 8), (byte) durations[i]};
            out.add(new RtpPacket((seq + i) & 0xFFFF, ts, 101, i == 0, ssrc, p));
        }
        return out;
    }

    /** A PCM WAV file (RIFF, 16-bit mono, 8 kHz). */
    static byte[] wav(short[] pcm) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + pcm.length * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(pcm.length * 2);
        for (short s : pcm) {
            b.putShort(s);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b.array());
        return out.toByteArray();
    }
}
