package com.callbasis.policy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** One SIP header test of a rule's {@code match.headers}. Equality and prefix ignore case, as header values mostly do. */
final class HeaderCondition {
    enum Kind { EQUALS, PREFIX, MATCHES, PRESENT, ABSENT }

    final String name;
    final Kind kind;
    final String value;
    private final String lowerValue;
    private final Pattern pattern;

    HeaderCondition(String name, Kind kind, String value) {
        this.name = name.toLowerCase(Locale.ROOT);
        this.kind = kind;
        this.value = value;
        this.lowerValue = value == null ? null : value.toLowerCase(Locale.ROOT);
        this.pattern = kind == Kind.MATCHES ? Pattern.compile(value) : null;
    }

    /** Null when the header satisfies the condition, else why not ({@link Rule#NO_MATCH} unless {@code explain}). */
    String mismatch(CallFacts f, boolean explain) {
        String v = f.headers().get(name);
        boolean ok = switch (kind) {
            case PRESENT -> v != null;
            case ABSENT -> v == null;
            case EQUALS -> v != null && v.toLowerCase(Locale.ROOT).equals(lowerValue);
            case PREFIX -> v != null && v.toLowerCase(Locale.ROOT).startsWith(lowerValue);
            case MATCHES -> v != null && pattern.matcher(v).matches();
        };
        if (ok) {
            return null;
        }
        if (!explain) {
            return Rule.NO_MATCH;
        }
        return switch (kind) {
            case PRESENT -> "header " + name + " is absent";
            case ABSENT -> "header " + name + " is present";
            default -> v == null ? "header " + name + " is absent" : "header " + name + " does not satisfy " + describe();
        };
    }

    /** Same condition, so a later rule with it is not made reachable by it. */
    boolean sameAs(HeaderCondition o) {
        return name.equals(o.name) && kind == o.kind && java.util.Objects.equals(value, o.value);
    }

    String describe() {
        return kind.name().toLowerCase(Locale.ROOT) + (value == null ? "" : " '" + value + "'");
    }

    Object canonical() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("test", kind.name().toLowerCase(Locale.ROOT));
        if (value != null) {
            m.put("value", value);
        }
        return m;
    }
}
