package com.callbasis.gateway.b2bua;

import com.callbasis.gateway.sip.message.Via;
import java.security.SecureRandom;

/**
 * Identifiers this gateway creates. Tags and Call-IDs are random with well over the 32 bits RFC 3261
 * s.19.3 asks for; branches carry a recognisable prefix so that a request looping back is detected.
 */
public final class Ids {
    /** Every branch we create starts with this; seeing one of ours on an inbound INVITE means a loop. */
    public static final String BRANCH_PREFIX = Via.MAGIC_COOKIE + "-cbgw-";
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    private Ids() {
    }

    public static String random(int chars) {
        SecureRandom r = RANDOM.get();
        char[] out = new char[chars];
        for (int i = 0; i < chars; i++) {
            out[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    public static String branch() {
        return BRANCH_PREFIX + random(16);
    }

    public static String tag() {
        return random(12);
    }

    public static String callId() {
        return random(24) + "@cbgw";
    }

    /** Short id for one call in logs: not derived from any party's data. */
    public static String callRef() {
        return random(10);
    }
}
