package com.callbasis.gateway.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.callbasis.config.SipLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 4475 torture tests, each message a fixture (src/test/resources/rfc4475, written by make_fixtures.py
 * from the RFC text), parsed as one UDP datagram.
 */
class Rfc4475TortureTest {
    private final SipParser parser = new SipParser(SipLimits.DEFAULT);

    static final List<String> VALID = Fixtures.RFC4475_VALID;

    private SipMessage parse(String name) throws SipParseException {
        byte[] b = Fixtures.rfc4475(name);
        return parser.parse(b, 0, b.length);
    }

    private SipRequest request(String name) throws SipParseException {
        return (SipRequest) parse(name);
    }

    private SipParseException failure(String name) {
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> parse(name));
        assertThat(e).as(name + " must be refused").isNotNull();
        return e;
    }

    @ParameterizedTest
    @FieldSource("VALID")
    void validMessagesParse(String name) throws SipParseException {
        SipMessage m = parse(name);
        assertThat(m.vias()).isNotEmpty();
        assertThat(m.callId()).isNotBlank();
    }

    /** name, status to answer (0 = drop), whether a stub to answer with exists. */
    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("badinv01", 400, false), // Via ";;,;,," cannot be parsed, so nothing can route an answer
                Arguments.of("clerr", 400, true),
                Arguments.of("ncl", 400, true),
                Arguments.of("scalar02", 400, false), // CSeq 2**65: not identifiable
                Arguments.of("scalarlg", 0, false), // a response: dropped
                Arguments.of("quotbal", 400, false), // To cannot be parsed, so it cannot be echoed
                Arguments.of("ltgtruri", 400, true),
                Arguments.of("lwsruri", 400, true),
                Arguments.of("lwsstart", 400, true),
                Arguments.of("trws", 400, true),
                Arguments.of("escruri", 400, true),
                Arguments.of("regbadct", 400, true),
                Arguments.of("badaspec", 400, false),
                Arguments.of("baddn", 400, false),
                Arguments.of("badvers", 505, true),
                Arguments.of("mismatch01", 400, true),
                Arguments.of("mismatch02", 501, true),
                Arguments.of("bigcode", 0, false),
                Arguments.of("insuf", 400, false), // no From/To/Call-ID: an answer could not carry them
                Arguments.of("multi01", 400, true),
                Arguments.of("mcl01", 400, true));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("invalid")
    void invalidMessagesAreRefusedWithTheRightStatus(String name, int status, boolean answerable) {
        SipParseException e = failure(name);
        assertThat(e.status()).as(name + ": " + e.getMessage()).isEqualTo(status);
        assertThat(e.replyTo().isPresent()).as(name + " answerable").isEqualTo(answerable);
        assertThat(e.kind()).isNotBlank();
        assertThat(e.offset()).isNotNegative();
        e.replyTo().ifPresent(stub -> {
            // the answer can actually be built (s.8.2.6.2)
            SipResponse r = SipResponse.to(stub, e.status(), e.getMessage(), null).build();
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.callId()).isEqualTo(stub.callId());
            assertThat(r.headerValues(HeaderNames.VIA)).isEqualTo(stub.headerValues(HeaderNames.VIA));
        });
    }

    @Test
    void wsinv() throws SipParseException {
        SipRequest r = request("wsinv");
        assertThat(r.method()).isEqualTo("INVITE");
        assertThat(r.requestUri()).isEqualTo("sip:vivekg@chair-dnrc.example.com;unknownparam");
        assertThat(SipUri.parse(r.requestUri()).params().has("unknownparam")).isTrue();
        // folded values unfolded, LWS around ':' and ';' and '=' tolerated
        assertThat(r.to().uri()).isEqualTo("sip:vivekg@chair-dnrc.example.com");
        assertThat(r.to().tag()).contains("1918181833n");
        assertThat(r.from().displayName()).contains("\"J Rosenberg \\\\\\\"\"");
        assertThat(r.from().displayNameText()).contains("J Rosenberg \\\"");
        assertThat(r.from().tag()).contains("98asjd8");
        assertThat(r.header("Max-Forwards")).contains("0068");
        assertThat(r.cseq()).isEqualTo(new CSeq(9, "INVITE"));
        assertThat(r.header("Subject")).contains(""); // "s :" empty subject, compact form found by the long name
        assertThat(r.header("NewFangledHeader")).contains("newfangled value continued newfangled value");
        assertThat(r.header("UnknownHeaderWithUnusualValue")).contains(";;,,;;,;");
        assertThat(r.headerValues("UnknownHeaderWithUnusualValue")).containsExactly(";;,,;;,;"); // unknown: not split
        assertThat(r.header("route")).contains("<sip:services.example.com;lr;unknownwith=value;unknown-no-value>");
        // Via and its compact form v, one value folded over three lines, another comma list
        assertThat(r.vias()).extracting(Via::transport, Via::host, v -> v.branch().orElse(null)).containsExactly(
                org.assertj.core.groups.Tuple.tuple("UDP", "192.0.2.2", "390skdjuw"),
                org.assertj.core.groups.Tuple.tuple("TCP", "spindle.example.com", "z9hG4bK9ikj8"),
                org.assertj.core.groups.Tuple.tuple("UDP", "192.168.255.111", "z9hG4bK30239"));
        List<String> contacts = r.headerValues(HeaderNames.CONTACT);
        assertThat(contacts).hasSize(1);
        NameAddress m = NameAddress.parse(contacts.get(0));
        assertThat(m.displayNameText()).contains("Quoted string \"\"");
        assertThat(m.params().get("newparam")).contains("newvalue");
        assertThat(m.params().get("secondparam")).contains("");
        assertThat(m.params().get("q")).contains("0.33");
        assertThat(r.bodyLength()).isEqualTo(150);
        assertThat(new String(r.body(), StandardCharsets.US_ASCII)).startsWith("v=0\r\n").endsWith("a=rtpmap:31 LPC\r\n");
    }

    @Test
    void intmeth() throws SipParseException {
        SipRequest r = request("intmeth");
        assertThat(r.method()).isEqualTo("!interesting-Method0123456789_*+`.%indeed'~");
        SipUri uri = SipUri.parse(r.requestUri());
        assertThat(uri.user()).contains("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
        assertThat(uri.password()).contains("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
        assertThat(uri.host()).isEqualTo("example.com");
        assertThat(r.topVia().flatMap(Via::branch)).contains("z9hG4bK-.!%66*_+`'~");
        assertThat(r.to().displayNameText()).contains("BEL:\u0007 NUL:\u0000 DEL:\u007f");
        assertThat(r.to().sipUri()).map(SipUri::user).contains(java.util.Optional.of("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*"));
        assertThat(r.from().displayName()).contains("token1~` token2'+_ token3*%!.-");
        assertThat(r.from().params().get("fromParam''~+*_!.-%")).contains("\"работающий\"");
        assertThat(r.from().tag()).contains("_token~1'+`*%!-.");
        assertThat(r.callId()).isEqualTo("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
        assertThat(r.cseq()).isEqualTo(new CSeq(139122385, "!interesting-Method0123456789_*+`.%indeed'~"));
        assertThat(r.header("extensionHeader-!.%*+_`'~")).contains("\ufeff大停電");
    }

    @Test
    void esc01KeepsEscapesAsWritten() throws SipParseException {
        SipRequest r = request("esc01");
        SipUri ruri = SipUri.parse(r.requestUri());
        assertThat(ruri.user()).contains("sips%3Auser%40example.com");
        assertThat(ruri.host()).isEqualTo("example.net");
        assertThat(r.to().sipUri().flatMap(SipUri::user)).contains("%75se%72");
        assertThat(r.from().sipUri().flatMap(SipUri::user)).contains("I%20have%20spaces");
        assertThat(r.callId()).isEqualTo("esc01.239409asdfakjkn23onasd0-3234"); // compact "i"
        assertThat(r.header(HeaderNames.CONTENT_TYPE)).contains("application/sdp"); // compact "C"
        SipUri contact = NameAddress.parse(r.headerValues(HeaderNames.CONTACT).get(0)).sipUri().orElseThrow();
        assertThat(contact.params().has("%6C%72")).isTrue();
        assertThat(contact.params().get("n%61me")).contains("v%61lue%25%34%31");
    }

    @Test
    void escnullKeepsTwoDistinctContacts() throws SipParseException {
        SipRequest r = request("escnull");
        assertThat(r.method()).isEqualTo("REGISTER");
        assertThat(r.to().sipUri().flatMap(SipUri::user)).contains("null-%00-null");
        assertThat(r.headerValues("m")).containsExactly("<sip:%00@host5.example.com>", "<sip:%00%00@host5.example.com>");
        assertThat(r.bodyLength()).isZero();
    }

    @Test
    void esc02PercentIsNotAnEscapeInMethodOrHeaderName() throws SipParseException {
        SipRequest r = request("esc02");
        assertThat(r.method()).isEqualTo("RE%47IST%45R").isNotEqualTo(SipRequest.REGISTER);
        assertThat(r.to().displayNameText()).contains("%Z%45");
        assertThat(r.headerValues(HeaderNames.CONTACT)).containsExactly("<sip:alias1@host1.example.com>", "<sip:alias3@host3.example.com>");
        assertThat(r.header("C%6Fntact")).contains("<sip:alias2@host2.example.com>");
        assertThat(r.topVia().flatMap(Via::branch)).contains("z9hG4bK209%fzsnel234");
    }

    @Test
    void lwsdisp() throws SipParseException {
        SipRequest r = request("lwsdisp");
        assertThat(r.from().displayName()).contains("caller");
        assertThat(r.from().uri()).isEqualTo("sip:caller@example.com");
    }

    @Test
    void longreq() throws SipParseException {
        SipRequest r = request("longreq");
        assertThat(r.vias()).hasSize(34);
        assertThat(r.vias().get(0).host()).isEqualTo("sip33.example.com");
        assertThat(r.vias().get(32).host()).isEqualTo("sip1.example.com");
        assertThat(r.vias().get(33).branch()).contains("very" + "long".repeat(50) + "branchvalue");
        assertThat(r.vias().get(33).params().get("received")).contains("192.0.2.5");
        assertThat(r.to().displayNameText()).contains("I have a user name of " + "extreme".repeat(10) + " proportion");
        SipUri to = r.to().sipUri().orElseThrow();
        assertThat(to.port()).isEqualTo(6000);
        assertThat(to.params().get("longparam" + "name".repeat(25))).contains("shortvalue");
        assertThat(r.from().tag()).contains("1" + "298".repeat(50) + "2424");
        assertThat(r.callId()).isEqualTo("longreq.one" + "really".repeat(20) + "longcallid");
        assertThat(r.header("Unknown-" + "Long".repeat(20) + "-Name")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("unknown-long").contains("-parameter-name = unknown-").endsWith("-parameter-value"));
        assertThat(r.bodyLength()).isEqualTo(150);
    }

    @Test
    void dblreqIgnoresOctetsAfterContentLength() throws SipParseException {
        SipRequest r = request("dblreq");
        assertThat(r.method()).isEqualTo("REGISTER");
        assertThat(r.bodyLength()).isZero();
        assertThat(r.callId()).isEqualTo("dblreq.0ha0isndaksdj99sdfafnl3lk233412"); // compact "I"
    }

    @Test
    void semiuri() throws SipParseException {
        SipRequest r = request("semiuri");
        SipUri uri = SipUri.parse(r.requestUri());
        assertThat(uri.user()).contains("user;par=u%40example.net");
        assertThat(uri.host()).isEqualTo("example.com");
        assertThat(uri.params().isEmpty()).isTrue();
        assertThat(r.headerValues(HeaderNames.ACCEPT)).containsExactly("application/sdp", "application/pkcs7-mime",
                "multipart/mixed", "multipart/signed", "message/sip", "message/sipfrag");
    }

    @Test
    void transports() throws SipParseException {
        SipRequest r = request("transports");
        assertThat(r.vias()).extracting(Via::transport).containsExactly("UDP", "SCTP", "TLS", "UNKNOWN", "TCP");
        assertThat(r.callId()).isEqualTo("transports.kijh4akdnaqjkwendsasfdj");
    }

    @Test
    void mpart01BodyPassesThroughByteExact() throws SipParseException {
        byte[] raw = Fixtures.rfc4475("mpart01");
        SipRequest r = request("mpart01");
        assertThat(r.method()).isEqualTo("MESSAGE");
        assertThat(r.bodyLength()).isEqualTo(553);
        byte[] expected = java.util.Arrays.copyOfRange(raw, raw.length - 553, raw.length);
        assertThat(r.body()).isEqualTo(expected).contains((byte) 0);
        assertThat(r.header("Date")).contains("Sat, 15 Oct 2005 04:44:56 GMT");
        assertThat(r.headerValues("Date")).hasSize(1); // not a list header: its comma is data
        assertThat(r.topVia().map(Via::port)).contains(5070);
        assertThat(r.topVia().map(v -> v.params().has("rport"))).contains(true);
        assertThat(r.encode()).endsWith(expected);
    }

    @Test
    void unreason() throws SipParseException {
        SipResponse r = (SipResponse) parse("unreason");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.reason()).isEqualTo("= 2**3 * 5**2 но сто девяносто девять - простое");
        assertThat(r.bodyLength()).isEqualTo(154);
    }

    @Test
    void noreason() throws SipParseException {
        SipResponse r = (SipResponse) parse("noreason");
        assertThat(r.status()).isEqualTo(100);
        assertThat(r.reason()).isEmpty();
    }

    @Test
    void badbranchIsSyntacticallyValid() throws SipParseException {
        assertThat(request("badbranch").topVia().flatMap(Via::branch)).contains(Via.MAGIC_COOKIE);
    }

    /**
     * RFC 4475 s.3.1.2.12: rejecting baddate is acceptable, "though an element shouldn't do that unless
     * the contents of the Date header field were actually important to its processing". The gateway never
     * reads Date, so it accepts it and passes the value on verbatim.
     */
    @Test
    void baddateIsAcceptedBecauseDateIsNotUsed() throws SipParseException {
        assertThat(request("baddate").header("Date")).contains("Fri, 01 Jan 2010 16:00:00 EST");
    }

    @Test
    void applicationLayerCasesParse() throws SipParseException {
        assertThat(request("unkscm").requestUri()).isEqualTo("nobodyKnowsThisScheme:totallyopaquecontent");
        assertThat(request("novelsc").requestUri()).isEqualTo("soap.beep://192.0.2.103:3002");
        SipRequest unksm2 = request("unksm2");
        assertThat(unksm2.to().uri()).isEqualTo("isbn:2983792873");
        assertThat(unksm2.to().sipUri()).isEmpty();
        assertThat(unksm2.from().uri()).isEqualTo("http://www.example.com");
        assertThat(request("bext01").headerValues(HeaderNames.REQUIRE)).containsExactly("nothingSupportsThis", "nothingSupportsThisEither");
        assertThat(request("invut").body()).asString(StandardCharsets.US_ASCII).isEqualTo("<audio>\r\n <pcmu port=\"443\"/>\r\n</audio>\r\n");
        assertThat(request("regaut01").header("Authorization")).contains("NoOneKnowsThisScheme opaque-data=here");
        assertThat(request("zeromf").header(HeaderNames.MAX_FORWARDS)).contains("0");
        NameAddress c1 = NameAddress.parse(request("cparam01").headerValues(HeaderNames.CONTACT).get(0));
        assertThat(c1.params().has("unknownparam")).as("addr-spec: the parameter belongs to the header").isTrue();
        assertThat(c1.sipUri().orElseThrow().params().isEmpty()).isTrue();
        NameAddress c2 = NameAddress.parse(request("cparam02").headerValues(HeaderNames.CONTACT).get(0));
        assertThat(c2.params().isEmpty()).isTrue();
        assertThat(c2.sipUri().orElseThrow().params().has("unknownparam")).isTrue();
        NameAddress esc = NameAddress.parse(request("regescrt").headerValues(HeaderNames.CONTACT).get(0));
        assertThat(esc.sipUri().orElseThrow().headers()).contains("Route=%3Csip:sip.example.com%3E");
        assertThat(request("sdp01").bodyLength()).isEqualTo(150);
        SipResponse bcast = (SipResponse) parse("bcast");
        assertThat(bcast.vias()).extracting(Via::host).containsExactly("192.0.2.198", "255.255.255.255");
    }

    @Test
    void inv2543WithoutContentLengthOnUdpTakesTheRestOfTheDatagram() throws SipParseException {
        SipRequest r = request("inv2543");
        assertThat(r.topVia().flatMap(Via::branch)).isEmpty();
        assertThat(r.header(HeaderNames.MAX_FORWARDS)).isEmpty();
        assertThat(r.bodyLength()).isEqualTo(105);
        assertThat(r.header(HeaderNames.RECORD_ROUTE)).contains("<sip:UserB@example.com;maddr=ss1.example.com>");
    }

    @Test
    void badversAnswerCarriesTheViaAsWritten() {
        SipParseException e = failure("badvers");
        SipRequest stub = e.replyTo().orElseThrow();
        assertThat(stub.topVia().map(Via::protocol)).contains("SIP/7.0");
        SipResponse r = SipResponse.to(stub, 505, null, null).build();
        assertThat(new String(r.encode(), StandardCharsets.UTF_8)).startsWith("SIP/2.0 505 Version Not Supported\r\n")
                .contains("Via: SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw\r\n");
    }

    @Test
    void multi01AnswerRepeatsNoDuplicate() {
        SipRequest stub = failure("multi01").replyTo().orElseThrow();
        SipResponse r = SipResponse.to(stub, 400, null, null).build();
        assertThat(r.headerValues(HeaderNames.CSEQ)).containsExactly("5 INVITE");
        assertThat(r.headerValues(HeaderNames.CALL_ID)).containsExactly("multi01.98asdh@192.0.2.1");
        assertThat(r.headerValues(HeaderNames.FROM)).hasSize(1);
        assertThat(r.headerValues(HeaderNames.TO)).hasSize(1);
    }

    @Test
    void clerrIsABadRequestOnADatagram() {
        SipParseException e = failure("clerr");
        assertThat(e.kind()).isEqualTo("content_length");
        assertThat(e.replyTo().orElseThrow().callId()).isEqualTo("clerr.0ha0isndaksdjweiafasdk3");
    }
}
