package com.callbasis.gateway.sip.message;

import java.util.regex.Pattern;
import com.callbasis.config.SipLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Parses one complete SIP message (a UDP datagram, or a frame cut by the stream framer) per RFC 3261
 * s.7 and s.25, strict where RFC 4475 says a message is invalid and lenient where it says a parser
 * must cope (folding, LWS around colons, compact forms, bare LF line ends, leading CRLF).
 *
 * <p>Failures are {@link SipParseException}s with the status to answer and, when the request is
 * still identifiable, a minimal request to build that answer from. Responses are never answered
 * (status 0: drop). No input makes {@link #parse} throw anything else.
 *
 * <p>Decisions on the RFC 4475 cases where the RFC leaves a choice (fixtures in src/test/resources/rfc4475):
 * <ul>
 *   <li>baddate: accepted. "An element shouldn't [reject it] unless the contents of the Date header field
 *       were actually important to its processing"; the gateway never reads Date.</li>
 *   <li>lwsstart, trws, lwsruri, ltgtruri, escruri, badaspec, baddn, quotbal, regbadct: refused with 400
 *       ("it is acceptable/reasonable to reject"); being liberal would mean forwarding a repaired copy.</li>
 *   <li>mismatch02: 501 when the request method is unknown ("501 ... has better future-proof
 *       characteristics"), 400 for a known method (mismatch01).</li>
 *   <li>badvers: 505, answered, since Via "SIP/7.0/UDP" is well-formed sent-protocol grammar.</li>
 *   <li>clerr: 400 on a datagram; on a stream the framer waits for the rest (the RFC's advice).</li>
 *   <li>Requests whose Via, From, To, Call-ID or CSeq cannot be parsed (badinv01, quotbal, badaspec,
 *       baddn, scalar02, insuf) get status 400 but no stub: an answer must echo those headers
 *       (s.8.2.6.2), so they are dropped and counted.</li>
 * </ul>
 */
public final class SipParser {
    // Compiled once: String.matches compiles its pattern on every call, which showed up first in profiles.
    private static final Pattern SIP_VERSION = Pattern.compile("(?i)SIP/[0-9]+\\.[0-9]+");
    private static final Pattern DIGITS_1_9 = Pattern.compile("[0-9]{1,9}");
    private static final Pattern DIGITS_1_10 = Pattern.compile("[0-9]{1,10}");
    private static final Pattern STATUS_CODE = Pattern.compile("[1-6][0-9][0-9]");
    static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private final SipLimits limits;

    public SipParser(SipLimits limits) {
        this.limits = limits;
    }

    /** Methods of RFC 3261 and its registered extensions; a CSeq mismatch on any other method is answered 501. */
    private static final Set<String> KNOWN_METHODS = Set.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER",
            "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE");

    /** Headers that s.7.3.1 allows once only (they are not comma lists); a second row is a 400 (RFC 4475 multi01). */
    private static final List<String> SINGLE = List.of(HeaderNames.FROM, HeaderNames.TO, HeaderNames.CALL_ID,
            HeaderNames.CSEQ, HeaderNames.MAX_FORWARDS, HeaderNames.CONTENT_TYPE);

    /** Name-addr headers the B2BUA reads later; a value our model cannot parse is refused now with a 400. */
    private static final List<String> ADDRESS_LISTS = List.of(HeaderNames.CONTACT, HeaderNames.ROUTE, HeaderNames.RECORD_ROUTE);

    /**
     * Parses {@code data[off, off+len)}. On a datagram the body is what follows the headers, cut to
     * Content-Length (s.18.3: octets beyond it are discarded, RFC 4475 dblreq).
     *
     * @throws SipParseException never any other exception, whatever the input
     */
    public SipMessage parse(byte[] data, int off, int len) throws SipParseException {
        int end = off + len;
        int p = off;
        while (p < end && (data[p] == '\r' || data[p] == '\n')) {
            p++; // s.7.5: ignore CRLFs before the start line
        }
        boolean isResponse = end - p >= 4 && (data[p] == 'S' || data[p] == 's') && decode(data, p, p + 4).equalsIgnoreCase("SIP/");
        if (len > limits.maxMessageSize()) {
            if (isResponse) {
                throw new SipParseException("limit", 0, p, "Message Too Large");
            }
            // s.21.5.14 513 Message Too Large; only a bounded prefix is scanned for the headers to answer with.
            throw failure("limit", 513, p, "Message Too Large", quickHeaders(data, p, Math.min(end, p + 16384)));
        }
        int lineEnd = indexOfLf(data, p, end);
        if (lineEnd < 0) {
            boolean tooLong = end - p > limits.maxStartLine();
            throw new SipParseException(tooLong ? "limit" : "start_line", isResponse ? 0 : (tooLong ? 414 : 400), p,
                    "no end of start line");
        }
        int startEnd = trimCr(data, p, lineEnd);
        int startLen = startEnd - p;
        String startLine = decode(data, p, startEnd);
        int startOffset = p;
        p = lineEnd + 1;

        // Header lines, unfolded (s.7.3.1: LWS, i.e. CRLF followed by SP/HT, is one SP).
        List<SipHeader> headers = new ArrayList<>();
        int headerError = -1;
        String headerProblem = null;
        String headerKind = "header";
        StringBuilder current = null;
        int currentStart = p;
        int currentBytes = 0;
        int fields = 0;
        while (true) {
            if (p >= end) {
                if (current != null && headerProblem == null) {
                    addHeader(headers, current.toString());
                }
                if (headerProblem == null) {
                    headerError = p;
                    headerProblem = "Headers Not Terminated By An Empty Line";
                }
                break;
            }
            int le = indexOfLf(data, p, end);
            int lineStop = le < 0 ? end : le;
            int contentEnd = trimCr(data, p, lineStop);
            if (contentEnd == p) { // empty line: end of headers
                if (current != null && headerProblem == null && !addHeader(headers, current.toString())) {
                    headerError = currentStart;
                    headerProblem = "Malformed Header Line";
                }
                p = lineStop + 1;
                break;
            }
            byte first = data[p];
            if (first == ' ' || first == '\t') {
                if (current == null) {
                    if (headerProblem == null) {
                        headerError = p;
                        headerProblem = "Continuation Line Before Any Header";
                    }
                } else {
                    int keep = current.length();
                    while (keep > 0 && (current.charAt(keep - 1) == ' ' || current.charAt(keep - 1) == '\t')) {
                        keep--;
                    }
                    current.setLength(keep);
                    current.append(' ').append(decode(data, p, contentEnd).strip());
                    currentBytes += contentEnd - p;
                }
            } else {
                if (current != null && headerProblem == null && !addHeader(headers, current.toString())) {
                    headerError = currentStart;
                    headerProblem = "Malformed Header Line";
                }
                current = new StringBuilder(decode(data, p, contentEnd));
                currentStart = p;
                currentBytes = contentEnd - p;
                fields++;
            }
            if (headerProblem == null && current != null && currentBytes > limits.maxHeaderLine()) {
                headerError = currentStart;
                headerProblem = "Header Too Long";
                headerKind = "limit";
            }
            if (headerProblem == null && fields > limits.maxHeaders()) {
                headerError = p;
                headerProblem = "Too Many Headers";
                headerKind = "limit";
            }
            p = le < 0 ? end : le + 1;
        }
        int bodyStart = Math.min(p, end);

        if (isResponse) {
            return parseResponse(startLine, startLen, headers, headerProblem, headerError, data, bodyStart, end);
        }
        // Requests: the start line, then the headers; the first problem found is the one answered.
        if (startLen > limits.maxStartLine()) {
            throw failure("limit", 414, startOffset, "Request-URI Too Long", headers);
        }
        if (headerProblem != null) {
            throw failure(headerKind, 400, headerError, headerProblem, headers);
        }
        // s.7.1 / s.25.1: Request-Line = Method SP Request-URI SP SIP-Version CRLF, single SPs only. RFC 4475
        // lwsstart, trws and lwsruri may be refused ("it is acceptable to reject"), and are: a proxy could not
        // forward them unchanged anyway.
        String[] parts = startLine.split(" ", -1);
        if (parts.length != 3) {
            throw failure("start_line", 400, startOffset, "Malformed Request Line", headers);
        }
        String method = parts[0];
        String uri = parts[1];
        String version = parts[2];
        if (!Lex.isToken(method)) {
            throw failure("start_line", 400, startOffset, "Malformed Method", headers);
        }
        if (!version.equalsIgnoreCase("SIP/2.0")) {
            if (SIP_VERSION.matcher(version).matches()) {
                // s.8.2.6 / s.21.5.7 and RFC 4475 badvers: a well-formed other version gets 505
                throw failure("version", 505, startOffset, "Version Not Supported", headers);
            }
            throw failure("start_line", 400, startOffset, "Malformed SIP Version", headers);
        }
        String uriProblem = checkRequestUri(uri);
        if (uriProblem != null) {
            throw failure("request_uri", 400, startOffset + method.length() + 1, uriProblem, headers);
        }
        for (String single : SINGLE) {
            if (count(headers, single) > 1) {
                throw failure("header", 400, startOffset, "Multiple " + single + " Headers", headers);
            }
        }
        byte[] body;
        try {
            body = body(headers, data, bodyStart, end, true);
        } catch (SipParseException e) {
            throw failure(e.kind(), e.status(), e.offset(), e.getMessage(), headers);
        }
        SipRequest request;
        try {
            request = new SipRequest(method, uri, headers, body);
        } catch (IllegalArgumentException e) {
            throw failure("header", 400, startOffset, "Bad Header: " + e.getMessage(), headers);
        }
        if (request.vias().isEmpty()) {
            throw new SipParseException("header", 400, startOffset, "Missing Via");
        }
        if (!request.cseq().method().equals(method)) {
            // RFC 4475 mismatch01: 400. mismatch02 (unknown method): "501 ... has better future-proof characteristics".
            boolean known = KNOWN_METHODS.contains(method);
            throw failure("header", known ? 400 : 501, startOffset, known ? "CSeq Method Does Not Match" : "Not Implemented", headers);
        }
        Optional<String> mf = request.header(HeaderNames.MAX_FORWARDS);
        if (mf.isPresent()) {
            // s.20.22: Max-Forwards = 1*DIGIT in 0-255; leading zeros are legal (RFC 4475 wsinv "0068")
            String v = mf.get().strip();
            if (!DIGITS_1_10.matcher(v).matches() || Long.parseLong(v) > 255) {
                throw failure("header", 400, startOffset, "Bad Max-Forwards", headers);
            }
        }
        for (String name : ADDRESS_LISTS) {
            for (String value : request.headerValues(name)) {
                if (name.equals(HeaderNames.CONTACT) && value.equals("*")) {
                    continue; // s.10.2.2 wildcard
                }
                try {
                    NameAddress.parse(value);
                } catch (IllegalArgumentException e) {
                    // RFC 4475 regbadct: an addr-spec with '?' must be a name-addr
                    throw failure("header", 400, startOffset, "Bad " + name + ": " + e.getMessage(), headers);
                }
            }
        }
        return request;
    }

    private static int count(List<SipHeader> headers, String name) {
        int n = 0;
        for (SipHeader h : headers) {
            if (h.is(name)) {
                n++;
            }
        }
        return n;
    }

    private SipResponse parseResponse(String startLine, int startLen, List<SipHeader> headers, String headerProblem,
                                      int headerError, byte[] data, int bodyStart, int end) throws SipParseException {
        // Responses cannot be answered: every problem is a drop, status 0 (counted by the caller).
        if (startLen > limits.maxStartLine()) {
            throw new SipParseException("limit", 0, 0, "status line too long");
        }
        if (headerProblem != null) {
            throw new SipParseException("header", 0, headerError, headerProblem);
        }
        int sp1 = startLine.indexOf(' ');
        if (sp1 < 0 || !startLine.substring(0, sp1).equalsIgnoreCase("SIP/2.0")) {
            throw new SipParseException("version", 0, 0, "bad version in status line");
        }
        int sp2 = startLine.indexOf(' ', sp1 + 1);
        String code = sp2 < 0 ? startLine.substring(sp1 + 1) : startLine.substring(sp1 + 1, sp2);
        // s.7.2 Status-Code = 3DIGIT, 100-699; RFC 4475 bigcode (4294967301) is dropped
        if (!STATUS_CODE.matcher(code).matches()) {
            throw new SipParseException("start_line", 0, sp1 + 1, "bad status code");
        }
        // RFC 4475 noreason: "SIP/2.0 100 " has an empty Reason-Phrase; a missing SP is tolerated too
        String reason = sp2 < 0 ? "" : startLine.substring(sp2 + 1);
        byte[] body = body(headers, data, bodyStart, end, false);
        try {
            SipResponse r = new SipResponse(Integer.parseInt(code), reason, headers, body);
            if (r.vias().isEmpty()) {
                throw new SipParseException("header", 0, 0, "response without Via");
            }
            return r;
        } catch (IllegalArgumentException e) {
            throw new SipParseException("header", 0, 0, "bad header in response: " + e.getMessage());
        }
    }

    /**
     * The body: what follows the headers, cut to Content-Length (s.20.14, 1*DIGIT); a Content-Length
     * larger than what arrived (RFC 4475 clerr), negative or not a number (ncl), or two that disagree
     * (mcl01) are errors.
     */
    private static byte[] body(List<SipHeader> headers, byte[] data, int bodyStart, int end, boolean request) throws SipParseException {
        int available = end - bodyStart;
        Integer declared = null;
        for (SipHeader h : headers) {
            if (h.is(HeaderNames.CONTENT_LENGTH)) {
                String v = h.value().strip();
                if (!DIGITS_1_9.matcher(v).matches()) {
                    throw new SipParseException("content_length", request ? 400 : 0, bodyStart, "Bad Content-Length");
                }
                int n = Integer.parseInt(v);
                if (declared != null && declared != n) {
                    throw new SipParseException("content_length", request ? 400 : 0, bodyStart, "Conflicting Content-Length");
                }
                declared = n;
            }
        }
        if (declared == null) {
            return Arrays.copyOfRange(data, bodyStart, end);
        }
        if (declared > available) {
            throw new SipParseException("content_length", request ? 400 : 0, bodyStart, "Content-Length Larger Than Body");
        }
        return Arrays.copyOfRange(data, bodyStart, bodyStart + declared);
    }

    private static String checkRequestUri(String uri) {
        if (uri.isEmpty() || uri.startsWith("<")) {
            return "Malformed Request-URI"; // RFC 4475 ltgtruri
        }
        for (int k = 0; k < uri.length(); k++) {
            char c = uri.charAt(k);
            if (c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == '"') {
                return "Malformed Request-URI";
            }
        }
        int colon = uri.indexOf(':');
        if (colon <= 0 || !SCHEME.matcher(uri.substring(0, colon)).matches()) {
            return "Request-URI Has No Scheme";
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        if (scheme.equals("sip") || scheme.equals("sips")) {
            try {
                if (SipUri.parse(uri).headers().isPresent()) {
                    // s.19.1.1 table 1: headers are not allowed in a Request-URI (RFC 4475 escruri)
                    return "Headers Not Allowed In Request-URI";
                }
            } catch (IllegalArgumentException e) {
                return "Malformed Request-URI";
            }
        }
        return null; // other schemes (tel:, RFC 4475 unkscm/novelsc) are for the application to refuse with 416
    }

    /**
     * Builds the exception; when the request is identifiable (its Vias, From, To, Call-ID and CSeq parse,
     * and it is not an ACK, which is never answered) attaches a stub to answer with. Only the first
     * row of each single-valued header is kept, so the answer never repeats a duplicate.
     */
    private static SipParseException failure(String kind, int status, int offset, String reason, List<SipHeader> headers) {
        SipParseException e = new SipParseException(kind, status, offset, reason);
        List<SipHeader> needed = new ArrayList<>();
        boolean from = false;
        boolean to = false;
        boolean callId = false;
        boolean cseq = false;
        for (SipHeader h : headers) {
            if (h.is(HeaderNames.VIA)) {
                needed.add(h);
            } else if (h.is(HeaderNames.FROM) && !from) {
                from = needed.add(h);
            } else if (h.is(HeaderNames.TO) && !to) {
                to = needed.add(h);
            } else if (h.is(HeaderNames.CALL_ID) && !callId) {
                callId = needed.add(h);
            } else if (h.is(HeaderNames.CSEQ) && !cseq) {
                cseq = needed.add(h);
            }
        }
        if (!(from && to && callId && cseq)) {
            return e; // not identifiable: the caller drops it
        }
        try {
            CSeq c = CSeq.parse(headerValue(needed, HeaderNames.CSEQ));
            SipRequest stub = new SipRequest(c.method(), "sip:invalid", needed, new byte[0]);
            if (!stub.vias().isEmpty() && !stub.is(SipRequest.ACK)) {
                e.replyTo(stub);
            }
        } catch (IllegalArgumentException ignored) {
            // not identifiable: the caller drops it
        }
        return e;
    }

    private static String headerValue(List<SipHeader> headers, String name) {
        for (SipHeader h : headers) {
            if (h.is(name)) {
                return h.value();
            }
        }
        throw new IllegalArgumentException("missing " + name);
    }

    /**
     * A minimal request to answer a message that could not be framed (stream framing errors), if its
     * identifying headers can be read from {@code head}. Empty for responses and for ACKs.
     */
    public static Optional<SipRequest> identify(byte[] head) {
        int p = 0;
        while (p < head.length && (head[p] == '\r' || head[p] == '\n')) {
            p++;
        }
        if (head.length - p >= 4 && decode(head, p, p + 4).equalsIgnoreCase("SIP/")) {
            return Optional.empty(); // responses cannot be answered
        }
        return failure("limit", 400, 0, "", quickHeaders(head, p, Math.min(head.length, p + 16384))).replyTo();
    }

    /**
     * A cheap header scan used only to answer a message too large (or too broken) to parse: skips the
     * start line, unfolds continuation lines, stops at the first empty line or at {@code end}.
     */
    private static List<SipHeader> quickHeaders(byte[] data, int off, int end) {
        List<SipHeader> out = new ArrayList<>();
        int p = indexOfLf(data, off, end);
        StringBuilder current = null;
        while (p >= 0 && p + 1 < end) {
            int s = p + 1;
            int le = indexOfLf(data, s, end);
            if (le < 0) {
                break; // a line cut by the scan bound is not trusted
            }
            int ce = trimCr(data, s, le);
            if (ce == s) {
                break;
            }
            if (data[s] == ' ' || data[s] == '\t') {
                if (current != null) {
                    current.append(' ').append(decode(data, s, ce).strip());
                }
            } else {
                if (current != null) {
                    addHeader(out, current.toString());
                }
                current = new StringBuilder(decode(data, s, ce));
            }
            p = le;
        }
        if (current != null) {
            addHeader(out, current.toString());
        }
        return out;
    }

    private static boolean addHeader(List<SipHeader> headers, String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String name = line.substring(0, colon).strip();
        if (!Lex.isToken(name)) {
            return false;
        }
        headers.add(new SipHeader(name, line.substring(colon + 1).strip()));
        return true;
    }

    static int indexOfLf(byte[] data, int from, int end) {
        for (int i = from; i < end; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int trimCr(byte[] data, int start, int lf) {
        return lf > start && data[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private static String decode(byte[] data, int from, int to) {
        return new String(data, from, to - from, StandardCharsets.UTF_8);
    }
}
