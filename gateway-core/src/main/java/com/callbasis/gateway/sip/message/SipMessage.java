package com.callbasis.gateway.sip.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An immutable SIP message (RFC 3261 s.7). Headers keep their order and their names as written, so
 * unknown headers and multipart bodies pass through unchanged. The headers every transaction needs
 * (Via, From, To, Call-ID, CSeq) are parsed once at construction; a message lacking them cannot be built.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {
    private final List<SipHeader> headers;
    private final byte[] body;
    private final List<Via> vias;
    private final NameAddress from;
    private final NameAddress to;
    private final String callId;
    private final CSeq cseq;
    /** Lookup key of each header, computed once: every header(name) call compares against all of them. */
    private final String[] keys;

    SipMessage(List<SipHeader> headers, byte[] body) {
        this.headers = Collections.unmodifiableList(new ArrayList<>(headers));
        this.body = body;
        this.keys = new String[this.headers.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = HeaderNames.key(this.headers.get(i).name());
        }
        List<Via> v = new ArrayList<>();
        for (String value : headerValues(HeaderNames.VIA)) {
            v.add(Via.parse(value));
        }
        this.vias = Collections.unmodifiableList(v);
        this.from = NameAddress.parse(required(HeaderNames.FROM));
        this.to = NameAddress.parse(required(HeaderNames.TO));
        this.callId = required(HeaderNames.CALL_ID);
        this.cseq = CSeq.parse(required(HeaderNames.CSEQ));
    }

    private String required(String name) {
        return header(name).orElseThrow(() -> new IllegalArgumentException("missing " + name));
    }

    public List<SipHeader> headers() {
        return headers;
    }

    /** The first header of that name (compact forms and case ignored), whole. */
    public Optional<String> header(String name) {
        String key = HeaderNames.key(name);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return Optional.of(headers.get(i).value());
            }
        }
        return Optional.empty();
    }

    /** Every value of that header in order; comma lists of list headers are split (s.7.3.1). */
    public List<String> headerValues(String name) {
        String key = HeaderNames.key(name);
        boolean list = HeaderNames.isList(name);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                String value = headers.get(i).value();
                if (list) {
                    out.addAll(splitList(value));
                } else {
                    out.add(value);
                }
            }
        }
        return out;
    }

    /** Splits a comma list, ignoring commas inside quotes and angle brackets. */
    static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                String part = value.substring(start, i).strip();
                if (!part.isEmpty()) {
                    out.add(part);
                }
                start = i + 1;
            }
        }
        String last = value.substring(start).strip();
        if (!last.isEmpty()) {
            out.add(last);
        }
        return out;
    }

    public byte[] body() {
        return body.clone();
    }

    public int bodyLength() {
        return body.length;
    }

    public List<Via> vias() {
        return vias;
    }

    public Optional<Via> topVia() {
        return vias.isEmpty() ? Optional.empty() : Optional.of(vias.get(0));
    }

    public NameAddress from() {
        return from;
    }

    public NameAddress to() {
        return to;
    }

    public String callId() {
        return callId;
    }

    public CSeq cseq() {
        return cseq;
    }

    public abstract String startLine();

    public abstract boolean isRequest();

    /**
     * Wire form: start line, headers in order (Content-Length rewritten to the real body length), body.
     */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + body.length);
        StringBuilder sb = new StringBuilder(256).append(startLine()).append("\r\n");
        for (int i = 0; i < keys.length; i++) {
            SipHeader h = headers.get(i);
            if (keys[i].equals("content-length")) {
                continue;
            }
            sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return new String(encode(), StandardCharsets.UTF_8);
    }

    /** Shared builder logic for requests and responses. */
    public abstract static class Builder<B extends Builder<B>> {
        final List<SipHeader> headers = new ArrayList<>();
        byte[] body = new byte[0];

        Builder() {
        }

        Builder(SipMessage m) {
            headers.addAll(m.headers);
            body = m.body;
        }

        @SuppressWarnings("unchecked")
        B self() {
            return (B) this;
        }

        /** Appends a header line. */
        public B add(String name, String value) {
            headers.add(new SipHeader(name, value));
            return self();
        }

        /** Inserts a header line before every other (for a new top Via). */
        public B addFirst(String name, String value) {
            headers.add(0, new SipHeader(name, value));
            return self();
        }

        /** Replaces every header of that name with one line, at the position of the first. */
        public B set(String name, String value) {
            int at = -1;
            for (int i = headers.size() - 1; i >= 0; i--) {
                if (headers.get(i).is(name)) {
                    headers.remove(i);
                    at = i;
                }
            }
            if (at < 0) {
                headers.add(new SipHeader(name, value));
            } else {
                headers.add(at, new SipHeader(name, value));
            }
            return self();
        }

        public B remove(String name) {
            headers.removeIf(h -> h.is(name));
            return self();
        }

        /** Removes the first value of a (possibly comma-listed) header, e.g. the top Via or Route. */
        public B removeFirstValue(String name) {
            for (int i = 0; i < headers.size(); i++) {
                SipHeader h = headers.get(i);
                if (h.is(name)) {
                    List<String> parts = splitList(h.value());
                    headers.remove(i);
                    if (parts.size() > 1) {
                        headers.add(i, new SipHeader(h.name(), String.join(", ", parts.subList(1, parts.size()))));
                    }
                    return self();
                }
            }
            return self();
        }

        public B body(byte[] newBody) {
            body = newBody.clone();
            return self();
        }
    }
}
