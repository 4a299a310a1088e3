package com.callbasis.gateway.sip.message;

import com.callbasis.config.SipLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses one complete SIP message (a UDP datagram, or a frame cut by the stream framer) per RFC 3261
 * s.7 and s.25, strict where RFC 4475 says a message is invalid and lenient where it says a parser
 * must cope (folding, LWS around colons, compact forms, bare LF line ends, leading CRLF).
 *
 * <p>Failures are {@link SipParseException}s with the status to answer and, when the request is
 * still identifiable, a minimal request to build that answer from.
 */
public final class SipParser {
    private final SipLimits limits;

    public SipParser(SipLimits limits) {
        this.limits = limits;
    }

    /** Parses {@code data[off, off+len)}. On a datagram the body is what follows the headers, cut to Content-Length. */
    public SipMessage parse(byte[] data, int off, int len) throws SipParseException {
        int end = off + len;
        int p = off;
        while (p < end && (data[p] == '\r' || data[p] == '\n')) {
            p++; // s.7.5: ignore CRLFs before the start line
        }
        if (len > limits.maxMessageSize()) {
            throw failure("limit", 513, p, "Message Too Large", List.of(), data, off, end, true);
        }
        int lineEnd = indexOfLf(data, p, end);
        if (lineEnd < 0) {
            throw new SipParseException("start_line", 400, p, "no end of start line");
        }
        String startLine = decode(data, p, trimCr(data, p, lineEnd));
        boolean isResponse = startLine.startsWith("SIP/") || startLine.regionMatches(true, 0, "SIP/", 0, 4);
        p = lineEnd + 1;

        // Header lines, unfolded.
        List<SipHeader> headers = new ArrayList<>();
        int headerError = -1;
        String headerProblem = null;
        int headerStatus = 400;
        String headerKind = "header";
        StringBuilder current = null;
        int currentStart = p;
        while (true) {
            if (p >= end) {
                if (current != null) {
                    addHeader(headers, current.toString());
                }
                headerError = headerError >= 0 ? headerError : p;
                headerProblem = headerProblem != null ? headerProblem : "headers not terminated by an empty line";
                break;
            }
            int le = indexOfLf(data, p, end);
            int lineStop = le < 0 ? end : le;
            int contentEnd = trimCr(data, p, lineStop);
            if (contentEnd == p) { // empty line: end of headers
                if (current != null && headerProblem == null) {
                    if (!addHeader(headers, current.toString())) {
                        headerError = currentStart;
                        headerProblem = "malformed header line";
                    }
                }
                p = lineStop + 1;
                break;
            }
            byte first = data[p];
            if (first == ' ' || first == '\t') {
                if (current == null) {
                    headerError = headerError >= 0 ? headerError : p;
                    headerProblem = headerProblem != null ? headerProblem : "continuation line before any header";
                } else {
                    current.append(' ').append(decode(data, p, contentEnd).strip());
                }
            } else {
                if (current != null && headerProblem == null && !addHeader(headers, current.toString())) {
                    headerError = currentStart;
                    headerProblem = "malformed header line";
                }
                current = new StringBuilder(decode(data, p, contentEnd));
                currentStart = p;
            }
            if (current != null && current.length() > limits.maxHeaderLine() && headerProblem == null) {
                headerError = currentStart;
                headerProblem = "Header Too Long";
                headerKind = "limit";
            }
            if (headers.size() >= limits.maxHeaders() && headerProblem == null) {
                headerError = p;
                headerProblem = "Too Many Headers";
                headerKind = "limit";
            }
            if (le < 0) {
                p = end;
            } else {
                p = le + 1;
            }
        }
        int bodyStart = Math.min(p, end);

        if (isResponse) {
            return parseResponse(startLine, headers, headerProblem, headerError, data, bodyStart, end);
        }
        // Requests: work out the start line, then the headers, collecting the first problem.
        String[] parts = startLine.split(" ", -1);
        if (startLine.length() > limits.maxStartLine()) {
            throw failure("limit", 414, off, "Request-URI Too Long", headers, data, off, end, false);
        }
        if (headerProblem != null) {
            throw failure(headerKind, headerStatus, headerError, headerProblem, headers, data, off, end, false);
        }
        if (parts.length != 3) {
            throw failure("start_line", 400, off, "Malformed Request Line", headers, data, off, end, false);
        }
        String method = parts[0];
        String uri = parts[1];
        String version = parts[2];
        if (!Lex.isToken(method)) {
            throw failure("start_line", 400, off, "Malformed Method", headers, data, off, end, false);
        }
        if (!version.equalsIgnoreCase("SIP/2.0")) {
            if (version.toUpperCase(Locale.ROOT).matches("SIP/\\d+\\.\\d+")) {
                throw failure("version", 505, off, "Version Not Supported", headers, data, off, end, false);
            }
            throw failure("start_line", 400, off, "Malformed SIP Version", headers, data, off, end, false);
        }
        String uriProblem = checkRequestUri(uri);
        if (uriProblem != null) {
            throw failure("request_uri", 400, off + method.length() + 1, uriProblem, headers, data, off, end, false);
        }
        byte[] body;
        try {
            body = body(headers, data, bodyStart, end, true);
        } catch (SipParseException e) {
            throw failure(e.kind(), e.status(), e.offset(), e.getMessage(), headers, data, off, end, false);
        }
        SipRequest request;
        try {
            request = new SipRequest(method, uri, headers, body);
        } catch (IllegalArgumentException e) {
            throw failure("header", 400, off, "Bad Header: " + e.getMessage(), headers, data, off, end, false);
        }
        if (request.vias().isEmpty()) {
            throw new SipParseException("header", 400, off, "Missing Via");
        }
        if (!request.cseq().method().equals(method)) {
            throw failure("header", 400, off, "CSeq Method Does Not Match", headers, data, off, end, false);
        }
        Optional<String> mf = request.header(HeaderNames.MAX_FORWARDS);
        if (mf.isPresent() && !mf.get().strip().matches("\\d{1,3}") || mf.isPresent() && Integer.parseInt(mf.get().strip()) > 255) {
            throw failure("header", 400, off, "Bad Max-Forwards", headers, data, off, end, false);
        }
        return request;
    }

