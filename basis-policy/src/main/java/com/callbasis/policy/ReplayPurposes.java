package com.callbasis.policy;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The replay purposes a policy allows per recording purpose ({@code purposes:}, issue 14): replay is
 * purpose-bound (GDPR Art. 5(1)(b)), so a recording made for one purpose is only replayed for the
 * purposes its policy entry lists. A recording purpose without an entry allows no replay.
 */
final class ReplayPurposes {
    /** A purpose name as {@code purposes:} and a replay request spell it: letters, digits and . _ : - (at most 128). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    static final ReplayPurposes NONE = new ReplayPurposes(Map.of());

    private final Map<String, Set<String>> allowed;

    /** @param allowed recording purpose to the replay purposes it allows; entries with none may be given */
    ReplayPurposes(Map<String, Set<String>> allowed) {
        Map<String, Set<String>> m = new TreeMap<>();
        allowed.forEach((k, v) -> m.put(k, Collections.unmodifiableSet(new TreeSet<>(v))));
        this.allowed = Collections.unmodifiableMap(m);
    }

    /** The replay purposes recordings made for this purpose allow, sorted; empty when none (or null). */
    Set<String> allowed(String recordingPurpose) {
        Set<String> s = recordingPurpose == null ? null : allowed.get(recordingPurpose);
        return s == null ? Set.of() : s;
    }

    /** Empty when the replay is allowed, else one line saying why not (what the API returns and audits). */
    Optional<String> refusal(String recordingPurpose, String requestedPurpose) {
        if (requestedPurpose == null || requestedPurpose.isBlank()) {
            return Optional.of("a replay request must name its purpose");
        }
        if (!NAME.matcher(requestedPurpose).matches()) {
            // not echoed: request text must not reach the audit log or a problem report unchecked
            return Optional.of("the replay purpose is not a purpose name (letters, digits and . _ : -, at most 128)");
        }
        if (recordingPurpose == null || recordingPurpose.isBlank()) {
            return Optional.of("the recording names no purpose, so it allows no replay");
        }
        Set<String> ok = allowed(recordingPurpose);
        if (ok.isEmpty()) {
            return Optional.of("purpose " + quote(recordingPurpose) + " allows no replay (the policy lists no replay purpose for it under purposes:)");
        }
        if (!ok.contains(requestedPurpose)) {
            return Optional.of("replay purpose " + quote(requestedPurpose) + " is not allowed for recordings made for "
                    + quote(recordingPurpose) + " (allowed: " + String.join(", ", ok) + ")");
        }
        return Optional.empty();
    }

    /** Quoted, on one line and bounded: a stored purpose is policy text, but a reason is one line. */
    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length() && i < 128; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == '"' ? '?' : c);
        }
        return sb.append(s.length() > 128 ? "...\"" : "\"").toString();
    }

    /**
     * {@code {purpose: {replay: [..]}}} for the digest, leaving out entries that allow nothing (they
     * mean what no entry means); null when nothing is allowed, so older policies keep their digests.
     */
    Object canonical() {
        Map<String, Object> m = new TreeMap<>();
        allowed.forEach((k, v) -> {
            if (!v.isEmpty()) {
                m.put(k, Map.of("replay", v));
            }
        });
        return m.isEmpty() ? null : m;
    }
}
