package com.callbasis.store.db;

import java.time.Instant;

/**
 * A consent given by a data subject (Art. 7(1): the controller must be able to demonstrate it):
 * who (pseudonymous key), for which purpose, how (IVR DTMF, header token, web), under which notice
 * version, when; {@code withdrawnAt} is null while it stands (Art. 7(3), withdrawal not retroactive).
 */
public record ConsentRecord(String id, String tenant, String subjectKey, String purpose, String method,
        String noticeVersion, Instant givenAt, Instant withdrawnAt) {
    /** True when the consent stood at {@code at}. */
    public boolean activeAt(Instant at) {
        return !givenAt.isAfter(at) && (withdrawnAt == null || withdrawnAt.isAfter(at));
    }
}
