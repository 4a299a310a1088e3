package com.callbasis.app.store;

import com.callbasis.app.UserError;
import com.callbasis.policy.SubjectIdentity;

/**
 * A data subject named on the command line, normalised the way the gateway normalises callers, so
 * that {@code +49 30 1234567}, {@code tel:+49301234567} and the number in a From header all reach the
 * same subject key.
 */
final class SubjectArgument {
    private SubjectArgument() {}

    static String identity(String subject) {
        String id = SubjectIdentity.of(subject);
        if (id == null) {
            throw new UserError("subject has no usable identity: give an E.164 number (+4930...), a tel: number or a sip:user@host address");
        }
        return id;
    }
}
