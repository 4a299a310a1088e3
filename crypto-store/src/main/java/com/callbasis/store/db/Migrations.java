package com.callbasis.store.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the SQL files listed in {@code migrations/index.txt} in order, each in its own transaction,
 * and records them in {@code schema_version}. A database written by a newer release is refused rather
 * than silently misread.
 */
final class Migrations {
    private static final String DIR = "migrations/";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    record Migration(int version, String description, String sql) {}

    private Migrations() {}

    static List<Migration> bundled() {
        List<Migration> out = new ArrayList<>();
        for (String line : resource("index.txt").split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("bad migration file name " + name);
            }
            out.add(new Migration(Integer.parseInt(m.group(1)), m.group(2), resource(name)));
        }
        return out;
    }

    /** Brings the schema up to date; returns the resulting version. */
    static int migrate(Jdbc jdbc) throws SQLException {
        List<Migration> all = bundled();
        int latest = all.isEmpty() ? 0 : all.get(all.size() - 1).version();
        jdbc.tx(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        + "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            }
            return null;
        });
        for (Migration m : all) {
            jdbc.tx(c -> {
                if (jdbc.dialect() == Dialect.POSTGRESQL) {
                    // Several gateways may start at once against one server: one migrates, others wait.
                    try (Statement s = c.createStatement()) {
                        s.execute("LOCK TABLE schema_version IN EXCLUSIVE MODE");
                    }
                }
                int current = currentVersion(c);
                if (current > latest) {
                    throw new SQLException("metadata schema version " + current
                            + " is newer than this release supports (" + latest + "); upgrade the gateway");
                }
                if (m.version() <= current) {
                    return null;
                }
                try (Statement s = c.createStatement()) {
                    for (String stmt : statements(m.sql(), jdbc.dialect())) {
                        s.execute(stmt);
                    }
                }
                Jdbc.update(c, "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                        m.version(), m.description(), System.currentTimeMillis());
                return null;
            });
        }
        return jdbc.tx(Migrations::currentVersion);
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static List<String> statements(String sql, Dialect dialect) {
        StringBuilder clean = new StringBuilder();
        for (String line : sql.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("--")) {
                clean.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String stmt : clean.toString().replace("{{BLOB}}", dialect.blobType()).split(";")) {
            if (!stmt.isBlank()) {
                out.add(stmt.strip());
            }
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled migration " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled migration " + name, e);
        }
    }
}