    private SipResponse parseResponse(String startLine, List<SipHeader> headers, String headerProblem, int headerError,
                                      byte[] data, int bodyStart, int end) throws SipParseException {
        // Responses cannot be answered: every problem is a drop (counted by the caller).
        if (startLine.length() > limits.maxStartLine()) {
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
        if (!code.matches("[1-6]\\d\\d")) {
            throw new SipParseException("start_line", 0, sp1 + 1, "bad status code");
        }
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

    /** The body: what follows the headers, cut to Content-Length; a Content-Length larger than what arrived is an error. */
    private static byte[] body(List<SipHeader> headers, byte[] data, int bodyStart, int end, boolean request) throws SipParseException {
        int available = end - bodyStart;
        Integer declared = null;
        for (SipHeader h : headers) {
            if (h.is(HeaderNames.CONTENT_LENGTH)) {
                String v = h.value().strip();
                if (!v.matches("\\d{1,9}")) {
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
            return "Malformed Request-URI";
        }
        int colon = uri.indexOf(':');
        if (colon <= 0 || !uri.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return "Request-URI Has No Scheme";
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        if (scheme.equals("sip") || scheme.equals("sips")) {
            try {
                SipUri.parse(uri);
            } catch (IllegalArgumentException e) {
                return "Malformed Request-URI";
            }
        }
        return null;
    }

    /** Builds the exception; for requests whose identifying headers parse, attaches a stub to reply to. */
    private static SipParseException failure(String kind, int status, int offset, String reason, List<SipHeader> headers,
                                             byte[] data, int off, int end, boolean rescanHeaders) {
        SipParseException e = new SipParseException(kind, status, offset, reason);
        List<SipHeader> basis = headers;
        if (rescanHeaders) {
            basis = quickHeaders(data, off, Math.min(end, off + 16384));
        }
        List<SipHeader> needed = new ArrayList<>();
        for (SipHeader h : basis) {
            if (h.is(HeaderNames.VIA) || h.is(HeaderNames.FROM) || h.is(HeaderNames.TO) || h.is(HeaderNames.CALL_ID)
                    || h.is(HeaderNames.CSEQ)) {
                needed.add(h);
            }
        }
        try {
            CSeq cseq = null;
            for (SipHeader h : needed) {
                if (h.is(HeaderNames.CSEQ)) {
                    cseq = CSeq.parse(h.value());
                }
            }
            if (cseq != null) {
                SipRequest stub = new SipRequest(cseq.method(), "sip:invalid", needed, new byte[0]);
                if (!stub.vias().isEmpty() && !stub.is(SipRequest.ACK)) {
                    e.replyTo(stub);
                }
            }
        } catch (IllegalArgumentException ignored) {
            // not identifiable: the caller drops it
        }
        return e;
    }

    /**
     * A minimal request to answer a message that could not be framed (stream framing errors), if its
     * identifying headers can be read.
     */
    public static Optional<SipRequest> identify(byte[] head) {
        if (head.length >= 4 && (head[0] == 'S' || head[0] == 's') && new String(head, 0, 4, StandardCharsets.US_ASCII).equalsIgnoreCase("SIP/")) {
            return Optional.empty(); // responses cannot be answered
        }
        return failure("limit", 400, 0, "", List.of(), head, 0, head.length, true).replyTo();
    }

    /** A cheap header scan used only to answer an oversized message. */
    private static List<SipHeader> quickHeaders(byte[] data, int off, int end) {
        List<SipHeader> out = new ArrayList<>();
        int p = indexOfLf(data, off, end);
        while (p >= 0 && p + 1 < end) {
            int s = p + 1;
            int le = indexOfLf(data, s, end);
            if (le < 0) {
                break;
            }
            int ce = trimCr(data, s, le);
            if (ce == s) {
                break;
            }
            addHeader(out, decode(data, s, ce));
            p = le;
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
