package com.callbasis.store.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.sqlite.SQLiteConfig;

/**
 * The metadata database: recordings, wrapped data keys, decisions, consent and objection registries,
 * tombstones and the audit log's leaves. Opening it applies pending schema migrations.
 */
public final class MetadataDb implements AutoCloseable {
    /** File name of the embedded database under the data directory. */
    public static final String SQLITE_FILE = "metadata.sqlite";

    private final Jdbc jdbc;
    private final int schemaVersion;
    private final RecordingDao recordings;
    private final WrappedKeyDao wrappedKeys;
    private final DecisionDao decisions;
    private final ConsentDao consents;
    private final ObjectionDao objections;
    private final TombstoneDao tombstones;
    private final AuditDao audit;

    private MetadataDb(Jdbc jdbc) throws SQLException {
        this.jdbc = jdbc;
        this.schemaVersion = Migrations.migrate(jdbc);
        this.recordings = new RecordingDao(jdbc);
        this.wrappedKeys = new WrappedKeyDao(jdbc);
        this.decisions = new DecisionDao(jdbc);
        this.consents = new ConsentDao(jdbc);
        this.objections = new ObjectionDao(jdbc);
        this.tombstones = new TombstoneDao(jdbc);
        this.audit = new AuditDao(jdbc);
    }

    /** The embedded default: {@value #SQLITE_FILE} under {@code dataDir}, created when missing. */
    public static MetadataDb openEmbedded(Path dataDir) throws SQLException {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        return openSqlite(dataDir.resolve(SQLITE_FILE));
    }

    public static MetadataDb openSqlite(Path file) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a committed chunk row or audit leaf survives power loss, like the fsynced object.
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        cfg.setBusyTimeout(10_000);
        // Deleted rows (scrubbed recordings, forgotten salts) are overwritten, not left in free pages.
        cfg.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        cfg.enforceForeignKeys(true);
        // IMMEDIATE: take the write lock at BEGIN so two processes never both read the audit size.
        cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), cfg.toProperties());
        ownerOnly(file);
        return new MetadataDb(new Jdbc(c, Dialect.SQLITE));
    }

    /** Pseudonymous personal data: readable by the gateway's user only (where the file system can say so). */
    private static void ownerOnly(Path file) {
        try {
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        } catch (java.io.IOException | UnsupportedOperationException e) {
            // not POSIX, or not ours: the data directory's permissions still apply
        }
    }

    /** Opens {@code jdbc:sqlite:...} or {@code jdbc:postgresql:...}; credentials go in {@code props}. */
    public static MetadataDb open(String jdbcUrl, Properties props) throws SQLException {
        Dialect d = Dialect.ofUrl(jdbcUrl);
        if (d == Dialect.SQLITE) {
            return openSqlite(Path.of(jdbcUrl.substring("jdbc:sqlite:".length())));
        }
        Connection c = DriverManager.getConnection(jdbcUrl, props);
        return new MetadataDb(new Jdbc(c, d));
    }

    public Dialect dialect() {
        return jdbc.dialect();
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    /** Runs {@code work} in one transaction; DAO calls made inside it join that transaction. */
    public <T> T inTransaction(SqlWork<T> work) throws SQLException {
        return jdbc.tx(work);
    }

    public RecordingDao recordings() {
        return recordings;
    }

    public WrappedKeyDao wrappedKeys() {
        return wrappedKeys;
    }

    public DecisionDao decisions() {
        return decisions;
    }

    public ConsentDao consents() {
        return consents;
    }

    public ObjectionDao objections() {
        return objections;
    }

    public TombstoneDao tombstones() {
        return tombstones;
    }

    public AuditDao audit() {
        return audit;
    }

    @Override
    public void close() throws SQLException {
        jdbc.close();
    }

    /** Connection properties without secrets in them are fine to log; this never prints the password. */
    @Override
    public String toString() {
        return "MetadataDb[" + dialect() + ", schema v" + schemaVersion + "]";
    }
}
