package com.callbasis.gateway.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.SipLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** parse -> encode -> parse keeps start line, headers (order, names as written, values) and body. */
class SipRoundTripTest {
    private final SipParser parser = new SipParser(SipLimits.DEFAULT);

    static Stream<String> fixtures() {
        return Stream.concat(Fixtures.RFC4475_VALID.stream().map(n -> "rfc4475/" + n), Fixtures.OWN.stream().map(n -> "own/" + n));
    }

    private static byte[] load(String id) {
        String name = id.substring(id.indexOf('/') + 1);
        return id.startsWith("rfc4475/") ? Fixtures.rfc4475(name) : Fixtures.own(name);
    }

    private SipMessage parse(byte[] b) throws SipParseException {
        return parser.parse(b, 0, b.length);
    }

    private static List<SipHeader> withoutContentLength(SipMessage m) {
        return m.headers().stream().filter(h -> !h.is(HeaderNames.CONTENT_LENGTH)).toList();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void roundTrip(String id) throws SipParseException {
        SipMessage first = parse(load(id));
        byte[] wire = first.encode();
        SipMessage second = parse(wire);

        assertThat(second.startLine()).isEqualTo(first.startLine());
        assertThat(withoutContentLength(second)).isEqualTo(withoutContentLength(first));
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headerValues(HeaderNames.CONTENT_LENGTH)).containsExactly(String.valueOf(first.bodyLength()));
        // encoding is stable: a second round gives the same bytes
        assertThat(second.encode()).isEqualTo(wire);
        assertThat(new String(wire, StandardCharsets.ISO_8859_1)).contains("\r\n\r\n").doesNotContain("\r\n \r\n");
    }

    @Test
    void contentLengthIsRewrittenWhenTheBodyChanges() throws SipParseException {
        SipRequest invite = (SipRequest) parse(Fixtures.own("invite-sdp"));
        SipRequest changed = invite.toBuilder().set("l", "5").add("Content-Length", "77").body("hello".getBytes(StandardCharsets.US_ASCII))
                .build();
        SipMessage reparsed = parse(changed.encode());
        assertThat(reparsed.headerValues(HeaderNames.CONTENT_LENGTH)).containsExactly("5");
        assertThat(reparsed.body()).asString(StandardCharsets.US_ASCII).isEqualTo("hello");

        SipRequest empty = invite.toBuilder().body(new byte[0]).build();
        assertThat(parse(empty.encode()).headerValues(HeaderNames.CONTENT_LENGTH)).containsExactly("0");
    }

    @Test
    void missingContentLengthOnADatagramIsAddedOnEncode() throws SipParseException {
        SipMessage inv2543 = parse(Fixtures.rfc4475("inv2543"));
        assertThat(inv2543.header(HeaderNames.CONTENT_LENGTH)).isEmpty();
        assertThat(parse(inv2543.encode()).header(HeaderNames.CONTENT_LENGTH)).contains("105");
    }

    @Test
    void responseBuiltFromARequestRoundTrips() throws SipParseException {
        SipRequest invite = (SipRequest) parse(Fixtures.own("invite-sdp"));
        SipResponse ok = SipResponse.to(invite, 200, null, "gw-1").add("Contact", "<sip:gw@192.0.2.1>").body(invite.body()).build();
        SipResponse back = (SipResponse) parse(ok.encode());
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.reason()).isEqualTo("OK");
        assertThat(back.to().tag()).contains("gw-1");
        assertThat(back.from().tag()).contains("a1b2");
        assertThat(back.vias()).hasSize(1);
        assertThat(back.body()).isEqualTo(invite.body());
    }
}
