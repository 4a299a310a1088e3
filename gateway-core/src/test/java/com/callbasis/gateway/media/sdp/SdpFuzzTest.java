package com.callbasis.gateway.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated and truncated real SDPs never make the parser throw anything but SdpException, and whatever
 * parses also round-trips, rewrites to a valid SDP and yields targets without throwing. Fixed seeds.
 */
class SdpFuzzTest {
    private static final String ALPHABET = " \t\r\n=:/.-0123456789amcovstbIPN4a6xyz\u0000\u00e9";
    private static final List<String> SEEDS = List.of(SdpFixtures.SIPP, SdpFixtures.BARESIP, SdpFixtures.WEBRTC,
            SdpFixtures.AUDIO_VIDEO_REJECTED, SdpFixtures.IPV6);

    private int parsed;
    private int refused;

    private void check(String input) {
        Sdp s;
        try {
            s = Sdp.parse(input);
        } catch (SdpException e) {
            refused++;
            assertThat(e.line()).isPositive();
            assertThat(e.getMessage()).startsWith("line " + e.line() + ": ");
            return;
        } catch (RuntimeException | StackOverflowError e) {
            fail("parser threw " + e + " on " + input.replace("\r", "\\r").replace("\n", "\\n"), e);
            return;
        }
        parsed++;
        try {
            String wire = s.encode();
            assertThat(Sdp.parse(wire).encode()).isEqualTo(wire);
            List<AnchorPort> ports = new ArrayList<>();
            for (MediaDescription m : s.media()) {
                ports.add(new AnchorPort(40000, 40001, List.of("1 AES_CM_128_HMAC_SHA1_80 inline:k")));
                SdpTargets.rtpTarget(m, s);
                SdpTargets.rtcpTarget(m, s);
                m.rtpMaps();
                m.direction();
            }
            Sdp sent = Sdp.parse(new SdpAnchor("10.0.0.5", 1, 1).rewrite(s, ports));
            assertThat(sent.media()).hasSameSizeAs(s.media());
        } catch (RuntimeException e) {
            fail("parsed but then failed: " + e + " on " + input.replace("\r", "\\r").replace("\n", "\\n"), e);
        }
    }

    @Test
    void truncations() {
        for (String seed : SEEDS) {
            String wire = SdpFixtures.crlf(seed);
            for (int i = 0; i <= wire.length(); i++) {
                check(wire.substring(0, i));
            }
        }
        assertThat(parsed).isPositive();
        assertThat(refused).isPositive();
    }

    @Test
    void characterMutations() {
        Random rnd = new Random(4566);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder(SEEDS.get(rnd.nextInt(SEEDS.size())));
            int edits = 1 + rnd.nextInt(4);
            for (int k = 0; k < edits && sb.length() > 0; k++) {
                int at = rnd.nextInt(sb.length());
                char c = ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
                switch (rnd.nextInt(3)) {
                    case 0 -> sb.setCharAt(at, c);
                    case 1 -> sb.insert(at, c);
                    default -> sb.deleteCharAt(at);
                }
            }
            check(sb.toString());
        }
        assertThat(parsed).isGreaterThan(1000);
        assertThat(refused).isGreaterThan(1000);
    }

    @Test
    void lineShuffles() {
        Random rnd = new Random(8866);
        for (int i = 0; i < 5_000; i++) {
            List<String> lines = new ArrayList<>(List.of(SEEDS.get(rnd.nextInt(SEEDS.size())).split("\n")));
            int ops = 1 + rnd.nextInt(3);
            for (int k = 0; k < ops; k++) {
                int a = rnd.nextInt(lines.size());
                int b = rnd.nextInt(lines.size());
                switch (rnd.nextInt(3)) {
                    case 0 -> lines.set(a, lines.set(b, lines.get(a)));
                    case 1 -> lines.add(a, lines.get(b));
                    default -> {
                        if (lines.size() > 1) {
                            lines.remove(a);
                        }
                    }
                }
            }
            check(String.join(rnd.nextBoolean() ? "\n" : "\r\n", lines));
        }
        assertThat(parsed).isPositive();
        assertThat(refused).isPositive();
    }
}
