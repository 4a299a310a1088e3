package com.callbasis.gateway.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.callbasis.config.SipLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** No input makes SipParser.parse throw anything but SipParseException (STYLE #2). Fixed seeds, so failures replay. */
class SipParserFuzzTest {
    private static final Set<Integer> STATUSES = Set.of(0, 400, 414, 501, 505, 513);
    private static final byte[] INTERESTING = " \t\r\n:;,<>\"\\@?=%/[]0123456789.-SIPsip".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final SipParser parser = new SipParser(new SipLimits(512, 512, 40, 4096));

    private void check(byte[] input) {
        try {
            SipMessage m = parser.parse(input, 0, input.length);
            // what parses must also encode and parse again
            byte[] wire = m.encode();
            parser.parse(wire, 0, wire.length);
        } catch (SipParseException e) {
            assertThat(STATUSES).contains(e.status());
            e.replyTo().ifPresent(stub -> SipResponse.to(stub, e.status(), e.getMessage(), null).build());
        } catch (RuntimeException | StackOverflowError e) {
            fail("parser threw " + e + " on input " + Arrays.toString(input), e);
        }
    }

    @Test
    void randomBytes() {
        Random rnd = new Random(4475);
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[rnd.nextInt(300)];
            rnd.nextBytes(b);
            if (rnd.nextBoolean() && b.length > 8) {
                System.arraycopy("INVITE s".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, 0, 8);
            }
            check(b);
        }
    }

    @Test
    void randomTokensAndSeparators() {
        Random rnd = new Random(3261);
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[rnd.nextInt(400)];
            for (int k = 0; k < b.length; k++) {
                b[k] = rnd.nextInt(4) == 0 ? (byte) ('a' + rnd.nextInt(26)) : INTERESTING[rnd.nextInt(INTERESTING.length)];
            }
            check(b);
        }
    }

    @Test
    void mutatedTortureMessages() {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : Fixtures.RFC4475_VALID) {
            seeds.add(Fixtures.rfc4475(name));
        }
        for (String name : Fixtures.OWN) {
            seeds.add(Fixtures.own(name));
        }
        Random rnd = new Random(20060501);
        for (int i = 0; i < 4000; i++) {
            byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
            int edits = 1 + rnd.nextInt(4);
            for (int e = 0; e < edits && b.length > 0; e++) {
                int at = rnd.nextInt(b.length);
                switch (rnd.nextInt(4)) {
                    case 0 -> b[at] = (byte) rnd.nextInt(256);
                    case 1 -> b[at] = INTERESTING[rnd.nextInt(INTERESTING.length)];
                    case 2 -> b = Arrays.copyOf(b, at); // truncate
                    default -> { // delete one byte
                        byte[] c = new byte[b.length - 1];
                        System.arraycopy(b, 0, c, 0, at);
                        System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                        b = c;
                    }
                }
            }
            check(b);
        }
    }
}
