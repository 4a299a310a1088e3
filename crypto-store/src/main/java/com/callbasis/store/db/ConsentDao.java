package com.callbasis.store.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The consent registry. Rows are never deleted: a withdrawal is recorded, history stays provable. */
public final class ConsentDao {
    private final Jdbc jdbc;

    ConsentDao(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void record(ConsentRecord r) throws SQLException {
        jdbc.tx(c -> Jdbc.update(c, "INSERT INTO consents (id, tenant, subject_key, purpose, method, notice_version, "
                + "given_at, withdrawn_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", r.id(), r.tenant(), r.subjectKey(),
                r.purpose(), r.method(), r.noticeVersion(), r.givenAt(), r.withdrawnAt()));
    }

    /** Withdraws every standing consent of the subject for the purpose; returns how many. */
    public int withdraw(String tenant, String subjectKey, String purpose, Instant at) throws SQLException {
        return jdbc.tx(c -> Jdbc.update(c, "UPDATE consents SET withdrawn_at = ? WHERE tenant = ? AND subject_key = ? "
                + "AND purpose = ? AND withdrawn_at IS NULL", at, tenant, subjectKey, purpose));
    }

    /**
     * Withdraws, from {@code at} on, the standing consents of the subject for the purpose that were given
     * at or before {@code givenBy}; a consent given later is left standing (Art. 7(3) is not retroactive,
     * nor does it reach forward). Two instants so a caller can round each toward "no consent".
     *
     * @return how many were withdrawn
     */
    public int withdrawGivenBy(String tenant, String subjectKey, String purpose, Instant givenBy, Instant at)
            throws SQLException {
        return jdbc.tx(c -> Jdbc.update(c, "UPDATE consents SET withdrawn_at = ? WHERE tenant = ? AND subject_key = ? "
                + "AND purpose = ? AND withdrawn_at IS NULL AND given_at <= ?", at, tenant, subjectKey, purpose, givenBy));
    }

    /** The most recent consent standing at {@code at}, if any. */
    public Optional<ConsentRecord> active(String tenant, String subjectKey, String purpose, Instant at) throws SQLException {
        return history(tenant, subjectKey).stream()
                .filter(r -> r.purpose().equals(purpose) && r.activeAt(at))
                .reduce((a, b) -> b);
    }

    /** Every consent of the subject, oldest first. */
    public List<ConsentRecord> history(String tenant, String subjectKey) throws SQLException {
        return jdbc.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, tenant, subject_key, purpose, method, "
                    + "notice_version, given_at, withdrawn_at FROM consents WHERE tenant = ? AND subject_key = ? "
                    + "ORDER BY given_at, id")) {
                Jdbc.bind(ps, tenant, subjectKey);
                List<ConsentRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ConsentRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), Jdbc.instant(rs, "given_at"),
                                Jdbc.instant(rs, "withdrawn_at")));
                    }
                }
                return out;
            }
        });
    }
}
