package com.callbasis.store.audit;

import com.callbasis.store.db.MetadataDb;

class SqliteAuditLogTest extends AuditLogContract {
    @Override
    MetadataDb openDb() throws Exception {
        return MetadataDb.openEmbedded(dir.resolve("data"));
    }
}
