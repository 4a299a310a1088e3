package com.callbasis.app.registry;

import java.sql.SQLException;

/**
 * The metadata database could not answer a registry call. Unchecked because the policy registries'
 * interfaces are; a caller that cannot tell whether consent stands must not record.
 */
public final class RegistryStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RegistryStorageException(String operation, SQLException cause) {
        // the operation only: subject keys and tenants stay out of messages that end up in logs
        super("registry " + operation + " failed: " + cause.getMessage(), cause);
    }
}
