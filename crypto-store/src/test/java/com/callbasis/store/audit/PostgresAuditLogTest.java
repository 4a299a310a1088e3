package com.callbasis.store.audit;

import com.callbasis.store.db.MetadataDb;
import com.callbasis.store.db.PostgresExtension;
import com.callbasis.store.db.PostgresServer;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresAuditLogTest extends AuditLogContract {
    private static PostgresServer server;

    @BeforeAll
    static void server(PostgresServer pg) {
        server = pg;
    }

    @Override
    MetadataDb openDb() throws Exception {
        return MetadataDb.open(server.newDatabaseUrl(), new Properties());
    }
}
