package com.callbasis.store.db;

import java.time.Instant;

/** A lawful-basis decision as canonical JSON with its SHA-256 (hex), the justification auditors read. */
public record DecisionRow(String decisionId, String tenant, Instant decidedAt, String canonicalJson, String sha256) {}
