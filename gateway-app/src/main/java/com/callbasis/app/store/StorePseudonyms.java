package com.callbasis.app.store;

import com.callbasis.policy.PseudonymKey;
import com.callbasis.policy.Pseudonyms;
import com.callbasis.store.RecordingStore;
import java.security.GeneralSecurityException;

/**
 * The store's subject pseudonymisation as the policy engine sees it: registries, decisions, recordings
 * and the audit log all use the store's tenant-keyed {@code sk_} keys, and the key never leaves the store.
 * References (call ids, token ids) use a secret derived from the same key for that one purpose.
 */
public final class StorePseudonyms implements Pseudonyms {
    private final RecordingStore store;
    private final PseudonymKey references;

    public StorePseudonyms(RecordingStore store) throws GeneralSecurityException {
        this.store = store;
        this.references = PseudonymKey.of(store.derivedSecret("policy-engine-references"));
    }

    @Override
    public String subjectKey(String tenant, String identity) {
        try {
            return store.subjectKey(tenant, identity);
        } catch (GeneralSecurityException e) {
            // The key is loaded at open; failing here means the JCE itself is broken.
            throw new IllegalStateException("subject pseudonymisation failed", e);
        }
    }

    @Override
    public String reference(String prefix, String value) {
        return references.reference(prefix, value);
    }

    @Override
    public String toString() {
        return "StorePseudonyms[" + store + "]";
    }
}
