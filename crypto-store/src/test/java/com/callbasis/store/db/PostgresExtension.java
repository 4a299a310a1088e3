package com.callbasis.store.db;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts one real PostgreSQL server per test run (shared by every class that
 * uses it) and stops it when the run ends. Tests receive the {@link PostgresServer} as a parameter.
 */
public final class PostgresExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getRoot().getStore(NS).getOrComputeIfAbsent("server", k -> {
            try {
                return new Holder(PostgresServer.start());
            } catch (Exception ex) {
                throw new ParameterResolutionException("cannot start PostgreSQL: " + ex.getMessage(), ex);
            }
        }, Holder.class).server;
    }

    /** Closed by JUnit when the root context closes, i.e. after the last test. */
    private record Holder(PostgresServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
