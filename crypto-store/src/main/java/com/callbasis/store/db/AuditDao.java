package com.callbasis.store.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Storage of the audit log: leaves (append-only), issued checkpoints and commitment salts. */
public final class AuditDao {
    private final Jdbc jdbc;

    AuditDao(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends a leaf at the next index and returns that index. The index is taken under a lock so two
     * gateways sharing a PostgreSQL store never both claim it (SQLite: BEGIN IMMEDIATE).
     */
    public long append(String tenant, String eventType, Instant time, byte[] data, byte[] hash) throws SQLException {
        return jdbc.tx(c -> {
            if (jdbc.dialect() == Dialect.POSTGRESQL) {
                try (Statement s = c.createStatement()) {
                    s.execute("LOCK TABLE audit_leaves IN SHARE ROW EXCLUSIVE MODE");
                }
            }
            long index = size();
            Jdbc.update(c, "INSERT INTO audit_leaves (leaf_index, tenant, event_type, event_time, leaf_data, leaf_hash) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", index, tenant, eventType, time, data, hash);
            return index;
        });
    }

    /** Number of leaves (indices are dense from 0). */
    public long size() throws SQLException {
        return jdbc.tx(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_leaves")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Leaf hashes of indices [from, to). */
    public List<byte[]> leafHashes(long from, long to) throws SQLException {
        return jdbc.tx(c -> {
            List<byte[]> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT leaf_hash FROM audit_leaves WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getBytes(1));
                    }
                }
            }
            return out;
        });
    }

    /** Leaves of indices [from, to). */
    public List<AuditLeafRow> leaves(long from, long to) throws SQLException {
        return query("WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index", from, to);
    }

    /**
     * Leaves of a tenant (and tenant-less system events) with from <= time < to, below {@code treeSize};
     * every tenant's when {@code tenant} is null.
     */
    public List<AuditLeafRow> leavesFor(String tenant, Instant from, Instant to, long treeSize) throws SQLException {
        if (tenant == null) {
            return query("WHERE event_time >= ? AND event_time < ? AND leaf_index < ? ORDER BY leaf_index",
                    from, to, treeSize);
        }
        return query("WHERE (tenant = ? OR tenant = '') AND event_time >= ? AND event_time < ? AND leaf_index < ? "
                + "ORDER BY leaf_index", tenant, from, to, treeSize);
    }

    public void putCheckpoint(CheckpointRow cp) throws SQLException {
        jdbc.tx(c -> Jdbc.update(c, "INSERT INTO audit_checkpoints (tree_size, root_hash, note, created_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING",
                cp.treeSize(), cp.rootHash(), cp.note(), cp.createdAt()));
    }

    public Optional<CheckpointRow> latestCheckpoint() throws SQLException {
        return jdbc.tx(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT tree_size, root_hash, note, created_at FROM audit_checkpoints "
                            + "ORDER BY tree_size DESC LIMIT 1")) {
                if (!rs.next()) {
                    return Optional.<CheckpointRow>empty();
                }
                return Optional.of(new CheckpointRow(rs.getLong(1), rs.getBytes(2), rs.getString(3),
                        Jdbc.instant(rs, "created_at")));
            }
        });
    }

    public void putSalt(long leafIndex, String field, String subjectKey, byte[] salt) throws SQLException {
        jdbc.tx(c -> Jdbc.update(c, "INSERT INTO audit_salts (leaf_index, field, subject_key, salt) VALUES (?, ?, ?, ?)",
                leafIndex, field, subjectKey, salt));
    }

    public Optional<byte[]> salt(long leafIndex, String field) throws SQLException {
        return jdbc.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT salt FROM audit_salts WHERE leaf_index = ? AND field = ?")) {
                Jdbc.bind(ps, leafIndex, field);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    /** Forgets the salts of a subject's commitments: the log's commitments become unlinkable to it. */
    public int deleteSalts(String subjectKey) throws SQLException {
        return jdbc.tx(c -> Jdbc.update(c, "DELETE FROM audit_salts WHERE subject_key = ?", subjectKey));
    }

    private List<AuditLeafRow> query(String where, Object... args) throws SQLException {
        return jdbc.tx(c -> {
            List<AuditLeafRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT leaf_index, tenant, event_type, event_time, "
                    + "leaf_data, leaf_hash FROM audit_leaves " + where)) {
                Jdbc.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditLeafRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                                Jdbc.instant(rs, "event_time"), rs.getBytes(5), rs.getBytes(6)));
                    }
                }
            }
            return out;
        });
    }
}
