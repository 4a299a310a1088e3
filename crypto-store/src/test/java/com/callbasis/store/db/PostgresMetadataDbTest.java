package com.callbasis.store.db;

import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresMetadataDbTest extends MetadataDbContract {
    private static PostgresServer server;
    /** One fresh schema per test (JUnit makes a new instance per test method). */
    private String url;

    @BeforeAll
    static void server(PostgresServer pg) {
        server = pg;
    }

    @Override
    MetadataDb reopen() throws Exception {
        if (url == null) {
            url = server.newDatabaseUrl();
        }
        return MetadataDb.open(url, new Properties());
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.POSTGRESQL;
    }
}
