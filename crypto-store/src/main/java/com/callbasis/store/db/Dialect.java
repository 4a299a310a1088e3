package com.callbasis.store.db;

/** The two supported databases. SQL is shared; only a few type names and locks differ. */
public enum Dialect {
    /** Embedded default: one file under the data directory, one writer at a time. */
    SQLITE("BLOB"),
    /** Shared deployments where several gateways use one store. */
    POSTGRESQL("BYTEA");

    private final String blobType;

    Dialect(String blobType) {
        this.blobType = blobType;
    }

    String blobType() {
        return blobType;
    }

    static Dialect ofUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported metadata database URL (need jdbc:sqlite: or jdbc:postgresql:)");
    }
}
