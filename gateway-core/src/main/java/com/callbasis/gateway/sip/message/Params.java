package com.callbasis.gateway.sip.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Generic parameters ({@code ;name=value}, RFC 3261 s.25.1 generic-param): names compared
 * case-insensitively, values kept as written (quoted strings keep their quotes), order kept.
 */
public final class Params {
    public static final Params EMPTY = new Params(Map.of());
    private final Map<String, String> map; // lower-case name -> value or "" for a flag; insertion ordered

    private Params(Map<String, String> map) {
        this.map = map;
    }

    /**
     * Parses {@code ;a=b;c;d="x;y"} starting at {@code from}; stops at {@code stop} characters outside quotes.
     *
     * @return the params and the index where parsing stopped
     */
    static Parsed parse(String s, int from, String stop) throws IllegalArgumentException {
        Map<String, String> out = new LinkedHashMap<>();
        int i = from;
        int n = s.length();
        while (i < n) {
            i = Lex.skipLws(s, i);
            if (i >= n || stop.indexOf(s.charAt(i)) >= 0) {
                break;
            }
            if (s.charAt(i) != ';') {
                throw new IllegalArgumentException("expected ';' before parameter at " + i);
            }
            i = Lex.skipLws(s, i + 1);
            int nameStart = i;
            while (i < n && Lex.isParamChar(s.charAt(i))) {
                i++;
            }
            if (i == nameStart) {
                throw new IllegalArgumentException("empty parameter name at " + i);
            }
            String name = s.substring(nameStart, i).toLowerCase(Locale.ROOT);
            i = Lex.skipLws(s, i);
            String value = "";
            if (i < n && s.charAt(i) == '=') {
                i = Lex.skipLws(s, i + 1);
                if (i < n && s.charAt(i) == '"') {
                    int end = Lex.endOfQuoted(s, i);
                    value = s.substring(i, end);
                    i = end;
                } else if (i < n && s.charAt(i) == '[') {
                    int end = s.indexOf(']', i);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated IPv6 reference in parameter");
                    }
                    value = s.substring(i, end + 1);
                    i = end + 1;
                } else {
                    int vs = i;
                    while (i < n && Lex.isParamChar(s.charAt(i))) {
                        i++;
                    }
                    if (i == vs) {
                        throw new IllegalArgumentException("empty value for parameter '" + name + "'");
                    }
                    value = s.substring(vs, i);
                }
            }
            if (out.containsKey(name)) {
                throw new IllegalArgumentException("parameter '" + name + "' repeated");
            }
            out.put(name, value);
        }
        // Most URIs and addresses carry no parameters; sharing EMPTY saves a map per parse on the hot path.
        return new Parsed(out.isEmpty() ? EMPTY : new Params(Collections.unmodifiableMap(out)), i);
    }

    record Parsed(Params params, int end) {
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(map.get(name.toLowerCase(Locale.ROOT)));
    }

    public boolean has(String name) {
        return map.containsKey(name.toLowerCase(Locale.ROOT));
    }

    public Params with(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(map);
        m.put(name.toLowerCase(Locale.ROOT), value == null ? "" : value);
        return new Params(Collections.unmodifiableMap(m));
    }

    public Params without(String name) {
        if (!has(name)) {
            return this;
        }
        Map<String, String> m = new LinkedHashMap<>(map);
        m.remove(name.toLowerCase(Locale.ROOT));
        return new Params(Collections.unmodifiableMap(m));
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    public Map<String, String> asMap() {
        return map;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        map.forEach((k, v) -> {
            sb.append(';').append(k);
            if (!v.isEmpty()) {
                sb.append('=').append(v);
            }
        });
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && p.map.equals(map);
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }
}
