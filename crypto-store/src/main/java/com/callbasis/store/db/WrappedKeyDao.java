package com.callbasis.store.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Wrapped data keys, one per recording. Deleting the row destroys the live copy of the key. */
public final class WrappedKeyDao {
    private final Jdbc jdbc;

    WrappedKeyDao(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts or replaces (re-wrap on key rotation) the recording's wrapped key. */
    public void put(WrappedKeyRow k) throws SQLException {
        jdbc.tx(c -> Jdbc.update(c, "INSERT INTO wrapped_keys (recording_id, kek_name, kek_version, wrapped, updated_at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (recording_id) DO UPDATE SET kek_name = excluded.kek_name, "
                + "kek_version = excluded.kek_version, wrapped = excluded.wrapped, updated_at = excluded.updated_at",
                k.recordingId(), k.kekName(), k.kekVersion(), k.wrapped(), k.updatedAt()));
    }

    public Optional<WrappedKeyRow> find(String recordingId) throws SQLException {
        List<WrappedKeyRow> l = query("WHERE recording_id = ?", recordingId);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    public List<WrappedKeyRow> listAll() throws SQLException {
        return query("ORDER BY recording_id");
    }

    public List<WrappedKeyRow> listByKek(String kekName) throws SQLException {
        return query("WHERE kek_name = ? ORDER BY recording_id", kekName);
    }

    public boolean delete(String recordingId) throws SQLException {
        return jdbc.tx(c -> Jdbc.update(c, "DELETE FROM wrapped_keys WHERE recording_id = ?", recordingId)) == 1;
    }

    private List<WrappedKeyRow> query(String where, Object... args) throws SQLException {
        return jdbc.tx(c -> {
            List<WrappedKeyRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT recording_id, kek_name, kek_version, wrapped, updated_at FROM wrapped_keys " + where)) {
                Jdbc.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new WrappedKeyRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBytes(4),
                                Jdbc.instant(rs, "updated_at")));
                    }
                }
            }
            return out;
        });
    }
}
