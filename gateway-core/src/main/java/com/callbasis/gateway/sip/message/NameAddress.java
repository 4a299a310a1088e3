package com.callbasis.gateway.sip.message;

import java.util.regex.Pattern;
import java.util.Optional;

/**
 * The value of From, To, Contact, Route and Record-Route (RFC 3261 s.20.10, s.25.1 name-addr /
 * addr-spec): an optional display name, a URI, and header parameters such as {@code tag}. With an
 * addr-spec (no angle brackets) the parameters after the URI belong to the header, not the URI.
 */
public final class NameAddress {
    private static final Pattern WORDS = Pattern.compile("[ \t]+");
    private final String displayName; // as written (quoted or token words), null when absent
    private final String uri; // text inside <>, or the addr-spec
    private final Params params;

    public NameAddress(String displayName, String uri, Params params) {
        this.displayName = displayName;
        this.uri = uri;
        this.params = params;
    }

    public static NameAddress of(String uri) {
        return new NameAddress(null, uri, Params.EMPTY);
    }

    public static NameAddress parse(String s) throws IllegalArgumentException {
        String v = s.strip();
        int i = 0;
        String display = null;
        String uri;
        int lt = -1;
        if (v.startsWith("\"")) {
            int end = Lex.endOfQuoted(v, 0);
            display = v.substring(0, end);
            i = Lex.skipLws(v, end);
            if (i >= v.length() || v.charAt(i) != '<') {
                throw new IllegalArgumentException("quoted display name must be followed by <uri>");
            }
            lt = i;
        } else {
            lt = v.indexOf('<');
            int semi = v.indexOf(';');
            if (lt >= 0 && (semi < 0 || lt < semi)) {
                String words = v.substring(0, lt).strip();
                if (!words.isEmpty()) {
                    for (String w : WORDS.split(words)) {
                        if (!Lex.isToken(w)) {
                            throw new IllegalArgumentException("display name must be a quoted string or tokens");
                        }
                    }
                    display = words;
                }
            } else {
                lt = -1;
            }
        }
        if (lt >= 0) {
            int gt = v.indexOf('>', lt);
            if (gt < 0) {
                throw new IllegalArgumentException("missing '>'");
            }
            // s.25.1: LAQUOT addr-spec RAQUOT admits no whitespace inside the brackets; RFC 4475 badaspec
            // ("< sip:t.watson@example.org >") is invalid and refused here rather than silently repaired.
            uri = v.substring(lt + 1, gt);
            i = gt + 1;
        } else {
            int semi = v.indexOf(';');
            // LWS before the ';' of a header parameter is allowed (SEMI = SWS ";" SWS; RFC 4475 wsinv To)
            uri = (semi < 0 ? v : v.substring(0, semi)).strip();
            i = semi < 0 ? v.length() : semi;
            // s.20.10: an addr-spec with ',', '?' or ';' in its URI must use angle brackets; '?' here is an error
            if (uri.indexOf('?') >= 0 || uri.indexOf(',') >= 0) {
                throw new IllegalArgumentException("URI with '?' or ',' must be enclosed in <>");
            }
        }
        if (uri.isEmpty()) {
            throw new IllegalArgumentException("empty URI");
        }
        int colon = uri.indexOf(':');
        if (colon <= 0 || !SipParser.SCHEME.matcher(uri.substring(0, colon)).matches()) {
            throw new IllegalArgumentException("URI has no scheme");
        }
        for (int k = 0; k < uri.length(); k++) {
            char c = uri.charAt(k);
            if (c <= ' ' || c == '<' || c == '>' || c == '"') {
                throw new IllegalArgumentException("illegal character in URI");
            }
        }
        Params.Parsed pp = Params.parse(v, i, "");
        if (pp.end() != v.length()) {
            throw new IllegalArgumentException("trailing characters after parameters");
        }
        return new NameAddress(display, uri, pp.params());
    }

    public Optional<String> displayName() {
        return Optional.ofNullable(displayName);
    }

    /**
     * The display name as text: a quoted-string loses its quotes and its quoted-pairs are resolved
     * (s.25.1 quoted-pair = "\\" char), token words are returned as written.
     */
    public Optional<String> displayNameText() {
        if (displayName == null || !displayName.startsWith("\"")) {
            return Optional.ofNullable(displayName);
        }
        StringBuilder sb = new StringBuilder(displayName.length());
        for (int k = 1; k < displayName.length() - 1; k++) {
            char c = displayName.charAt(k);
            if (c == '\\' && k + 1 < displayName.length() - 1) {
                c = displayName.charAt(++k);
            }
            sb.append(c);
        }
        return Optional.of(sb.toString());
    }

    public String uri() {
        return uri;
    }

    /** The URI parsed as a SIP URI, if it is one. */
    public Optional<SipUri> sipUri() {
        try {
            return Optional.of(SipUri.parse(uri));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Params params() {
        return params;
    }

    public Optional<String> tag() {
        return params.get("tag");
    }

    public NameAddress withTag(String tag) {
        return new NameAddress(displayName, uri, params.with("tag", tag));
    }

    public NameAddress withoutTag() {
        return new NameAddress(displayName, uri, params.without("tag"));
    }

    public NameAddress withUri(String newUri) {
        return new NameAddress(displayName, newUri, params);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (displayName != null) {
            sb.append(displayName).append(' ');
        }
        return sb.append('<').append(uri).append('>').append(params).toString();
    }
}
