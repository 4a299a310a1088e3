package com.callbasis.store.db;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: initdb into a temp directory, pg_ctl start on a free port on
 * 127.0.0.1 (socket in the same directory), stopped and deleted at the end. PostgreSQL refuses to run
 * as root, so as root the binaries run through {@code runuser -u postgres --} on a directory that user
 * owns (the Debian package creates the user). A missing installation fails the tests; it never skips.
 */
public final class PostgresServer implements AutoCloseable {
    private static final String USER = "test";
    private final Path base;
    private final Path bin;
    private final int port;
    private final AtomicInteger schemas = new AtomicInteger();

    private PostgresServer(Path base, Path bin, int port) {
        this.base = base;
        this.bin = bin;
        this.port = port;
    }

    static PostgresServer start() throws IOException, InterruptedException {
        Path bin = findBin();
        Path base = Files.createTempDirectory("cbpg");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            UserPrincipal pg = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(base, pg);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PostgresServer server = new PostgresServer(base, bin, port);
        server.run(root, 60, "initdb", "-D", base.resolve("data").toString(), "-U", USER, "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync");
        server.run(root, 60, "pg_ctl", "-D", base.resolve("data").toString(), "-l", base.resolve("log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + base + " -c listen_addresses=127.0.0.1 -c fsync=off "
                        + "-c synchronous_commit=off -c full_page_writes=off", "start");
        Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly));
        return server;
    }

    /** A fresh, empty schema; the URL selects it so every test starts from version 0. */
    public String newDatabaseUrl() throws SQLException {
        String schema = "t" + schemas.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("public"));
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return url(schema);
    }

    private String url(String schema) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + USER + "&currentSchema=" + schema;
    }

    @Override
    public void close() {
        stopQuietly();
    }

    private synchronized void stopQuietly() {
        if (!Files.exists(base)) {
            return;
        }
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            run(root, 60, "pg_ctl", "-D", base.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } catch (IOException | InterruptedException e) {
            // best effort: still delete the directory
        }
        try (Stream<Path> s = Files.walk(base)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // leave it for the OS temp cleaner
        }
    }

    private void run(boolean root, int timeoutSeconds, String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("cbpg-" + tool, ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(File.listRoots()[0]).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(tool + " did not finish in " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                String log = Files.readString(out);
                Path server = base.resolve("log");
                if (Files.exists(server)) {
                    log += "\n" + Files.readString(server);
                }
                throw new IOException(tool + " failed (exit " + p.exitValue() + "): " + log);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static Path findBin() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IOException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); "
                + "run scripts/test as root or: apt-get install -y postgresql");
    }

    private static int versionOf(String s) {
        try {
            return Integer.parseInt(s.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
