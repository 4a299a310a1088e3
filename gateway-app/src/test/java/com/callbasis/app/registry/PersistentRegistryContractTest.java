package com.callbasis.app.registry;

import com.callbasis.store.db.MetadataDb;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The adapters over a real embedded SQLite metadata database, opened as the recording store opens it. */
class PersistentRegistryContractTest extends RegistryContract {
    @TempDir
    Path dataDir;

    MetadataDb db;

    @Override
    void open() throws Exception {
        db = MetadataDb.openEmbedded(dataDir);
        consents = new PersistentConsentRegistry(db.consents());
        objections = new PersistentObjectionRegistry(db.objections());
    }

    @Override
    void release() throws Exception {
        db.close();
    }
}
