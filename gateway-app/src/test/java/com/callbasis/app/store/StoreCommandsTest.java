package com.callbasis.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store commands through {@link Main#execute}, as an operator runs them. */
class StoreCommandsTest {
    @TempDir
    Path dir;
    Path data;
    String out;
    String err;
    private Map<String, String> savedEnv;

    @BeforeEach
    void isolateEnvironment() {
        savedEnv = StoreOptions.environment;
        StoreOptions.environment = Map.of();
        data = dir.resolve("data");
    }

    @AfterEach
    void restoreEnvironment() {
        StoreOptions.environment = savedEnv;
    }

    int run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            return Main.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            out = o.toString(StandardCharsets.UTF_8);
            err = e.toString(StandardCharsets.UTF_8);
        }
    }

    Path decision(String name, String basis, String outcome, String expires) throws Exception {
        String json = "{\"basis\":" + (basis == null ? "null" : "\"" + basis + "\"") + ",\"decisionId\":\"" + name
                + "\",\"explanation\":\"test\",\"obligations\":[],\"outcome\":\"" + outcome + "\",\"policyDigest\":\""
                + "5e".repeat(32) + "\",\"purpose\":\"quality\",\"retention\":{\"class\":\"std\",\"expiresAt\":\""
                + expires + "\",\"period\":\"P5Y\"},\"rights\":[],\"rule\":\"r\",\"tenant\":\"acme\",\"time\":\""
                + Instant.now() + "\"}";
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, json);
        return f;
    }

    Path wav(int size) throws Exception {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
        Path f = dir.resolve("in-" + size + ".wav");
        Files.write(f, b);
        return f;
    }

    /** {@code ./gateway init}: every command but run and init refuses a data directory without a store. */
    void init() {
        assertThat(run("init", "--data", data.toString())).as(err).isZero();
        assertThat(out.strip()).isEqualTo("created recording store in " + data);
    }

    /** The one encrypted object in the store (tests that import a single recording). */
    Path onlyObject() throws Exception {
        try (Stream<Path> s = Files.walk(data.resolve("objects"))) {
            return s.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
    }

    String importOne(Path wav, String subject, Path decision) {
        assertThat(run("recordings", "import", wav.toString(), "--tenant", "acme", "--subject", subject,
                "--decision", decision.toString(), "--data", data.toString())).as(err).isZero();
        return out.strip();
    }

    @Test
    void importThenGetIsByteIdentical() throws Exception {
        init();
        assertThat(err).contains("created keystore passphrase file");
        Path wav = wav(300_001);
        String id = importOne(wav, "+441632960001", decision("d1", "consent", "RECORD_AFTER_CONSENT", "2099-01-01T00:00:00Z"));
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("keystore.passphrase")))).isEqualTo("rw-------");

        Path got = dir.resolve("out.wav");
        assertThat(run("recordings", "get", id, "--out", got.toString(), "--data", data.toString())).as(err).isZero();
        assertThat(Files.readAllBytes(got)).isEqualTo(Files.readAllBytes(wav));

        assertThat(run("recordings", "list", "--data", data.toString())).isZero();
        assertThat(out).contains(id).contains("SEALED").contains("consent").contains("300001");
        assertThat(out).doesNotContain("441632960001");
    }

    @Test
    void errorsAreOneLineWithNonZeroExit() throws Exception {
        init();
        Path wav = wav(1000);
        assertThat(run("recordings", "get", "no-such-id", "--out", dir.resolve("x.wav").toString(), "--data", data.toString()))
                .isEqualTo(Main.USAGE);
        assertThat(err.strip()).isEqualTo("gateway: no recording no-such-id");

        assertThat(run("recordings", "import", wav.toString(), "--tenant", "acme", "--subject", "+442079460123",
                "--decision", decision("d2", "consent", "DO_NOT_RECORD", "2099-01-01T00:00:00Z").toString(),
                "--data", data.toString())).isEqualTo(Main.USAGE);
        assertThat(err.strip()).startsWith("gateway: decision d2 has outcome DO_NOT_RECORD").doesNotContain("\n");

        assertThat(run("recordings", "import", wav.toString(), "--tenant", "acme", "--subject", "+442079460123",
                "--decision", decision("d3", null, "RECORD", "2099-01-01T00:00:00Z").toString(), "--data", data.toString()))
                .isEqualTo(Main.USAGE);
        assertThat(err).contains("no lawful basis");

        assertThat(run("recordings", "import", dir.resolve("missing.wav").toString(), "--tenant", "acme", "--subject", "+442079460123",
                "--decision", dir.resolve("d3.json").toString(), "--data", data.toString())).isEqualTo(Main.USAGE);
        assertThat(err).contains("no such audio file");

        // a withheld caller or a bare word is nobody in particular: no shared subject key for it (issue 11, item 4)
        for (String nobody : new String[] {"s", "sip:anonymous@anonymous.invalid"}) {
            assertThat(run("recordings", "import", wav.toString(), "--tenant", "acme", "--subject", nobody,
                    "--decision", decision("d4", "consent", "RECORD", "2099-01-01T00:00:00Z").toString(),
                    "--data", data.toString())).isEqualTo(Main.USAGE);
            assertThat(err.strip()).startsWith("gateway: subject has no usable identity").doesNotContain("\n");
            assertThat(run("subjects", "erase", nobody, "--tenant", "acme", "--data", data.toString())).isEqualTo(Main.USAGE);
            assertThat(err).contains("no usable identity");
        }

        assertThat(run("recordings", "import", wav.toString(), "--data", data.toString())).isEqualTo(Main.USAGE);
        assertThat(err).contains("Missing required options");
        assertThat(err).doesNotContain("\tat ");
    }

    @Test
    void integrityFailureOnGetLeavesNoOutput() throws Exception {
        init();
        String id = importOne(wav(200_000), "+442079460123", decision("d1", "contract", "RECORD", "2099-01-01T00:00:00Z"));
        Path obj = onlyObject();
        byte[] b = Files.readAllBytes(obj);
        b[b.length - 100] ^= 0x04;
        Files.write(obj, b);
        Path got = dir.resolve("out.wav");
        assertThat(run("recordings", "get", id, "--out", got.toString(), "--data", data.toString())).isEqualTo(1);
        assertThat(err.strip()).startsWith("gateway: integrity check failed").doesNotContain("\n");
        assertThat(got).doesNotExist();
        assertThat(dir.resolve("out.wav.part")).doesNotExist();
    }

    @Test
    void auditExportVerifiesAndATamperedExportIsRefused() throws Exception {
        init();
        importOne(wav(5000), "+442079460123", decision("d1", "consent", "RECORD", "2099-01-01T00:00:00Z"));
        assertThat(run("audit", "public-key", "--data", data.toString())).isZero();
        String key = out.strip();
        assertThat(key).isEqualTo(Files.readString(data.resolve("audit-log.pub")).strip()).startsWith("callbasis.local/audit/");

        Path export = dir.resolve("export");
        assertThat(run("audit", "export", "--from", "2000-01-01", "--to", "2100-01-01T00:00:00Z", "--out", export.toString(),
                "--data", data.toString())).as(err).isZero();
        assertThat(out).contains("exported 3 entries");
        Path pub = dir.resolve("auditor-copy.pub");
        Files.writeString(pub, key + "\n");
        assertThat(run("audit", "verify", export.toString(), "--public-key", pub.toString())).as(err).isZero();
        assertThat(out).contains("verified: 3 entries");

        Path entry = export.resolve("entries/000000000001.json");
        byte[] b = Files.readAllBytes(entry);
        b[10] ^= 0x01;
        Files.write(entry, b);
        assertThat(run("audit", "verify", export.toString(), "--public-key", pub.toString())).isEqualTo(1);
        assertThat(err.strip()).startsWith("gateway: export does NOT verify: entries/000000000001.json");

        // a later export proves the log only grew since the checkpoint the auditor kept
        Path kept = dir.resolve("kept-checkpoint");
        Files.copy(export.resolve("checkpoint"), kept);
        importOne(wav(6000), "+442079460126", decision("d9", "consent", "RECORD", "2099-01-01T00:00:00Z"));
        Path later = dir.resolve("export-later");
        assertThat(run("audit", "export", "--from", "2000-01-01", "--to", "2100-01-01", "--out", later.toString(),
                "--previous-checkpoint", kept.toString(), "--data", data.toString())).as(err).isZero();
        assertThat(run("audit", "verify", later.toString(), "--public-key", pub.toString(),
                "--previous-checkpoint", kept.toString())).as(err).isZero();
        assertThat(run("audit", "verify", later.toString(), "--public-key", pub.toString(),
                "--previous-checkpoint", export.resolve("manifest").toString())).isEqualTo(1);

        assertThat(run("audit", "export", "--from", "2100-01-01", "--to", "2000-01-01", "--out", dir.resolve("e2").toString(),
                "--data", data.toString())).isEqualTo(Main.USAGE);
        assertThat(run("audit", "verify", dir.resolve("nowhere").toString(), "--public-key", pub.toString())).isEqualTo(Main.USAGE);
    }

    @Test
    void erasureHoldsSweepAndRotation() throws Exception {
        init();
        String mifid = importOne(wav(4000), "+442079460124", decision("m1", "legal_obligation", "RECORD", "2099-01-01T00:00:00Z"));
        String consented = importOne(wav(4001), "+442079460124", decision("c1", "consent", "RECORD", "2099-01-01T00:00:00Z"));
        String expired = importOne(wav(4002), "+442079460125", decision("x1", "contract", "RECORD", "2001-01-01T00:00:00Z"));

        assertThat(run("holds", "set", expired, "--reason", "dispute", "--data", data.toString())).isZero();
        assertThat(run("retention", "sweep", "--data", data.toString())).isZero();
        assertThat(out).contains("kept " + expired + ": under legal hold");
        assertThat(run("holds", "release", expired, "--reason", "closed", "--data", data.toString())).isZero();
        assertThat(run("retention", "sweep", "--data", data.toString())).isZero();
        assertThat(out).contains("deleted " + expired);

        assertThat(run("subjects", "erase", "+442079460124", "--tenant", "acme", "--data", data.toString())).isZero();
        assertThat(out).contains("erased " + consented).contains("refused " + mifid).contains("Art. 17(3)(b)")
                .contains("subject key destroyed");
        assertThat(run("recordings", "get", consented, "--out", dir.resolve("c.wav").toString(), "--data", data.toString()))
                .isEqualTo(Main.USAGE);
        assertThat(err).contains("was deleted");

        assertThat(run("keys", "rotate", "--data", data.toString())).isZero();
        assertThat(out).contains("re-wrapped 1 data keys");
        assertThat(run("recordings", "get", mifid, "--out", dir.resolve("m.wav").toString(), "--data", data.toString())).isZero();
        assertThat(Files.size(dir.resolve("m.wav"))).isEqualTo(4000);
    }

    /** Issue 11, item 9: a regulator's extension arrives after the call; the operator applies it. */
    @Test
    void retentionExtendMovesTheExpiryLaterAndSaysFromWhat() throws Exception {
        init();
        String id = importOne(wav(3000), "+442079460127", decision("e1", "legal_obligation", "RECORD", "2031-03-03T10:00:00Z"));

        assertThat(run("retention", "extend", id, "--until", "2033-03-03", "--reason", "FCA request 2026/117",
                "--actor", "ops.alice", "--data", data.toString())).as(err).isZero();
        assertThat(out).isEqualTo("extended " + id + " until 2033-03-03T00:00:00Z (was 2031-03-03T10:00:00Z)\n");

        assertThat(run("retention", "extend", id, "--by", "P2Y", "--reason", "FCA, two more years", "--data", data.toString()))
                .as(err).isZero();
        assertThat(out.strip()).isEqualTo("extended " + id + " until 2035-03-03T00:00:00Z (was 2033-03-03T00:00:00Z)");

        assertThat(run("retention", "extend", id, "--until", "2040-01-02T03:04:05Z", "--reason", "again",
                "--data", data.toString())).as(err).isZero();
        assertThat(out.strip()).endsWith("until 2040-01-02T03:04:05Z (was 2035-03-03T00:00:00Z)");

        assertThat(run("recordings", "list", "--data", data.toString())).isZero();
        assertThat(out).contains(id + "\tacme\tSEALED\tlegal_obligation\t3000\t2040-01-02T03:04:05Z\t-\t-");

        // the audit export carries both extensions, with the OS user as the default actor
        Path export = dir.resolve("export");
        assertThat(run("audit", "export", "--from", "2000-01-01", "--to", "2100-01-01", "--out", export.toString(),
                "--data", data.toString())).as(err).isZero();
        String entries;
        try (Stream<Path> s = Files.list(export.resolve("entries"))) {
            entries = String.join("\n", s.sorted().map(p -> {
                try {
                    return Files.readString(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList());
        }
        assertThat(entries).contains("\"actor\":\"ops.alice\"").contains("\"actor\":\"" + System.getProperty("user.name") + "\"")
                .doesNotContain("FCA");
        assertThat(entries.split("\"type\":\"retention.extended\"", -1)).hasSize(4);
        Path pub = dir.resolve("pub");
        Files.writeString(pub, Files.readString(data.resolve("audit-log.pub")));
        assertThat(run("audit", "verify", export.toString(), "--public-key", pub.toString())).as(err).isZero();
    }

    @Test
    void retentionExtendErrorsAreOneLineWithExitTwo() throws Exception {
        init();
        String id = importOne(wav(3000), "+442079460128", decision("e2", "contract", "RECORD", "2031-03-03T10:00:00Z"));
        String[][] cases = {
            {"no recording no-such-id", "retention", "extend", "no-such-id", "--until", "2033-03-03", "--reason", "r"},
            {"is not later: retention can only be extended", "retention", "extend", id, "--until", "2031-03-03", "--reason", "r"},
            {"is not later", "retention", "extend", id, "--until", "2031-03-03T10:00:00Z", "--reason", "r"},
            {"'2033-13-01' is not a date (2033-03-03) or an ISO instant", "retention", "extend", id, "--until", "2033-13-01", "--reason", "r"},
            {"'two years' is not an ISO-8601 period", "retention", "extend", id, "--by", "two years", "--reason", "r"},
            {"'-P1Y' is not a positive period", "retention", "extend", id, "--by", "-P1Y", "--reason", "r"},
            {"needs a reason", "retention", "extend", id, "--until", "2033-03-03", "--reason", " "},
            {"Missing required option: '--reason=TEXT'", "retention", "extend", id, "--until", "2033-03-03"},
            {"mutually exclusive", "retention", "extend", id, "--until", "2033-03-03", "--by", "P1Y", "--reason", "r"},
            {"Missing required argument", "retention", "extend", id, "--reason", "r"},
            {"needs an actor", "retention", "extend", id, "--by", "P1Y", "--reason", "r", "--actor", ""},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length + 2);
            args[args.length - 2] = "--data";
            args[args.length - 1] = data.toString();
            assertThat(run(args)).as(String.join(" ", args) + ": " + err).isEqualTo(Main.USAGE);
            assertThat(err.strip()).as(String.join(" ", args)).startsWith("gateway: ").contains(c[0]).doesNotContain("\n");
            assertThat(err).doesNotContain("\tat ");
            assertThat(out).isEmpty();
        }
        assertThat(run("recordings", "list", "--data", data.toString())).isZero();
        assertThat(out).contains("\t2031-03-03T10:00:00Z\t");

        // deleted recordings cannot be extended
        String gone = importOne(wav(100), "+442079460129", decision("e3", "contract", "RECORD", "2001-01-01T00:00:00Z"));
        assertThat(run("retention", "sweep", "--data", data.toString())).isZero();
        assertThat(run("retention", "extend", gone, "--by", "P1Y", "--reason", "late", "--data", data.toString()))
                .isEqualTo(Main.USAGE);
        assertThat(err.strip()).startsWith("gateway: recording " + gone + " was deleted").endsWith("its retention cannot be extended");
    }

    @Test
    void recordingsListShowsTheRetentionMinimum() throws Exception {
        init();
        Path d = decision("m5", "legal_obligation", "RECORD", "2033-03-03T10:00:00Z");
        Files.writeString(d, Files.readString(d).replace("\"period\":\"P5Y\"",
                "\"minimum\":\"P5Y\",\"minimumUntil\":\"2031-03-03T10:00:00Z\",\"period\":\"P7Y\""));
        String id = importOne(wav(100), "+442079460130", d);
        assertThat(run("recordings", "list", "--data", data.toString())).isZero();
        assertThat(out).contains(id + "\tacme\tSEALED\tlegal_obligation\t100\t2033-03-03T10:00:00Z\t-\t2031-03-03T10:00:00Z");
    }

    /** Issue 12, item 8: only run and init create a store; a mistyped --data is refused in one line. */
    @Test
    void aMistypedDataDirIsRefused() throws Exception {
        Path nowhere = dir.resolve("nonexistent/x");
        Path wav = wav(100);
        Path d = decision("d1", "consent", "RECORD", "2099-01-01T00:00:00Z");
        String[][] commands = {
            {"recordings", "list"},
            {"recordings", "get", "some-id", "--out", dir.resolve("o.wav").toString()},
            {"recordings", "import", wav.toString(), "--tenant", "acme", "--subject", "+442079460123", "--decision", d.toString()},
            {"keys", "rotate"},
            {"subjects", "erase", "+442079460123", "--tenant", "acme"},
            {"retention", "sweep"},
            {"holds", "set", "some-id", "--reason", "r"},
            {"audit", "public-key"},
            {"audit", "export", "--from", "2000-01-01", "--to", "2100-01-01", "--out", dir.resolve("e").toString()},
        };
        for (Path bad : new Path[] {nowhere, dir}) { // a missing folder, and a folder that holds no store
            for (String[] c : commands) {
                String[] args = java.util.Arrays.copyOf(c, c.length + 2);
                args[c.length] = "--data";
                args[c.length + 1] = bad.toString();
                assertThat(run(args)).as(String.join(" ", args) + ": " + err).isEqualTo(Main.USAGE);
                assertThat(err).isEqualTo("gateway: no recording store in " + bad + " (start the gateway with ./gateway run, "
                        + "or create one with ./gateway init --data DIR)\n");
                assertThat(out).isEmpty();
            }
        }
        assertThat(dir.resolve("nonexistent")).doesNotExist();
        assertThat(dir.resolve("keystore.passphrase")).doesNotExist();

        assertThat(run("init", "--data", nowhere.toString())).as(err).isZero();
        assertThat(out).isEqualTo("created recording store in " + nowhere + "\n");
        assertThat(run("init", "--data", nowhere.toString())).as(err).isZero();
        assertThat(out).isEqualTo("recording store in " + nowhere + " exists already; nothing changed\n");
        assertThat(run("recordings", "list", "--data", nowhere.toString())).as(err).isZero();
    }

    /** Issue 12, item 9: a tenant the store never held is not "erased". */
    @Test
    void eraseForAnUnknownTenantIsRefused() throws Exception {
        init();
        String id = importOne(wav(100), "+442079460131", decision("d1", "consent", "RECORD", "2099-01-01T00:00:00Z"));
        assertThat(run("subjects", "erase", "+442079460131", "--tenant", "nobody", "--data", data.toString())).isEqualTo(Main.USAGE);
        assertThat(err).isEqualTo("gateway: no recordings or decisions of tenant 'nobody' in this store: nothing erased "
                + "(check --tenant; ./gateway recordings list shows the tenants)\n");
        assertThat(out).isEmpty();
        // a known tenant, a subject with nothing stored: said honestly, nothing destroyed
        assertThat(run("subjects", "erase", "+442079460132", "--tenant", "acme", "--data", data.toString())).as(err).isZero();
        assertThat(out).isEqualTo("no subject key to destroy: the store holds no key of this subject in tenant acme; "
                + "nothing was erased\n");
        assertThat(run("recordings", "get", id, "--out", dir.resolve("kept.wav").toString(), "--data", data.toString()))
                .as(err).isZero();
    }

    /** Issue 12, item 5: a cut SEALED object fails with exit 1, leaves no file and audits no export. */
    @Test
    void aTruncatedSealedRecordingFailsTheExport() throws Exception {
        init();
        String id = importOne(wav(200_000), "+442079460133", decision("d1", "contract", "RECORD", "2099-01-01T00:00:00Z"));
        Path obj = onlyObject();
        byte[] whole = Files.readAllBytes(obj);
        Path got = dir.resolve("out.wav");
        for (int keep : new int[] {whole.length / 2, whole.length - 20}) {
            Files.write(obj, java.util.Arrays.copyOf(whole, keep));
            assertThat(run("recordings", "get", id, "--out", got.toString(), "--data", data.toString())).isEqualTo(1);
            assertThat(err).startsWith("gateway: recording " + id + " is damaged: sealed with 200000 bytes in ")
                    .endsWith("; restore the object from a backup\n");
            assertThat(err.strip()).doesNotContain("\n");
            assertThat(out).isEmpty();
            assertThat(got).doesNotExist();
            assertThat(dir.resolve("out.wav.part")).doesNotExist();
        }
        Path export = dir.resolve("export");
        assertThat(run("audit", "export", "--from", "2000-01-01", "--to", "2100-01-01", "--out", export.toString(),
                "--data", data.toString())).as(err).isZero();
        try (Stream<Path> s = Files.list(export.resolve("entries"))) {
            for (Path e : s.toList()) {
                assertThat(Files.readString(e)).doesNotContain("recording.exported");
            }
        }
    }

    /** Issue 12, item 7: the live recorder's streaming header (sizes 0xFFFFFFFF) gets the real sizes on export. */
    @Test
    void exportedWavHasRealSizes() throws Exception {
        init();
        int frames = 8000; // one second of 8 kHz stereo 16-bit
        byte[] pcm = new byte[frames * 4];
        new Random(7).nextBytes(pcm);
        byte[] header = com.callbasis.recorder.store.StreamingWav.header(new com.callbasis.recorder.PcmFormat(8000, 2));
        Path in = dir.resolve("live.wav");
        Files.write(in, header);
        Files.write(in, pcm, java.nio.file.StandardOpenOption.APPEND);
        String id = importOne(in, "+442079460134", decision("d1", "consent", "RECORD", "2099-01-01T00:00:00Z"));
        Path got = dir.resolve("call.wav");
        assertThat(run("recordings", "get", id, "--out", got.toString(), "--data", data.toString())).as(err).isZero();
        java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(Files.readAllBytes(got)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(h.getInt(4)).isEqualTo(36 + pcm.length);
        assertThat(h.getInt(40)).isEqualTo(pcm.length);

        assertThat(tool("sox", "--i", "-s", got.toString())).isEqualTo(String.valueOf(frames));
        assertThat(tool("sox", "--i", "-d", got.toString())).isEqualTo("00:00:01.00");
        assertThat(tool("python3", "-c", "import wave,sys; w=wave.open(sys.argv[1]); print(w.getnframes())", got.toString()))
                .isEqualTo(String.valueOf(frames));
    }

    /** Runs a tool scripts/test installs (never skipped); returns its standard output, stripped. */
    String tool(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + text).isZero();
        return text.strip();
    }

    /** Issue 12, items 11 and 12: decrypted audio is 0600, the data directory 0700; --out DIR says what to do. */
    @Test
    void decryptedAudioAndTheDataDirectoryAreOwnerOnly() throws Exception {
        init();
        String id = importOne(wav(1000), "+442079460135", decision("d1", "consent", "RECORD", "2099-01-01T00:00:00Z"));
        Path got = dir.resolve("out.wav");
        assertThat(run("recordings", "get", id, "--out", got.toString(), "--data", data.toString())).as(err).isZero();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(got))).isEqualTo("rw-------");
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                        .as(p.toString()).isEqualTo("rwx------");
            }
        }

        assertThat(run("recordings", "get", id, "--out", dir.toString(), "--data", data.toString())).isEqualTo(Main.USAGE);
        assertThat(err).isEqualTo("gateway: --out " + dir + " is a folder; name the file to write, e.g. --out "
                + dir.resolve(id + ".wav") + "\n");
        Path noFolder = dir.resolve("no/such/out.wav");
        assertThat(run("recordings", "get", id, "--out", noFolder.toString(), "--data", data.toString())).isEqualTo(Main.USAGE);
        assertThat(err).isEqualTo("gateway: --out " + noFolder + ": folder " + noFolder.getParent()
                + " does not exist; create it first\n");
    }

    /** Issue 12, item 12: a damaged store secret names the file and what to do, instead of "Invalid point". */
    @Test
    void aDamagedAuditSigningKeyIsNamedWithWhatToDo() throws Exception {
        init();
        Path key = data.resolve("audit-signing.key");
        String text = Files.readString(key);
        for (String damaged : new String[] {
            text.replaceFirst("(?m)^public .*$", "public " + java.util.Base64.getEncoder().encodeToString(new byte[32])),
            text.replaceFirst("(?m)^wrapped (.{8})", "wrapped AAAAAAAA"),
            "callbasis-wrapped-secret v1\ngarbage\n",
        }) {
            Files.writeString(key, damaged);
            assertThat(run("recordings", "list", "--data", data.toString())).isEqualTo(1);
            assertThat(err).startsWith("gateway: " + key + " is damaged or does not match this keystore (")
                    .endsWith("); restore it from a backup of the data directory (the store cannot run without it)\n");
            assertThat(err.strip()).doesNotContain("\n").doesNotContain("\tat ");
        }
        Files.writeString(key, text);
        assertThat(run("recordings", "list", "--data", data.toString())).as(err).isZero();
    }

    @Test
    void passphraseFromEnvironmentAndWrongPassphraseRefused() throws Exception {
        StoreOptions.environment = Map.of(StoreOptions.ENV, "first passphrase");
        init();
        importOne(wav(100), "+442079460123", decision("d1", "consent", "RECORD", "2099-01-01T00:00:00Z"));
        assertThat(data.resolve("keystore.passphrase")).doesNotExist();
        StoreOptions.environment = Map.of(StoreOptions.ENV, "wrong");
        assertThat(run("recordings", "list", "--data", data.toString())).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("gateway: keystore: wrong passphrase, or the keystore was altered");
        Path file = dir.resolve("pass.txt");
        Files.writeString(file, "first passphrase\n");
        StoreOptions.environment = Map.of(StoreOptions.ENV_FILE, file.toString());
        assertThat(run("recordings", "list", "--data", data.toString())).as(err).isZero();
    }
}
