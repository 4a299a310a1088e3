package com.callbasis.gateway.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.config.SipLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Header access rules of the message model: names as written, compact forms, comma lists (s.7.3). */
class SipMessageTest {
    private final SipParser parser = new SipParser(SipLimits.DEFAULT);

    private SipRequest parse(String s) throws SipParseException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return (SipRequest) parser.parse(b, 0, b.length);
    }

    private static final String BASE = "INVITE sip:b@example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/UDP [2001:db8::2]:5070;branch=z9hG4bK2\r\n"
            + "v: SIP/2.0/TCP c.example.com;branch=z9hG4bK3\r\n"
            + "f: \"Smith, J\" <sip:a@example.com>;tag=1\r\n"
            + "t: <sip:b@example.com>\r\n"
            + "i: msg@test\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: \"Doe, J\" <sip:x@192.0.2.1>;expires=\"a,b\", <sip:y@192.0.2.2>\r\n"
            + "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\n"
            + "Authorization: Digest username=\"a\", realm=\"b\"\r\n"
            + "X-Custom-THING:  keep   inner   spacing \r\n"
            + "l: 0\r\n\r\n";

    @Test
    void namesAreKeptAsWrittenAndFoundByLongOrCompactForm() throws SipParseException {
        SipRequest r = parse(BASE);
        assertThat(r.headers()).extracting(SipHeader::name).containsExactly("Via", "v", "f", "t", "i", "CSeq", "Contact", "Date",
                "Authorization", "X-Custom-THING", "l");
        assertThat(r.header("from")).isEqualTo(r.header("F"));
        assertThat(r.header("CALL-ID")).contains("msg@test");
        assertThat(r.header("x-custom-thing")).contains("keep   inner   spacing");
        assertThat(r.header("Content-Length")).contains("0");
    }

    @Test
    void commaListsAreSplitOnlyForListHeadersAndNeverInsideQuotesOrBrackets() throws SipParseException {
        SipRequest r = parse(BASE);
        assertThat(r.vias()).extracting(Via::host).containsExactly("a.example.com", "[2001:db8::2]", "c.example.com");
        assertThat(r.headerValues("m")).containsExactly("\"Doe, J\" <sip:x@192.0.2.1>;expires=\"a,b\"", "<sip:y@192.0.2.2>");
        assertThat(r.headerValues("Date")).containsExactly("Sat, 13 Nov 2010 23:29:00 GMT");
        assertThat(r.headerValues("Authorization")).hasSize(1);
        assertThat(r.from().displayNameText()).contains("Smith, J");
    }

    @Test
    void builderRemovesTheTopViaOfAList() throws SipParseException {
        SipRequest r = parse(BASE).toBuilder().removeFirstValue(HeaderNames.VIA).build();
        assertThat(r.vias()).extracting(Via::host).containsExactly("[2001:db8::2]", "c.example.com");
        SipRequest withNewTop = r.toBuilder().addFirst("Via", "SIP/2.0/UDP gw.example.net;branch=z9hG4bKgw").build();
        assertThat(withNewTop.topVia().map(Via::host)).contains("gw.example.net");
        assertThatThrownBy(() -> r.toBuilder().remove("t").build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duplicateSingleValuedHeadersAreRefused() {
        for (String dup : new String[] {"t: <sip:c@example.com>\r\n", "i: other@test\r\n", "CSeq: 2 INVITE\r\n", "Max-Forwards: 1\r\n"}) {
            String msg = BASE.replace("l: 0\r\n", dup + "Max-Forwards: 70\r\nl: 0\r\n");
            byte[] b = msg.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> parser.parse(b, 0, b.length)).isInstanceOf(SipParseException.class)
                    .hasMessageStartingWith("Multiple ");
        }
    }

    @Test
    void bareLfLineEndsAreAccepted() throws SipParseException {
        SipRequest r = parse(BASE.replace("\r\n", "\n"));
        assertThat(r.vias()).hasSize(3);
        assertThat(r.callId()).isEqualTo("msg@test");
    }
}
