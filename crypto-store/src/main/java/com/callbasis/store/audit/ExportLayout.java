package com.callbasis.store.audit;

/** Names in an audit export folder, shared by the writer and the offline verifier. */
final class ExportLayout {
    static final String FORMAT = "callbasis.audit-export/v1";
    static final String PROOF_FORMAT = "c2sp.org/tlog-proof@v1";
    static final String MANIFEST = "manifest";
    static final String CHECKPOINT = "checkpoint";
    static final String CONSISTENCY = "consistency";
    static final String CONSISTENCY_FORMAT = "callbasis.audit-consistency/v1";
    static final String ENTRIES = "entries/";
    static final String PROOFS = "proofs/";
    static final String DECISIONS = "decisions/";
    /** Tenant line of an export that covers every tenant. */
    static final String ALL_TENANTS = "*";

    private ExportLayout() {}

    static String entry(long index) {
        return ENTRIES + String.format("%012d.json", index);
    }

    static String proof(long index) {
        return PROOFS + String.format("%012d.tlog-proof", index);
    }

    static String decision(String sha256Hex) {
        return DECISIONS + sha256Hex + ".json";
    }
}
