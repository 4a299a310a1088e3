package com.callbasis.store;

import com.callbasis.store.audit.AuditEvent;
import com.callbasis.store.audit.AuditEventType;
import com.callbasis.store.audit.AuditLog;
import com.callbasis.store.crypto.SecretBytes;
import com.callbasis.store.crypto.SeekableReader;
import com.callbasis.store.crypto.SegmentWriter;
import com.callbasis.store.crypto.StreamingAead;
import com.callbasis.store.db.DecisionRow;
import com.callbasis.store.db.MetadataDb;
import com.callbasis.store.db.RecordingRow;
import com.callbasis.store.db.RecordingState;
import com.callbasis.store.db.Tombstone;
import com.callbasis.store.db.WrappedKeyRow;
import com.callbasis.store.keys.BcfksKeyProvider;
import com.callbasis.store.keys.KeyProvider;
import com.callbasis.store.keys.WrappedKey;
import com.callbasis.store.objects.FileObjectStore;
import com.callbasis.store.objects.ObjectSink;
import com.callbasis.store.objects.ObjectStore;
import com.callbasis.store.objects.PrivateDirectories;
import com.callbasis.store.retention.ErasureResult;
import com.callbasis.store.retention.RetentionExtender;
import com.callbasis.store.retention.RetentionExtension;
import com.callbasis.store.retention.RetentionSweeper;
import com.callbasis.store.retention.Shredder;
import com.callbasis.store.retention.SubjectEraser;
import com.callbasis.store.retention.SweepResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;

/**
 * The encrypted, retention-managed recording store: the one entry point the gateway and the command
 * line use. Every state change writes an audit event in the same database transaction.
 *
 * <p>Keys: each recording has its own data key, wrapped by the KEK of its (first) data subject, or by
 * the tenant's KEK when the basis is a legal obligation (such recordings outlive erasure requests).
 */
public final class RecordingStore implements AutoCloseable {
    /** Keystore file under the data directory for {@link #openEmbedded}. */
    public static final String KEYSTORE_FILE = "keystore.bcfks";
    public static final String OBJECTS_DIR = "objects";
    private static final int DATA_KEY_BYTES = 32;
    private static final int IMPORT_CHUNK_BYTES = 1 << 20;
    private static final int DECISION_SALT_BYTES = 16;
    private static final System.Logger LOG = System.getLogger(RecordingStore.class.getName());

    private final KeyProvider keys;
    private final MetadataDb db;
    private final ObjectStore objects;
    private final Clock clock;
    private final AuditLog audit;
    private final SecretBytes pepper;
    private final Path dataDir;
    /**
     * 8 KiB segments (128 ms of 8 kHz stereo): a live recording keeps one segment of plaintext and one of
     * ciphertext in memory, and thousands run at once (heap per call); the 16-byte tag per segment costs
     * 0.2 %. Readers take the size from each object's header, so older objects read as before.
     */
    static final int SEGMENT_SIZE = 8 * 1024;
    private final StreamingAead aead = new StreamingAead(SEGMENT_SIZE);
    private final java.security.SecureRandom random = new java.security.SecureRandom();
    private final Shredder shredder;
    private final RetentionSweeper sweeper;
    private final List<String> recovered;
    private MetadataDb ownedDb;
    private KeyProvider ownedKeys;
    /** Stable id of this gateway instance (one per data directory), stored in {@value #INSTANCE_FILE}. */
    private final String instanceId;
    static final String INSTANCE_FILE = "instance-id";

    private RecordingStore(Path dataDir, KeyProvider keys, MetadataDb db, ObjectStore objects, Clock clock)
            throws IOException, GeneralSecurityException, SQLException {
        this.dataDir = dataDir;
        this.keys = keys;
        this.db = db;
        this.objects = objects;
        this.clock = clock;
        this.audit = new AuditLog(db, StoreKeys.loadAuditSigner(dataDir, keys), clock);
        this.pepper = StoreKeys.loadPepper(dataDir, keys);
        this.shredder = new Shredder(db, objects, audit, clock);
        this.sweeper = new RetentionSweeper(db, shredder, clock);
        this.instanceId = instanceId(dataDir);
        this.recovered = recoverInterrupted();
    }

