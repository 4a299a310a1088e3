package com.callbasis.gateway.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.callbasis.config.SipLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every SipLimits bound on a datagram: exactly at the limit passes, one over gets its own answer (STYLE #3). */
class SipParserLimitsTest {
    static final SipLimits LIMITS = new SipLimits(100, 200, 10, 2000);
    private final SipParser parser = new SipParser(LIMITS);

    /** An OPTIONS with {@code extra} header lines (7 base headers) and a start line padded to {@code startLen}. */
    static String options(int startLen, String... extra) {
        String prefix = "OPTIONS sip:";
        String suffix = "@gw.example.net SIP/2.0";
        String user = "u".repeat(Math.max(1, startLen - prefix.length() - suffix.length()));
        StringBuilder sb = new StringBuilder(prefix + user + suffix + "\r\n")
                .append("Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-lim\r\n")
                .append("From: <sip:a@example.com>;tag=1\r\n")
                .append("To: <sip:b@example.com>\r\n")
                .append("Call-ID: limits@192.0.2.1\r\n")
                .append("CSeq: 1 OPTIONS\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("Content-Length: 0\r\n");
        for (String e : extra) {
            sb.append(e).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    private SipParseException refuse(String msg) {
        byte[] b = msg.getBytes(StandardCharsets.UTF_8);
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> parser.parse(b, 0, b.length));
        assertThat(e).isNotNull();
        return e;
    }

    private SipMessage accept(String msg) throws SipParseException {
        byte[] b = msg.getBytes(StandardCharsets.UTF_8);
        return parser.parse(b, 0, b.length);
    }

    @Test
    void startLine() throws SipParseException {
        assertThat(options(100).indexOf("\r\n")).isEqualTo(100);
        accept(options(100));
        SipParseException e = refuse(options(101));
        assertThat(e.status()).isEqualTo(414);
        assertThat(e.kind()).isEqualTo("limit");
        assertThat(e.replyTo()).isPresent();
    }

    @Test
    void oneHeaderLineCountsUnfoldedBytes() throws SipParseException {
        String name = "X-Long: ";
        accept(options(40, name + "v".repeat(200 - name.length())));
        SipParseException e = refuse(options(40, name + "v".repeat(201 - name.length())));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("Header Too Long");
        assertThat(e.replyTo()).isPresent();
        // folding does not hide the length
        SipParseException folded = refuse(options(40, name + "v".repeat(150), " " + "w".repeat(60)));
        assertThat(folded.getMessage()).isEqualTo("Header Too Long");
    }

    @Test
    void headerCount() throws SipParseException {
        accept(options(40, "X-A: 1", "X-B: 2", "X-C: 3")); // 10 fields
        accept(options(40, "X-A: 1", "X-B: 2", "X-C: 3,", " continued")); // a continuation is not a field
        SipParseException e = refuse(options(40, "X-A: 1", "X-B: 2", "X-C: 3", "X-D: 4"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("Too Many Headers");
        assertThat(e.replyTo()).isPresent();
    }

    /** An OPTIONS with a body, exactly {@code total} bytes long. */
    static String withTotalSize(int total) {
        String head = options(40).replace("Content-Length: 0", "Content-Length: %d");
        for (int digits = 1; digits <= 5; digits++) {
            int n = total - (head.length() - 2 + digits);
            if (String.valueOf(n).length() == digits) {
                return String.format(head, n) + "b".repeat(n);
            }
        }
        throw new IllegalArgumentException();
    }

    @Test
    void totalSize() throws SipParseException {
        assertThat(withTotalSize(2000)).hasSize(2000);
        assertThat(accept(withTotalSize(2000)).bodyLength()).isPositive();
        SipParseException e = refuse(withTotalSize(2001));
        assertThat(e.status()).isEqualTo(513);
        assertThat(e.kind()).isEqualTo("limit");
        assertThat(e.replyTo()).isPresent();
        assertThat(SipResponse.to(e.replyTo().get(), 513, e.getMessage(), null).build().startLine())
                .isEqualTo("SIP/2.0 513 Message Too Large");
    }

    @Test
    void oversizedResponsesAreDropped() {
        String headers = "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-r\r\nFrom: <sip:a@example.com>;tag=1\r\n"
                + "To: <sip:b@example.com>;tag=2\r\nCall-ID: r@x\r\nCSeq: 1 INVITE\r\n";
        SipParseException big = refuse("SIP/2.0 200 OK\r\n" + headers + "Content-Length: 3000\r\n\r\n" + "x".repeat(3000));
        assertThat(big.status()).isZero();
        assertThat(big.replyTo()).isEmpty();
        SipParseException longStatus = refuse("SIP/2.0 200 " + "O".repeat(200) + "\r\n" + headers + "Content-Length: 0\r\n\r\n");
        assertThat(longStatus.status()).isZero();
        assertThat(longStatus.kind()).isEqualTo("limit");
    }

    @Test
    void unterminatedStartLine() {
        assertThat(refuse("OPTIONS sip:a@b SIP/2.0").status()).isEqualTo(400);
        assertThat(refuse("OPTIONS sip:" + "a".repeat(200)).status()).isEqualTo(414);
        assertThat(refuse("SIP/2.0 200 OK").status()).isZero();
    }

    @Test
    void leadingCrlfBeforeTheStartLineIsIgnored() throws SipParseException {
        assertThat(accept("\r\n\r\n" + options(40)).startLine()).startsWith("OPTIONS sip:");
    }

    @Test
    void ackIsNeverAnswered() {
        String ack = options(40, "X-A: 1", "X-B: 2", "X-C: 3", "X-D: 4").replace("OPTIONS", "ACK");
        SipParseException e = refuse(ack);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.replyTo()).isEmpty();
    }
}
