package com.callbasis.gateway.sip.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Test fixtures from src/test/resources: RFC 4475 torture messages and hand-written SIP messages. */
public final class Fixtures {
    /** RFC 4475 messages a parser must accept (s.3.1.1, and the syntactically valid ones of s.3.2-3.4). */
    public static final List<String> RFC4475_VALID = List.of("wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp",
            "longreq", "dblreq", "semiuri", "transports", "mpart01", "unreason", "noreason", "badbranch", "baddate",
            "unkscm", "novelsc", "unksm2", "bext01", "invut", "regaut01", "bcast", "zeromf", "cparam01", "cparam02",
            "regescrt", "sdp01", "inv2543");

    public static final List<String> OWN = List.of("invite-sdp", "ringing-180", "options-compact");

    private Fixtures() {
    }

    public static byte[] rfc4475(String name) {
        return load("/rfc4475/rfc4475-" + name + ".txt");
    }

    public static byte[] own(String name) {
        return load("/sip-fixtures/" + name + ".txt");
    }

    private static byte[] load(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