    /**
     * Opens the store over the given components; runs the cipher self-test, creates the audit signing
     * key and its {@code audit-log.pub} on first run, and recovers recordings whose writer died
     * (state RECORDING) as TRUNCATED with the gap stated. The caller keeps ownership of the components.
     */
    public static RecordingStore open(Path dataDir, KeyProvider keys, MetadataDb db, ObjectStore objects, Clock clock)
            throws IOException, GeneralSecurityException, SQLException {
        StreamingAead.selfTest();
        PrivateDirectories.create(dataDir);
        return new RecordingStore(dataDir, keys, db, objects, clock);
    }

    /**
     * The embedded default: BCFKS keystore, SQLite database and file object store, all under
     * {@code dataDir}; closed with the store.
     */
    public static RecordingStore openEmbedded(Path dataDir, SecretBytes keystorePassphrase, Clock clock)
            throws IOException, GeneralSecurityException, SQLException {
        PrivateDirectories.create(dataDir);
        BcfksKeyProvider keys = BcfksKeyProvider.open(dataDir.resolve(KEYSTORE_FILE), keystorePassphrase);
        MetadataDb db = null;
        try {
            db = MetadataDb.openEmbedded(dataDir);
            RecordingStore s = open(dataDir, keys, db, new FileObjectStore(dataDir.resolve(OBJECTS_DIR)), clock);
            s.ownedDb = db;
            s.ownedKeys = keys;
            return s;
        } catch (IOException | GeneralSecurityException | SQLException | RuntimeException e) {
            if (db != null) {
                db.close();
            }
            keys.close();
            throw e;
        }
    }

