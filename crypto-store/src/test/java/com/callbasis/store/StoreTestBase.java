package com.callbasis.store;

import static com.callbasis.store.StoreFixtures.T0;

import com.callbasis.store.db.AuditLeafRow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** An embedded store in a fresh directory, on a clock the test moves (starting at {@link StoreFixtures#T0}). */
abstract class StoreTestBase {
    @TempDir
    Path dir;
    final StoreFixtures.MutableClock clock = new StoreFixtures.MutableClock(T0);
    RecordingStore store;

    @BeforeEach
    void openStore() throws Exception {
        store = StoreFixtures.open(dir.resolve("data"), clock);
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    /** The audit leaves of one event type, oldest first. */
    List<AuditLeafRow> leaves(String type) throws Exception {
        return store.db().audit().leaves(0, store.audit().size()).stream().filter(l -> l.eventType().equals(type)).toList();
    }
}
