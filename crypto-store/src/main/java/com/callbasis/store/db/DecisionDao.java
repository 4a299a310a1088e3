package com.callbasis.store.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decision justifications, written once (a decision id never changes meaning). */
public final class DecisionDao {
    private final Jdbc jdbc;

    DecisionDao(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the decision unless its id is already present; returns true when inserted. */
    public boolean putIfAbsent(DecisionRow d) throws SQLException {
        return jdbc.tx(c -> Jdbc.update(c, "INSERT INTO decisions (decision_id, tenant, decided_at, canonical_json, sha256) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (decision_id) DO NOTHING",
                d.decisionId(), d.tenant(), d.decidedAt(), d.canonicalJson(), d.sha256())) == 1;
    }

    /** Keeps the salt of a decision's subject commitment, by subject key so that an erasure can forget it. */
    public void putSalt(String decisionId, String subjectKey, byte[] salt) throws SQLException {
        jdbc.tx(c -> Jdbc.update(c, "INSERT INTO decision_salts (decision_id, subject_key, salt) VALUES (?, ?, ?)",
                decisionId, subjectKey, salt));
    }

    /** The salt of a decision's subject commitment, while the subject is not erased. */
    public Optional<byte[]> salt(String decisionId) throws SQLException {
        return jdbc.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT salt FROM decision_salts WHERE decision_id = ?")) {
                ps.setString(1, decisionId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    /** Forgets a subject's decision salts: the stored decisions' commitments no longer open to it. */
    public int deleteSalts(String subjectKey) throws SQLException {
        return jdbc.tx(c -> Jdbc.update(c, "DELETE FROM decision_salts WHERE subject_key = ?", subjectKey));
    }

    /** Whether the store holds any decision of {@code tenant} (recorded or not). */
    public boolean hasTenant(String tenant) throws SQLException {
        return jdbc.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM decisions WHERE tenant = ? LIMIT 1")) {
                ps.setString(1, tenant);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public Optional<DecisionRow> find(String decisionId) throws SQLException {
        return jdbc.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT decision_id, tenant, decided_at, canonical_json, sha256 FROM decisions WHERE decision_id = ?")) {
                ps.setString(1, decisionId);
                List<DecisionRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DecisionRow(rs.getString(1), rs.getString(2), Jdbc.instant(rs, "decided_at"),
                                rs.getString(4), rs.getString(5)));
                    }
                }
                return out.isEmpty() ? Optional.<DecisionRow>empty() : Optional.of(out.get(0));
            }
        });
    }
}