    /**
     * Whether {@code dataDir} holds an embedded store (its keystore and metadata database): commands
     * that administer a store refuse a folder without one instead of creating an empty store there.
     */
    public static boolean exists(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve(KEYSTORE_FILE)) && Files.isRegularFile(dataDir.resolve(MetadataDb.SQLITE_FILE));
    }

    public AuditLog audit() {
        return audit;
    }

    MetadataDb db() {
        return db;
    }

    Clock clock() {
        return clock;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Ids of recordings found interrupted at start-up and marked TRUNCATED. */
    public List<String> recoveredAtStart() {
        return recovered;
    }

    /**
     * The pseudonymous key of a data subject (e.g. a caller's number) within a tenant: HMAC-SHA256
     * under a store secret, so the same subject always maps to the same key and the key reveals
     * nothing without the store. Use it for the consent and objection registries too.
     */
    public String subjectKey(String tenant, String subject) throws GeneralSecurityException {
        return StoreKeys.pseudonym(pepper, tenant, subject);
    }

    /**
     * Starts a recording for a decision that allows it. {@code subjects} are the data subjects'
     * identifiers (pseudonymised here); the first one's KEK wraps the data key.
     */
    public RecordingWriter startRecording(String tenant, List<String> subjects, String decisionJson)
            throws StoreException, IOException, GeneralSecurityException, SQLException {
        Decision given = Decision.parse(decisionJson);
        if (!given.tenant().equals(tenant)) {
            throw new StoreException("decision " + given.decisionId() + " is for another tenant");
        }
        if (subjects.isEmpty()) {
            throw new StoreException("a recording needs at least one data subject");
        }
        Set<String> subjectKeys = new LinkedHashSet<>();
        for (String s : subjects) {
            subjectKeys.add(subjectKey(tenant, s));
        }
        String primary = subjectKeys.iterator().next();
        // The decision is kept (and referenced by the recording) in its committed form.
        Decision d = logDecision(given);
        String id = UUID.randomUUID().toString();
        String kek = "legal_obligation".equals(d.basis()) ? StoreKeys.tenantKek(tenant) : StoreKeys.subjectKek(tenant, primary);
        String objectKey = "rec/" + StoreKeys.tenantSegment(tenant) + "/" + id;
        Instant now = clock.instant();
        SecretBytes dataKey = SecretBytes.random(DATA_KEY_BYTES);
        ObjectSink sink = null;
        try {
            WrappedKey wrapped = keys.wrap(kek, dataKey);
            RecordingRow row = new RecordingRow(id, tenant, List.copyOf(subjectKeys), d.decisionId(), d.basis(),
                    d.purpose(), d.policyDigest(), d.canonicalJson(), d.retentionClass(), d.retentionPeriod(),
                    d.retentionExpiresAt(), d.retentionMinimumUntil(), false, null, RecordingState.RECORDING, objectKey, kek, now, null,
                    0, 0, 0, false, null);
            db.inTransaction(c -> {
                db.recordings().insert(row);
                db.recordings().setWriter(id, instanceId);
                db.wrappedKeys().put(new WrappedKeyRow(id, wrapped.kekName(), wrapped.kekVersion(), wrapped.wrapped(), now));
                AuditEvent started = AuditEvent.of(AuditEventType.RECORDING_STARTED, tenant).with("recordingId", id)
                        .with("decisionId", d.decisionId()).with("decisionSha256", d.sha256()).with("basis", d.basis())
                        .with("retentionExpiresAt", d.retentionExpiresAt().toString())
                        .with("retentionMinimumUntil", d.retentionMinimumUntil() == null ? null : d.retentionMinimumUntil().toString());
                int i = 0;
                for (String sk : subjectKeys) {
                    started.commit("subject" + i++, sk);
                }
                audit.append(started);
                return null;
            });
            sink = objects.create(objectKey);
            SegmentWriter w = aead.newWriter(dataKey,
                    StoreKeys.associatedData(id, tenant, d.decisionId(), d.policyDigest()), sink);
            return new RecordingWriter(this, id, tenant, w, sink, dataKey, aead.segmentSize());
        } catch (IOException | GeneralSecurityException | SQLException | RuntimeException e) {
            dataKey.close();
            if (sink != null) {
                sink.close();
            }
            throw e;
        }
    }

    /**
     * Keeps a decision's justification and audits it ({@code decision.made}), whatever its outcome:
     * call it for every decision, recorded or not. Idempotent per decision id. Returns the decision.
     */
    public Decision recordDecision(String decisionJson) throws StoreException, SQLException {
        return logDecision(Decision.parseAny(decisionJson));
    }

    /**
     * Stores a decision once, in the form an auditor gets: its subject key replaced by a salted
     * commitment (the salt is kept by subject key, and an erasure forgets it, so the stored decision
     * stops pointing at anyone). Returns the stored form; a decision logged before is returned as stored.
     */
    private Decision logDecision(Decision given) throws SQLException, StoreException {
        String subjectKey = given.subjectKey();
        byte[] salt = null;
        Decision d = given;
        if (subjectKey != null) {
            salt = new byte[DECISION_SALT_BYTES];
            random.nextBytes(salt);
            d = given.withSubjectCommitment(AuditLog.commitment(salt, subjectKey));
        }
        Decision committed = d;
        byte[] s = salt;
        String stored = db.inTransaction(c -> {
            Optional<DecisionRow> existing = db.decisions().find(committed.decisionId());
            if (existing.isPresent()) {
                return existing.get().canonicalJson();
            }
            db.decisions().putIfAbsent(new DecisionRow(committed.decisionId(), committed.tenant(),
                    committed.time() == null ? clock.instant() : committed.time(), committed.canonicalJson(), committed.sha256()));
            if (s != null) {
                db.decisions().putSalt(committed.decisionId(), subjectKey, s);
            }
            audit.append(AuditEvent.of(AuditEventType.DECISION_MADE, committed.tenant()).with("decisionId", committed.decisionId())
                    .with("decisionSha256", committed.sha256()).with("basis", committed.basis()).with("outcome", committed.outcome())
                    .with("policyDigest", committed.policyDigest()).with("rule", committed.rule()));
            return committed.canonicalJson();
        });
        return stored.equals(committed.canonicalJson()) ? committed : Decision.parseAny(stored);
    }

    /** Imports a finished recording (e.g. a WAV file) in one go; returns its id. */
    public String importRecording(String tenant, List<String> subjects, String decisionJson, InputStream audio)
            throws StoreException, IOException, GeneralSecurityException, SQLException {
        try (RecordingWriter w = startRecording(tenant, subjects, decisionJson)) {
            byte[] buf = new byte[64 * 1024];
            long sinceSeal = 0;
            for (int n; (n = audio.read(buf)) > 0; ) {
                w.write(buf, 0, n);
                sinceSeal += n;
                if (sinceSeal >= IMPORT_CHUNK_BYTES) {
                    w.sealChunk();
                    sinceSeal = 0;
                }
            }
            return w.recordingId();
        }
    }

    public Optional<RecordingRow> find(String id) throws SQLException {
        return db.recordings().find(id);
    }

    /** Recordings of a tenant, or of all tenants when {@code tenant} is null. */
    /**
     * A secret derived from the store's subject-pseudonym key for another component (e.g. the policy
     * engine's pseudonym key), so that it is as stable and as protected as the store's own, and no
     * second secret needs keeping. {@code purpose} separates the uses.
     */
    public byte[] derivedSecret(String purpose) throws GeneralSecurityException {
        byte[] k = pepper.unsafeCopy();
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(k, "HmacSHA256"));
            return mac.doFinal(("derive\u0000" + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            java.util.Arrays.fill(k, (byte) 0);
        }
    }

    /** The consent records (Art. 7), for the policy engine's registry. */
    public com.callbasis.store.db.ConsentDao consents() {
        return db.consents();
    }

    /** The objections (Art. 21), for the policy engine's registry. */
    public com.callbasis.store.db.ObjectionDao objections() {
        return db.objections();
    }

    /** The completeness accounting stored with a recording when it was sealed, if any. */
    public Optional<com.callbasis.store.db.RecordingDao.Quality> quality(String id) throws SQLException {
        return db.recordings().quality(id);
    }

    public List<RecordingRow> list(String tenant) throws SQLException {
        return db.recordings().list(tenant);
    }

    /** Opens a recording for replay (e.g. supervisor listening); audited as {@code recording.replayed}. */
    public RecordingReader openReader(String id, String purpose)
            throws StoreException, IOException, GeneralSecurityException, SQLException {
        return open(id, purpose, AuditEventType.RECORDING_REPLAYED);
    }

    /**
     * Decrypts a recording to the file {@code out} and audits {@code recording.exported} once the file is
     * complete and in place, never before. The audio goes to a temporary file (mode 0600) in the same
     * folder, is fsynced and renamed over {@code out}; on any failure it is removed and nothing is
     * audited. A SEALED recording must decrypt to exactly the length and segment count it was sealed
     * with; a TRUNCATED one yields the audio sealed before the crash, and fails when there is none. A
     * streaming WAV header gets its real sizes ({@link ExportedWav}).
     *
     * @throws IntegrityException the object is damaged, incomplete or holds no audio
     */
    public Export exportTo(String id, String purpose, Path out)
            throws StoreException, IOException, GeneralSecurityException, SQLException {
        Path abs = out.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".part");
        try (RecordingReader reader = open(id, purpose, null)) {
            RecordingRow r = db.recordings().find(id).orElseThrow(() -> new StoreException("no recording " + id));
            if (reader.size() == 0 && reader.truncated()) {
                throw new IntegrityException("recording " + id + " holds no audio (the writer stopped before its first "
                        + "sealed chunk); nothing was written");
            }
            Files.deleteIfExists(tmp);
            long n;
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.READ), ownerOnly())) {
                n = reader.copyTo(Channels.newOutputStream(ch));
                ExportedWav.patchSizes(ch, n);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dir = FileChannel.open(abs.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
            audit.append(AuditEvent.of(AuditEventType.RECORDING_EXPORTED, r.tenant()).with("recordingId", id)
                    .with("purpose", purpose).with("bytes", n));
            return new Export(n, reader.truncated(), reader.truncated() ? r.gapNote() : null);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A finished export: the bytes written, and for a TRUNCATED recording the gap note (what is
     * missing), else null.
     */
    public record Export(long bytes, boolean truncated, String gapNote) {}

    private static java.nio.file.attribute.FileAttribute<?>[] ownerOnly() {
        if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new java.nio.file.attribute.FileAttribute<?>[0];
        }
        return new java.nio.file.attribute.FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }

    /** Opens a recording; audits {@code type} unless null (an export audits once it is complete). */
    private RecordingReader open(String id, String purpose, AuditEventType type)
            throws StoreException, IOException, GeneralSecurityException, SQLException {
        RecordingRow r = db.recordings().find(id).orElseThrow(() -> new StoreException("no recording " + id));
        if (r.state() == RecordingState.DELETED) {
            Optional<Tombstone> t = db.tombstones().find(id);
            throw new StoreException("recording " + id + " was deleted"
                    + t.map(x -> " on " + x.deletedAt() + " (" + x.reason() + ")").orElse(""));
        }
        WrappedKeyRow wk = db.wrappedKeys().find(id)
                .orElseThrow(() -> new GeneralSecurityException("data key of recording " + id + " is destroyed"));
        SecretBytes dataKey;
        try {
            dataKey = keys.unwrap(new WrappedKey(wk.kekName(), wk.kekVersion(), wk.wrapped()));
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("data key of recording " + id
                    + " cannot be unwrapped (key destroyed by erasure, or altered)", e);
        }
        SeekableByteChannel ch = null;
        try {
            ch = objects.open(r.objectKey());
            SeekableReader reader = aead.newReader(dataKey,
                    StoreKeys.associatedData(id, r.tenant(), r.decisionId(), r.policyDigest()), ch);
            if (r.state() == RecordingState.SEALED) {
                checkSealed(r, reader);
            } else if (r.state() == RecordingState.TRUNCATED && reader.size() < r.plaintextBytes()) {
                throw new IntegrityException("recording " + r.id() + " is damaged: recovered with " + r.plaintextBytes()
                        + " readable bytes, its object now holds " + reader.size() + "; restore the object from a backup");
            }
            if (type != null) {
                audit.append(AuditEvent.of(type, r.tenant()).with("recordingId", id)
                        .with("purpose", purpose));
            }
            return new RecordingReader(reader, ch, dataKey);
        } catch (NoSuchFileException e) {
            dataKey.close();
            throw new StoreException("audio object of recording " + id + " is missing");
        } catch (IOException | GeneralSecurityException | SQLException | RuntimeException e) {
            dataKey.close();
            if (ch != null) {
                ch.close();
            }
            throw e;
        }
    }

    /**
     * A SEALED recording decrypts completely or not at all: its object must end with the authenticated
     * final segment, at the length and segment count the row (and the {@code recording.sealed} event)
     * recorded. A cut object would otherwise read as a shorter, seemingly valid recording.
     */
    private static void checkSealed(RecordingRow r, SeekableReader reader) throws IOException, IntegrityException {
        boolean segmentsMatch = r.segmentCount() == 0 || reader.segments() == r.segmentCount();
        if (reader.truncated() || reader.size() != r.plaintextBytes() || !segmentsMatch) {
            throw new IntegrityException("recording " + r.id() + " is damaged: sealed with " + r.plaintextBytes()
                    + " bytes in " + r.segmentCount() + " segments, its object holds " + reader.size() + " bytes in "
                    + reader.segments() + " segments" + (reader.truncated() ? " and lacks its final segment" : "")
                    + "; restore the object from a backup");
        }
    }

    public SweepResult sweepRetention() throws SQLException, IOException {
        return sweeper.sweep();
    }

    public ScheduledFuture<?> scheduleRetentionSweeps(ScheduledExecutorService executor, Duration period) {
        return sweeper.schedule(executor, period);
    }

    public void setLegalHold(String id, String reason) throws StoreException, SQLException {
        changeHold(id, true, reason);
    }

    public void releaseLegalHold(String id, String reason) throws StoreException, SQLException {
        changeHold(id, false, reason);
    }

    private void changeHold(String id, boolean hold, String reason) throws StoreException, SQLException {
        if (reason == null || reason.isBlank()) {
            throw new StoreException("a legal hold needs a reason");
        }
        RecordingRow r = db.recordings().find(id).orElseThrow(() -> new StoreException("no recording " + id));
        if (r.state() == RecordingState.DELETED) {
            throw new StoreException("recording " + id + " is already deleted");
        }
        if (!hold && !r.legalHold()) {
            throw new StoreException("recording " + id + " is not under legal hold");
        }
        db.inTransaction(c -> {
            db.recordings().setLegalHold(id, hold, hold ? reason : null);
            // The reason is free text (it may name a party); the log keeps its digest.
            audit.append(AuditEvent.of(hold ? AuditEventType.LEGAL_HOLD_SET : AuditEventType.LEGAL_HOLD_RELEASED,
                    r.tenant()).with("recordingId", id).with("reasonSha256", Decision.sha256Hex(reason)));
            return null;
        });
    }

    /**
     * Keeps a recording longer than its decision said (a regulator's extension after the call): moves
     * its expiry to the later {@code newExpiry}, audited as {@code retention.extended} with
     * {@code actor} and the SHA-256 of {@code reason} (the text itself is not stored). Never shortens;
     * deleted recordings are refused. See {@link RetentionExtender}.
     */
    public RetentionExtension extendRetention(String recordingId, Instant newExpiry, String reason, String actor)
            throws StoreException, SQLException {
        return new RetentionExtender(db, audit, clock).extend(recordingId, newExpiry, reason, actor);
    }

    /**
     * Erases a data subject (Art. 17) by crypto-shredding; recordings the law or a hold keeps are
     * listed as refused with the reason. A tenant the store has no recording of is refused
     * ({@link StoreException}); {@link ErasureResult#subjectKeyDestroyed()} is true only when a key existed.
     */
    public ErasureResult eraseSubject(String tenant, String subject)
            throws SQLException, IOException, GeneralSecurityException, StoreException {
        String sk = subjectKey(tenant, subject);
        return new SubjectEraser(db, keys, shredder, audit, clock).erase(tenant, sk, StoreKeys.subjectKek(tenant, sk));
    }

    /**
     * Rotates every KEK in use and re-wraps every data key under the new versions; the audio is not
     * re-encrypted. Returns the number of data keys re-wrapped.
     */
    public int rotateKeys() throws SQLException, IOException, GeneralSecurityException {
        Set<String> keks = new LinkedHashSet<>(List.of(StoreKeys.KEK_AUDIT, StoreKeys.KEK_PEPPER));
        List<WrappedKeyRow> all = db.wrappedKeys().listAll();
        all.forEach(k -> keks.add(k.kekName()));
        for (String kek : keks) {
            if (keys.exists(kek)) {
                int v = keys.rotate(kek);
                audit.append(AuditEvent.of(AuditEventType.KEY_ROTATED, null).with("kek", kek).with("version", v));
            }
        }
        Instant now = clock.instant();
        for (WrappedKeyRow k : all) {
            WrappedKey w = keys.rewrap(new WrappedKey(k.kekName(), k.kekVersion(), k.wrapped()));
            db.wrappedKeys().put(new WrappedKeyRow(k.recordingId(), w.kekName(), w.kekVersion(), w.wrapped(), now));
        }
        WrappedSecretFile.rewrap(dataDir.resolve(StoreKeys.AUDIT_KEY_FILE), keys);
        WrappedSecretFile.rewrap(dataDir.resolve(StoreKeys.PEPPER_FILE), keys);
        return all.size();
    }

    private static String instanceId(Path dataDir) throws IOException {
        Path f = dataDir.resolve(INSTANCE_FILE);
        if (!Files.isRegularFile(f)) {
            Files.writeString(f, UUID.randomUUID() + "\n");
        }
        return Files.readString(f).strip();
    }

    /**
     * Recordings this instance left in RECORDING when it died: sealed chunks stay readable, the gap
     * is stated. Other gateways' live recordings on a shared database are not touched.
     */
    private List<String> recoverInterrupted() throws SQLException, IOException {
        List<String> ids = new ArrayList<>();
        for (RecordingRow r : db.recordings().listInterrupted(instanceId)) {
            long readable = 0;
            String note;
            try (RecordingReader reader = openForRecovery(r)) {
                readable = reader.size();
                note = readable == 0
                        ? "writer stopped before its first sealed chunk; the recording holds no audio"
                        : "writer stopped before the recording was sealed; audio after byte " + readable
                                + " is missing (" + r.chunkCount() + (r.chunkCount() == 1 ? " chunk" : " chunks")
                                + " sealed before the stop)";
            } catch (IOException | GeneralSecurityException e) {
                note = "writer stopped before the recording was sealed; no readable audio ("
                        + e.getClass().getSimpleName() + ")";
            }
            long bytes = readable;
            String gap = note;
            db.inTransaction(c -> {
                db.recordings().finish(r.id(), RecordingState.TRUNCATED, clock.instant(), bytes, 0, false, gap);
                audit.append(AuditEvent.of(AuditEventType.RECORDING_TRUNCATED, r.tenant()).with("recordingId", r.id())
                        .with("readableBytes", bytes).with("sealedChunks", r.chunkCount()));
                return null;
            });
            ids.add(r.id());
        }
        if (!ids.isEmpty()) {
            // ids are random: no personal data in the log
            LOG.log(System.Logger.Level.INFO, "start-up recovery: {0} interrupted recording(s) marked TRUNCATED: {1}",
                    ids.size(), String.join(", ", ids));
        }
        return List.copyOf(ids);
    }

    private RecordingReader openForRecovery(RecordingRow r) throws IOException, GeneralSecurityException, SQLException {
        WrappedKeyRow wk = db.wrappedKeys().find(r.id()).orElseThrow(() -> new GeneralSecurityException("no data key"));
        SecretBytes dataKey = keys.unwrap(new WrappedKey(wk.kekName(), wk.kekVersion(), wk.wrapped()));
        SeekableByteChannel ch = null;
        try {
            ch = objects.open(r.objectKey());
            return new RecordingReader(aead.newReader(dataKey,
                    StoreKeys.associatedData(r.id(), r.tenant(), r.decisionId(), r.policyDigest()), ch), ch, dataKey);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            dataKey.close();
            if (ch != null) {
                ch.close();
            }
            throw e;
        }
    }

    /** Forgets the store's secrets and closes what {@link #openEmbedded} opened. */
    @Override
    public void close() throws SQLException {
        pepper.close();
        if (ownedKeys != null) {
            ownedKeys.close();
        }
        if (ownedDb != null) {
            ownedDb.close();
        }
    }

    @Override
    public String toString() {
        return "RecordingStore[" + dataDir + "]";
    }
}
