package com.callbasis.store.db;

import java.time.Instant;

/** An objection (Art. 21) by a data subject, with the channel it came through. */
public record ObjectionRecord(String id, String tenant, String subjectKey, Instant objectedAt, String channel) {}
