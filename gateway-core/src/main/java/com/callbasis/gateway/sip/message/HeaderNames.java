package com.callbasis.gateway.sip.message;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Header names the gateway reads, with the compact forms of RFC 3261 s.7.3.3 (and later RFCs), and
 * which headers may carry comma-separated lists (s.7.3.1).
 */
public final class HeaderNames {
    public static final String VIA = "Via";
    public static final String FROM = "From";
    public static final String TO = "To";
    public static final String CALL_ID = "Call-ID";
    public static final String CSEQ = "CSeq";
    public static final String CONTACT = "Contact";
    public static final String MAX_FORWARDS = "Max-Forwards";
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String ROUTE = "Route";
    public static final String RECORD_ROUTE = "Record-Route";
    public static final String REQUIRE = "Require";
    public static final String SUPPORTED = "Supported";
    public static final String ALLOW = "Allow";
    public static final String USER_AGENT = "User-Agent";
    public static final String SERVER = "Server";
    public static final String RETRY_AFTER = "Retry-After";
    public static final String UNSUPPORTED = "Unsupported";
    public static final String ACCEPT = "Accept";

    private static final Map<String, String> COMPACT = Map.ofEntries(
            Map.entry("i", CALL_ID), Map.entry("m", CONTACT), Map.entry("e", "Content-Encoding"),
            Map.entry("l", CONTENT_LENGTH), Map.entry("c", CONTENT_TYPE), Map.entry("f", FROM),
            Map.entry("s", "Subject"), Map.entry("k", SUPPORTED), Map.entry("t", TO), Map.entry("v", VIA),
            Map.entry("o", "Event"), Map.entry("r", "Refer-To"), Map.entry("b", "Referred-By"),
            Map.entry("x", "Session-Expires"), Map.entry("u", "Allow-Events"), Map.entry("a", "Accept-Contact"),
            Map.entry("j", "Reject-Contact"), Map.entry("d", "Request-Disposition"), Map.entry("y", "Identity"),
            Map.entry("n", "Identity-Info"));

    /** Headers whose values are comma lists (s.7.3.1); others (Date, auth headers) contain commas as data. */
    private static final Set<String> LIST_HEADERS = Set.of(
            "via", "route", "record-route", "contact", "allow", "supported", "require", "proxy-require",
            "unsupported", "accept", "accept-encoding", "accept-language", "allow-events", "content-encoding",
            "content-language", "in-reply-to", "alert-info", "call-info", "error-info", "path", "service-route",
            "p-asserted-identity", "privacy", "reason", "warning", "history-info");

    private HeaderNames() {
    }

    /** Keys of names already seen; header names repeat on every message, lower-casing them each time was a hot spot. */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> KEYS = new java.util.concurrent.ConcurrentHashMap<>();
    /** A peer inventing header names must not grow the cache without bound. */
    private static final int MAX_CACHED_KEYS = 4096;

    /** The lower-case long form used as a lookup key: compact forms expand, case is ignored (s.7.3.1). */
    public static String key(String name) {
        String k = KEYS.get(name);
        if (k != null) {
            return k;
        }
        k = computeKey(name);
        if (KEYS.size() < MAX_CACHED_KEYS) {
            KEYS.put(name, k);
        }
        return k;
    }

    private static String computeKey(String name) {
        if (name.length() == 1) {
            String full = COMPACT.get(name.toLowerCase(Locale.ROOT));
            if (full != null) {
                return full.toLowerCase(Locale.ROOT);
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    public static boolean isList(String name) {
        return LIST_HEADERS.contains(key(name));
    }
}
