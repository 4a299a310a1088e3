// Audit-log append throughput; run through bench/audit-appends (not part of mvn verify).
import com.callbasis.store.audit.AuditEvent;
import com.callbasis.store.audit.AuditEventType;
import com.callbasis.store.audit.AuditLog;
import com.callbasis.store.audit.Merkle;
import com.callbasis.store.audit.NoteSigner;
import com.callbasis.store.audit.SignedCheckpoint;
import com.callbasis.store.db.MetadataDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;

public class AuditAppendsBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String url = args.length > 1 ? args[1] : null;
        Path dir = Files.createTempDirectory("audit-bench");
        try (MetadataDb db = url == null ? MetadataDb.openEmbedded(dir) : MetadataDb.open(url, new Properties())) {
            AuditLog log = new AuditLog(db, NoteSigner.generate("bench/audit"), Clock.systemUTC());
            String where = url == null ? "SQLite (WAL, synchronous=FULL)" : "PostgreSQL " + url;
            for (int i = 0; i < 200; i++) { // warm-up: JIT, statement caches
                log.append(event(i));
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                log.append(event(i));
            }
            double single = n / ((System.nanoTime() - t0) / 1e9);

            int batch = 100;
            t0 = System.nanoTime();
            for (int b = 0; b < n / batch; b++) {
                int base = b * batch;
                db.inTransaction(c -> {
                    for (int i = 0; i < batch; i++) {
                        log.append(event(base + i));
                    }
                    return null;
                });
            }
            double batched = (n / batch * batch) / ((System.nanoTime() - t0) / 1e9);

            t0 = System.nanoTime();
            SignedCheckpoint cp = log.checkpoint();
            double cpMs = (System.nanoTime() - t0) / 1e6;
            long size = cp.checkpoint().size();
            t0 = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                log.inclusionProof((i * 7919L) % size, size);
            }
            double proofUs = (System.nanoTime() - t0) / 1e3 / 1000;
            t0 = System.nanoTime();
            log.verifyStored();
            double verifyMs = (System.nanoTime() - t0) / 1e6;
            System.out.printf("store: %s%n", where);
            System.out.printf("appends, one transaction each (durable): %.0f/s%n", single);
            System.out.printf("appends, %d per transaction:            %.0f/s%n", batch, batched);
            System.out.printf("signed checkpoint at size %d (first, loads all leaf hashes): %.1f ms%n", size, cpMs);
            System.out.printf("inclusion proof at size %d: %.1f us each%n", size, proofUs);
            System.out.printf("verifyStored (re-hash every leaf, check signed root) at size %d: %.1f ms%n", size, verifyMs);
            System.out.printf("leaf hash sanity: %s%n", java.util.HexFormat.of().formatHex(Merkle.leafHash(new byte[0])).substring(0, 8));
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static AuditEvent event(int i) {
        return AuditEvent.of(AuditEventType.RECORDING_SEALED, "tenant-" + (i % 4))
                .with("recordingId", "00000000-0000-4000-8000-" + String.format("%012d", i))
                .with("bytes", 160L * 50 * 120).with("chunks", 24).commit("subject0", "sk_" + i);
    }
}
