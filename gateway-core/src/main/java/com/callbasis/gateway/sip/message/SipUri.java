package com.callbasis.gateway.sip.message;

import java.util.regex.Pattern;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code sip:} or {@code sips:} URI (RFC 3261 s.19.1): {@code sip:user:password@host:port;params?headers}.
 * Other schemes (tel:, urn:) are not modelled; {@link #parse} rejects them and callers keep the text.
 */
public final class SipUri {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+");
    private final String scheme;
    private final String user; // may be null; kept escaped as written
    private final String password;
    private final String host; // IPv6 kept with brackets
    private final int port; // -1 when absent
    private final Params params;
    private final String headers; // without the leading '?', may be null

    private SipUri(String scheme, String user, String password, String host, int port, Params params, String headers) {
        this.scheme = scheme;
        this.user = user;
        this.password = password;
        this.host = host;
        this.port = port;
        this.params = params;
        this.headers = headers;
    }

    public static SipUri of(String user, String host, int port) {
        return new SipUri("sip", user, null, host, port, Params.EMPTY, null);
    }

    public static SipUri parse(String s) throws IllegalArgumentException {
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("URI has no scheme");
        }
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            throw new IllegalArgumentException("not a SIP URI: scheme " + scheme);
        }
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c <= ' ' || c == '<' || c == '>' || c == '"' || c >= 0x7f) {
                throw new IllegalArgumentException("illegal character in URI at " + k);
            }
        }
        String rest = s.substring(colon + 1);
        String user = null;
        String password = null;
        // s.25.1: '@' may appear unescaped only as the userinfo delimiter (user, password, params and
        // headers exclude it), while the user part may contain ';' and '?' (RFC 4475 semiuri, intmeth).
        int at = rest.indexOf('@');
        if (at >= 0) {
            String ui = rest.substring(0, at);
            int pc = ui.indexOf(':');
            user = pc >= 0 ? ui.substring(0, pc) : ui;
            password = pc >= 0 ? ui.substring(pc + 1) : null;
            if (user.isEmpty()) {
                throw new IllegalArgumentException("empty user part");
            }
            checkEscapes(user);
            rest = rest.substring(at + 1);
        }
        int i = 0;
        String host;
        if (rest.startsWith("[")) {
            int end = rest.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("unterminated IPv6 reference");
            }
            host = rest.substring(0, end + 1);
            if (!isIpv6Reference(host)) {
                throw new IllegalArgumentException("bad IPv6 reference");
            }
            i = end + 1;
        } else {
            while (i < rest.length() && ":;?".indexOf(rest.charAt(i)) < 0) {
                i++;
            }
            host = rest.substring(0, i);
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("bad host");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        int port = -1;
        if (i < rest.length() && rest.charAt(i) == ':') {
            int ps = ++i;
            while (i < rest.length() && Character.isDigit(rest.charAt(i))) {
                i++;
            }
            if (i == ps || i - ps > 5) {
                throw new IllegalArgumentException("bad port");
            }
            port = Integer.parseInt(rest.substring(ps, i));
            if (port > 65535) {
                throw new IllegalArgumentException("port out of range");
            }
        }
        Params.Parsed pp = Params.parse(rest, i, "?");
        i = pp.end();
        String headers = null;
        if (i < rest.length()) {
            if (rest.charAt(i) != '?') {
                throw new IllegalArgumentException("unexpected character in URI");
            }
            headers = rest.substring(i + 1);
        }
        return new SipUri(scheme, user, password, host, port, pp.params(), headers);
    }

    /** s.25.1 IPv6reference = "[" IPv6address "]": hex digits, colons and (for an embedded IPv4 tail) dots. */
    static boolean isIpv6Reference(String h) {
        if (h.length() < 4 || h.charAt(0) != '[' || h.charAt(h.length() - 1) != ']' || h.indexOf(':') < 0) {
            return false;
        }
        for (int k = 1; k < h.length() - 1; k++) {
            char c = h.charAt(k);
            if (!(c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static void checkEscapes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("bad %-escape in user part");
                }
            }
        }
    }

    public String scheme() {
        return scheme;
    }

    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    public String host() {
        return host;
    }

    /** Host without IPv6 brackets, for socket addresses. */
    public String hostAddress() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    public int port() {
        return port;
    }

    public int portOrDefault() {
        return port > 0 ? port : (scheme.equals("sips") ? 5061 : 5060);
    }

    public Params params() {
        return params;
    }

    /** The password part of userinfo (s.19.1.1, NOT RECOMMENDED but legal), if present. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The headers component after '?', without the '?' (s.19.1.1: not allowed in a Request-URI). */
    public Optional<String> headers() {
        return Optional.ofNullable(headers);
    }

    public Optional<String> transport() {
        return params.get("transport");
    }

    public boolean looseRouting() {
        return params.has("lr");
    }

    public SipUri withParams(Params p) {
        return new SipUri(scheme, user, password, host, port, p, headers);
    }

    public SipUri withUser(String newUser) {
        return new SipUri(scheme, newUser, password, host, port, params, headers);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(scheme).append(':');
        if (user != null) {
            sb.append(user);
            if (password != null) {
                sb.append(':').append(password);
            }
            sb.append('@');
        }
        sb.append(host);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        sb.append(params);
        if (headers != null) {
            sb.append('?').append(headers);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipUri u && u.toString().equalsIgnoreCase(toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString().toLowerCase(Locale.ROOT));
    }
}
