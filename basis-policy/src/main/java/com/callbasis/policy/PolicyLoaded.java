package com.callbasis.policy;

import java.time.Instant;
import java.util.List;

/**
 * A policy was validated and put in force; the audit log records it.
 *
 * @param digest SHA-256 of the canonical policy now in force
 * @param previousDigest digest of the policy it replaced, or null for the first
 * @param source where it came from (a path or {@code embedded:...})
 * @param rules number of rules
 * @param warnings warnings found while loading, formatted {@code file:line: rule id: problem}
 * @param loadedAt when it was put in force
 */
public record PolicyLoaded(String digest, String previousDigest, String source, int rules, List<String> warnings, Instant loadedAt) {
    public PolicyLoaded {
        warnings = List.copyOf(warnings);
    }
}
