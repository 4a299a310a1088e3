package com.callbasis.store.db;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteMetadataDbTest extends MetadataDbContract {
    @TempDir
    Path dir;

    @Override
    MetadataDb reopen() throws Exception {
        return MetadataDb.openEmbedded(dir);
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.SQLITE;
    }
}
