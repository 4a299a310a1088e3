package com.callbasis.store.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Tombstones of deleted recordings. */
public final class TombstoneDao {
    private final Jdbc jdbc;

    TombstoneDao(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Tombstone t) throws SQLException {
        jdbc.tx(c -> Jdbc.update(c, "INSERT INTO tombstones (recording_id, tenant, basis, reason, retention_expires_at, "
                + "deleted_at, audit_index) VALUES (?, ?, ?, ?, ?, ?, ?)", t.recordingId(), t.tenant(), t.basis(),
                t.reason(), t.retentionExpiresAt(), t.deletedAt(), t.auditIndex()));
    }

    public Optional<Tombstone> find(String recordingId) throws SQLException {
        List<Tombstone> l = query("WHERE recording_id = ?", recordingId);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    public List<Tombstone> list() throws SQLException {
        return query("ORDER BY deleted_at, recording_id");
    }

    private List<Tombstone> query(String where, Object... args) throws SQLException {
        return jdbc.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT recording_id, tenant, basis, reason, "
                    + "retention_expires_at, deleted_at, audit_index FROM tombstones " + where)) {
                Jdbc.bind(ps, args);
                List<Tombstone> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long idx = rs.getLong(7);
                        Long audit = rs.wasNull() ? null : idx;
                        out.add(new Tombstone(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                Jdbc.instant(rs, "retention_expires_at"), Jdbc.instant(rs, "deleted_at"), audit));
                    }
                }
                return out;
            }
        });
    }
}
