package com.callbasis.store.audit;

import com.callbasis.store.db.AuditLeafRow;
import com.callbasis.store.db.CheckpointRow;
import com.callbasis.store.db.MetadataDb;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The append-only, tamper-evident audit log: leaves in the metadata database, an RFC 6962 Merkle
 * tree over them, and signed checkpoints. The origin of every checkpoint is the signing key's name.
 */
public final class AuditLog {
    private static final int SALT_BYTES = 16;
    private static final int BATCH = 10_000;

    private final MetadataDb db;
    private final NoteSigner signer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Leaf hashes read so far; leaves only ever append, so the cache and its subtree memo stay valid. */
    private final List<byte[]> hashes = new ArrayList<>();
    private final Merkle tree = new Merkle(hashes);

    public AuditLog(MetadataDb db, NoteSigner signer, Clock clock) {
        this.db = db;
        this.signer = signer;
        this.clock = clock;
    }

    public String origin() {
        return signer.name();
    }

    /** C2SP verifier-key text of the log's key; auditors keep a copy. */
    public String verifierKey() {
        return signer.verifierKey();
    }

    /** Appends an event (in the caller's transaction, if any) and returns its leaf index. */
    public long append(AuditEvent e) throws SQLException {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            Map<String, String> commitments = new TreeMap<>();
            Map<String, byte[]> salts = new TreeMap<>();
            for (Map.Entry<String, String> in : e.commitmentInputs().entrySet()) {
                byte[] salt = new byte[SALT_BYTES];
                random.nextBytes(salt);
                salts.put(in.getKey(), salt);
                commitments.put(in.getKey(), commitment(salt, in.getValue()));
            }
            byte[] data = LeafCodec.encode(e, now, commitments);
            long index = db.audit().append(e.tenant(), e.type().wireName(), now, data, Merkle.leafHash(data));
            for (Map.Entry<String, byte[]> s : salts.entrySet()) {
                db.audit().putSalt(index, s.getKey(), e.commitmentInputs().get(s.getKey()), s.getValue());
            }
            return index;
        });
    }

    /** hex SHA-256(salt || subjectKey): hides the subject, yet opens to it given the salt. */
    public static String commitment(byte[] salt, String subjectKey) {
        MessageDigest md = Merkle.sha();
        md.update(salt);
        md.update(subjectKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    public long size() throws SQLException {
        return db.audit().size();
    }

    /**
     * Signs and stores a checkpoint of the whole log as it is now. Refuses (GeneralSecurityException)
     * when the log does not extend the last signed checkpoint: signing would launder a tampered leaf.
     */
    public synchronized SignedCheckpoint checkpoint() throws SQLException, GeneralSecurityException {
        long size = refresh();
        Optional<CheckpointRow> last = db.audit().latestCheckpoint();
        if (last.isPresent()) {
            Checkpoint previous = Checkpoint.parse(NoteVerifier.parse(verifierKey()).verify(last.get().note()));
            if (previous.size() > size || !MessageDigest.isEqual(tree.root((int) previous.size()), previous.root())) {
                throw new GeneralSecurityException("audit log does not extend its last signed checkpoint (size "
                        + previous.size() + "): refusing to sign; run verifyStored() and investigate");
            }
        }
        Checkpoint cp = new Checkpoint(origin(), size, tree.root((int) size));
        String note = signer.sign(cp.body());
        db.audit().putCheckpoint(new CheckpointRow(size, cp.root(), note, clock.instant()));
        return new SignedCheckpoint(cp, note);
    }

    public synchronized List<byte[]> inclusionProof(long index, long treeSize) throws SQLException {
        refresh();
        return tree.inclusionProof(Math.toIntExact(index), Math.toIntExact(treeSize));
    }

    public synchronized List<byte[]> consistencyProof(long oldSize, long newSize) throws SQLException {
        refresh();
        return tree.consistencyProof(Math.toIntExact(oldSize), Math.toIntExact(newSize));
    }

    public synchronized byte[] root(long treeSize) throws SQLException {
        refresh();
        return tree.root(Math.toIntExact(treeSize));
    }

    /**
     * Re-reads every leaf from the database, recomputes its hash from its data and the tree root, and
     * checks them against the latest signed checkpoint. Detects an edited, removed or inserted leaf.
     */
    public void verifyStored() throws SQLException, GeneralSecurityException {
        Optional<CheckpointRow> latest = db.audit().latestCheckpoint();
        long size = db.audit().size();
        List<byte[]> fresh = new ArrayList<>();
        for (long from = 0; from < size; from += BATCH) {
            for (AuditLeafRow r : db.audit().leaves(from, Math.min(size, from + BATCH))) {
                if (r.index() != fresh.size()) {
                    throw new GeneralSecurityException("audit log has a gap at leaf " + fresh.size());
                }
                byte[] h = Merkle.leafHash(r.data());
                if (!MessageDigest.isEqual(h, r.hash())) {
                    throw new GeneralSecurityException("audit leaf " + r.index() + " does not match its stored hash");
                }
                fresh.add(h);
            }
        }
        if (latest.isEmpty()) {
            return;
        }
        CheckpointRow cp = latest.get();
        String body = NoteVerifier.parse(verifierKey()).verify(cp.note());
        Checkpoint signed = Checkpoint.parse(body);
        if (signed.size() > fresh.size()) {
            throw new GeneralSecurityException("audit log is shorter (" + fresh.size()
                    + ") than its signed checkpoint (" + signed.size() + ")");
        }
        byte[] root = new Merkle(fresh).root((int) signed.size());
        if (!MessageDigest.isEqual(root, signed.root())) {
            throw new GeneralSecurityException("audit log leaves do not match the signed checkpoint of size "
                    + signed.size());
        }
    }

    /**
     * Exports the events of a tenant (every tenant when null) in [from, to), with proofs, into
     * {@code dir}; see {@link ExportVerifier}.
     */
    public ExportSummary export(String tenant, Instant from, Instant to, Path dir)
            throws SQLException, GeneralSecurityException, IOException {
        return export(tenant, from, to, dir, 0);
    }

    /**
     * As {@link #export(String, Instant, Instant, Path)}, adding a consistency proof from the tree of
     * {@code previousSize} leaves (an earlier checkpoint the auditor holds; 0 for none), so the
     * auditor can check the log only grew in between.
     */
    public ExportSummary export(String tenant, Instant from, Instant to, Path dir, long previousSize)
            throws SQLException, GeneralSecurityException, IOException {
        SignedCheckpoint cp = checkpoint();
        if (previousSize < 0 || previousSize > cp.checkpoint().size()) {
            throw new IllegalArgumentException("previous checkpoint size " + previousSize
                    + " is larger than the log (" + cp.checkpoint().size() + ")");
        }
        ExportSummary summary = new AuditExporter(this, db, signer).write(tenant, from, to, cp, dir, previousSize);
        append(AuditEvent.of(AuditEventType.AUDIT_EXPORTED, tenant).with("from", from.toString())
                .with("to", to.toString()).with("entries", summary.entries()).with("treeSize", cp.checkpoint().size()));
        return summary;
    }

    private long refresh() throws SQLException {
        long size = db.audit().size();
        if (size > hashes.size()) {
            for (long from = hashes.size(); from < size; from += BATCH) {
                hashes.addAll(db.audit().leafHashes(from, Math.min(size, from + BATCH)));
            }
        }
        return size;
    }
}
