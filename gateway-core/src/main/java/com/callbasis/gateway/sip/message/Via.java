package com.callbasis.gateway.sip.message;

import java.util.Locale;
import java.util.Optional;

/**
 * One Via entry (RFC 3261 s.20.42): {@code SIP/2.0/UDP host:port;branch=z9hG4bK...;rport;received=...}.
 */
public final class Via {
    /** s.8.1.1.7: branches starting with this were created by RFC 3261 elements and are unique. */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    private final String protocol; // "SIP/2.0" unless the peer wrote another (token) name/version
    private final String transport; // upper case
    private final String host;
    private final int port; // -1 when absent
    private final Params params;

    public Via(String transport, String host, int port, Params params) {
        this("SIP/2.0", transport, host, port, params);
    }

    private Via(String protocol, String transport, String host, int port, Params params) {
        this.protocol = protocol;
        this.transport = transport.toUpperCase(Locale.ROOT);
        this.host = host;
        this.port = port;
        this.params = params;
    }

    public static Via parse(String s) throws IllegalArgumentException {
        String v = s.strip();
        int slash1 = v.indexOf('/');
        int slash2 = slash1 < 0 ? -1 : v.indexOf('/', slash1 + 1);
        if (slash2 < 0) {
            throw new IllegalArgumentException("Via must start with SIP/2.0/transport");
        }
        String proto = v.substring(0, slash1).strip();
        String version = v.substring(slash1 + 1, slash2).strip();
        // s.25.1: sent-protocol = protocol-name SLASH protocol-version SLASH transport, where name and
        // version are tokens. Another version is well formed (RFC 4475 badvers answers it with 505, which
        // needs the Via), so it is kept rather than refused here; the request line decides on the version.
        if (!Lex.isToken(proto) || !Lex.isToken(version)) {
            throw new IllegalArgumentException("Via sent-protocol must be name/version/transport tokens");
        }
        String protocol = proto.equalsIgnoreCase("SIP") && version.equals("2.0") ? "SIP/2.0" : proto + "/" + version;
        int i = Lex.skipLws(v, slash2 + 1);
        int ts = i;
        while (i < v.length() && Lex.isTokenChar(v.charAt(i))) {
            i++;
        }
        String transport = v.substring(ts, i);
        if (transport.isEmpty()) {
            throw new IllegalArgumentException("Via has no transport");
        }
        i = Lex.skipLws(v, i);
        int hs = i;
        String host;
        if (i < v.length() && v.charAt(i) == '[') {
            int end = v.indexOf(']', i);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated IPv6 reference in Via");
            }
            host = v.substring(hs, end + 1);
            if (!SipUri.isIpv6Reference(host)) {
                throw new IllegalArgumentException("bad IPv6 reference in Via");
            }
            i = end + 1;
        } else {
            while (i < v.length() && isHostChar(v.charAt(i))) {
                i++;
            }
            host = v.substring(hs, i);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("Via has no sent-by host");
        }
        i = Lex.skipLws(v, i);
        int port = -1;
        if (i < v.length() && v.charAt(i) == ':') {
            i = Lex.skipLws(v, i + 1);
            int ps = i;
            while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
                i++;
            }
            if (i == ps || i - ps > 5 || Integer.parseInt(v.substring(ps, i)) > 65535) {
                throw new IllegalArgumentException("bad Via port");
            }
            port = Integer.parseInt(v.substring(ps, i));
        }
        Params.Parsed pp = Params.parse(v, i, "");
        if (pp.end() != v.length()) {
            throw new IllegalArgumentException("trailing characters in Via");
        }
        return new Via(protocol, transport, host, port, pp.params());
    }

    private static boolean isHostChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }

    /** "SIP/2.0" for every RFC 3261 element; kept as written otherwise. */
    public String protocol() {
        return protocol;
    }

    public String transport() {
        return transport;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Params params() {
        return params;
    }

    public Optional<String> branch() {
        return params.get("branch");
    }

    /** "host:port" as used for transaction matching (s.17.2.3). */
    public String sentBy() {
        return host.toLowerCase(Locale.ROOT) + ":" + (port < 0 ? 5060 : port);
    }

    public Via withParams(Params p) {
        return new Via(protocol, transport, host, port, p);
    }

    @Override
    public String toString() {
        return protocol + "/" + transport + " " + host + (port >= 0 ? ":" + port : "") + params;
    }
}
