package com.callbasis.store.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The objection registry: an objection stops recording under legitimate interests or public task. */
public final class ObjectionDao {
    private final Jdbc jdbc;

    ObjectionDao(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void record(ObjectionRecord r) throws SQLException {
        jdbc.tx(c -> Jdbc.update(c, "INSERT INTO objections (id, tenant, subject_key, objected_at, channel) "
                + "VALUES (?, ?, ?, ?, ?)", r.id(), r.tenant(), r.subjectKey(), r.objectedAt(), r.channel()));
    }

    /** True when the subject objected at or before {@code at}. */
    public boolean hasObjected(String tenant, String subjectKey, Instant at) throws SQLException {
        return list(tenant, subjectKey).stream().anyMatch(o -> !o.objectedAt().isAfter(at));
    }

    public List<ObjectionRecord> list(String tenant, String subjectKey) throws SQLException {
        return jdbc.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, tenant, subject_key, objected_at, channel "
                    + "FROM objections WHERE tenant = ? AND subject_key = ? ORDER BY objected_at, id")) {
                Jdbc.bind(ps, tenant, subjectKey);
                List<ObjectionRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ObjectionRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                                Jdbc.instant(rs, "objected_at"), rs.getString(5)));
                    }
                }
                return out;
            }
        });
    }
}
