package com.callbasis.api.auth;

import java.util.Locale;
import java.util.Optional;

/** What a principal may do. A principal holds one role; its tenant set scopes every resource it sees. */
public enum Role {
    /** Searches and replays recordings of its tenants (optionally limited to queues). */
    SUPERVISOR,
    /** Pauses and resumes its own live calls. */
    AGENT,
    /** Reads decisions, explanations and audit events; never audio. */
    AUDITOR,
    /** Answers data-subject requests (issue 15). */
    DPO,
    /** Users, tokens, legal holds, policy reload. */
    ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String s) {
        for (Role r : values()) {
            if (r.wire().equals(s)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
