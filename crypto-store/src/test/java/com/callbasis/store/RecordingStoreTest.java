package com.callbasis.store;

import static com.callbasis.store.StoreFixtures.T0;
import static com.callbasis.store.StoreFixtures.audio;
import static com.callbasis.store.StoreFixtures.consent;
import static com.callbasis.store.StoreFixtures.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.store.audit.ExportVerifier;
import com.callbasis.store.crypto.SecretBytes;
import com.callbasis.store.db.MetadataDb;
import com.callbasis.store.keys.BcfksKeyProvider;
import com.callbasis.store.objects.FileObjectStore;
import com.callbasis.store.db.RecordingRow;
import com.callbasis.store.db.RecordingState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.ByteOrder;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingStoreTest {
    static final String PHONE = "+4915112345678";

    @TempDir
    Path dir;
    StoreFixtures.MutableClock clock = new StoreFixtures.MutableClock(T0);
    RecordingStore store;

    @BeforeEach
    void open() throws Exception {
        store = StoreFixtures.open(dir, clock);
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    String importAudio(byte[] data, String subject, String decisionJson) throws Exception {
        return store.importRecording("acme", List.of(subject), decisionJson, new ByteArrayInputStream(data));
    }

    static byte[] readAll(RecordingReader r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.copyTo(out);
        return out.toByteArray();
    }

    @Test
    void importThenReadBackByteIdenticalAndSeekable() throws Exception {
        for (int size : new int[] {0, 1, 44, 65_536, 65_537, 3 * (1 << 20) + 17}) {
            byte[] data = audio(size, size);
            String id = importAudio(data, PHONE, consent("d-" + size, "acme", T0.plus(Duration.ofDays(30))));
            try (RecordingReader r = store.openReader(id, "test")) {
                assertThat(r.size()).isEqualTo(size);
                assertThat(r.truncated()).isFalse();
                assertThat(readAll(r)).isEqualTo(data);
                if (size > 70_000) {
                    ByteBuffer b = ByteBuffer.allocate(1000);
                    r.read(size - 70_000, b);
                    assertThat(Arrays.copyOf(b.array(), b.position()))
                            .isEqualTo(Arrays.copyOfRange(data, size - 70_000, size - 70_000 + b.position()));
                }
            }
            RecordingRow row = store.find(id).orElseThrow();
            assertThat(row.state()).isEqualTo(RecordingState.SEALED);
            assertThat(row.complete()).isTrue();
            assertThat(row.plaintextBytes()).isEqualTo(size);
            assertThat(row.subjectKeys()).containsExactly(store.subjectKey("acme", PHONE));
            assertThat(row.subjectKeys().get(0)).doesNotContain("4915112345678");
        }
        assertThat(store.list("acme")).hasSize(6);
        RecordingRow big = store.list("acme").stream().filter(r -> r.plaintextBytes() > (1 << 20)).findFirst().orElseThrow();
        assertThat(big.chunkCount()).isEqualTo(4); // 1 MiB chunks while importing, then the tail
        assertThat(store.db().recordings().chunks(big.id()).get(3).plaintextEnd()).isEqualTo(big.plaintextBytes());
    }

    @Test
    void refusesDecisionsThatDoNotAllowRecording() {
        assertThatThrownBy(() -> importAudio(new byte[10], PHONE,
                decision("d1", "acme", "consent", "DO_NOT_RECORD", T0.plusSeconds(60))))
                .isInstanceOf(StoreException.class).hasMessageContaining("outcome DO_NOT_RECORD");
        assertThatThrownBy(() -> importAudio(new byte[10], PHONE, decision("d2", "acme", null, "RECORD", T0.plusSeconds(60))))
                .hasMessageContaining("no lawful basis");
        assertThatThrownBy(() -> importAudio(new byte[10], PHONE, decision("d3", "acme", "contract", "RECORD", null)))
                .hasMessageContaining("no retention");
        assertThatThrownBy(() -> importAudio(new byte[10], PHONE, consent("d4", "globex", T0.plusSeconds(60))))
                .hasMessageContaining("another tenant");
        assertThatThrownBy(() -> importAudio(new byte[10], PHONE, "not json")).hasMessageContaining("not valid JSON");
    }

    @Test
    void everyDecisionIsKeptAndAuditedEvenWithoutRecording() throws Exception {
        String json = decision("nr-1", "acme", null, "DO_NOT_RECORD", null);
        Decision d = store.recordDecision(json);
        assertThat(d.outcome()).isEqualTo("DO_NOT_RECORD");
        assertThat(d.basis()).isNull();
        store.recordDecision(json); // idempotent
        assertThat(store.db().decisions().find("nr-1").orElseThrow().canonicalJson()).isEqualTo(json);
        assertThat(store.db().audit().leaves(0, store.audit().size()))
                .filteredOn(l -> l.eventType().equals("decision.made")).hasSize(1);
        assertThatThrownBy(() -> store.recordDecision("{\"decisionId\":\"x\",\"outcome\":\"MAYBE\"}"))
                .hasMessageContaining("no known outcome");
        assertThat(store.list(null)).isEmpty();
    }

    @Test
    void completenessIsStoredWithTheSealedRecordingAndTheFlagIsAudited() throws Exception {
        RecordingWriter w = store.startRecording("acme", List.of(PHONE), consent("d1", "acme", T0.plusSeconds(3600)));
        w.write(new byte[4000], 0, 4000);
        w.setQuality("{\"caller\":{\"expected\":100,\"lost\":3}}", true);
        w.close();
        assertThat(store.quality(w.recordingId())).hasValueSatisfying(q -> {
            assertThat(q.json()).isEqualTo("{\"caller\":{\"expected\":100,\"lost\":3}}");
            assertThat(q.flagged()).isTrue();
        });
        String other = importAudio(new byte[10], PHONE, consent("d2", "acme", T0.plusSeconds(3600)));
        assertThat(store.quality(other)).isEmpty();
    }

    @Test
    void interruptedRecordingIsRecoveredAsTruncatedWithSealedChunksReadable() throws Exception {
        byte[] data = audio(200_000, 7);
        RecordingWriter w = store.startRecording("acme", List.of(PHONE), consent("d1", "acme", T0.plusSeconds(3600)));
        w.write(data, 0, 150_000);
        w.sealChunk();
        w.write(data, 150_000, 50_000); // never sealed: the "process" dies now
        String id = w.recordingId();
        store.close();
        store = StoreFixtures.open(dir, clock);
        assertThat(store.recoveredAtStart()).containsExactly(id);
        RecordingRow row = store.find(id).orElseThrow();
        assertThat(row.state()).isEqualTo(RecordingState.TRUNCATED);
        assertThat(row.complete()).isFalse();
        // Everything sealed survives, plus the whole segments written after the seal (an unsealed tail
        // shorter than one segment is what a crash loses).
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("after byte (\\d+)").matcher(row.gapNote());
        assertThat(m.find()).as(row.gapNote()).isTrue();
        int kept = Integer.parseInt(m.group(1));
        assertThat(kept).isBetween(150_000, 200_000 - 1);
        try (RecordingReader r = store.openReader(id, "test")) {
            assertThat(r.truncated()).isTrue();
            assertThat(readAll(r)).isEqualTo(Arrays.copyOf(data, kept));
        }
    }

    @Test
    void sharedDatabaseRecoveryOnlyTouchesTheInstancesOwnRecordings() throws Exception {
        try (SecretBytes pass = StoreFixtures.passphrase();
                BcfksKeyProvider keys = BcfksKeyProvider.open(dir.resolve("shared/keystore.bcfks"), pass);
                MetadataDb db = MetadataDb.openEmbedded(dir.resolve("shared"))) {
            FileObjectStore objects = new FileObjectStore(dir.resolve("shared/objects"));
            RecordingStore a = RecordingStore.open(dir.resolve("gw-a"), keys, db, objects, clock);
            RecordingWriter w = a.startRecording("acme", List.of(PHONE), consent("d1", "acme", T0.plusSeconds(3600)));
            w.write(new byte[1000], 0, 1000);
            w.sealChunk();
            // a second gateway shares keystore, database, objects and the store secrets, not the instance id
            Files.createDirectories(dir.resolve("gw-b"));
            for (String f : new String[] {"audit-signing.key", "audit-log.pub", "subject-pseudonym.key"}) {
                Files.copy(dir.resolve("gw-a").resolve(f), dir.resolve("gw-b").resolve(f));
            }
            RecordingStore b = RecordingStore.open(dir.resolve("gw-b"), keys, db, objects, clock);
            assertThat(b.recoveredAtStart()).isEmpty();
            assertThat(b.find(w.recordingId()).orElseThrow().state()).isEqualTo(RecordingState.RECORDING);
            assertThat(b.subjectKey("acme", PHONE)).isEqualTo(a.subjectKey("acme", PHONE));
            assertThat(b.audit().verifierKey()).isEqualTo(a.audit().verifierKey());
            // gateway A dies and restarts
            RecordingStore a2 = RecordingStore.open(dir.resolve("gw-a"), keys, db, objects, clock);
            assertThat(a2.recoveredAtStart()).containsExactly(w.recordingId());
            assertThat(a2.find(w.recordingId()).orElseThrow().state()).isEqualTo(RecordingState.TRUNCATED);
            a2.audit().checkpoint();
            a2.audit().verifyStored();
            for (RecordingStore s : List.of(a, b, a2)) {
                s.close();
            }
        }
    }

    @Test
    void tamperedObjectFailsWithAnIntegrityError() throws Exception {
        String id = importAudio(audio(100_000, 3), PHONE, consent("d1", "acme", T0.plusSeconds(3600)));
        Path obj;
        try (Stream<Path> s = Files.walk(dir.resolve("objects"))) {
            obj = s.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(obj);
        b[b.length / 2] ^= 0x10;
        Files.write(obj, b);
        try (RecordingReader r = store.openReader(id, "test")) {
            assertThatThrownBy(() -> readAll(r)).hasRootCauseInstanceOf(java.security.GeneralSecurityException.class);
        }
    }

    @Test
    void auditTrailIsCompleteVerifiableAndFreeOfPersonalData() throws Exception {
        String id = importAudio(audio(5000, 1), PHONE, consent("d1", "acme", T0.plusSeconds(3600)));
        store.setLegalHold(id, "litigation with Mr Example");
        store.releaseLegalHold(id, "settled");
        store.rotateKeys();
        try (RecordingReader r = store.openReader(id, "quality review")) {
            assertThat(r.size()).isEqualTo(5000);
        }
        assertThat(store.exportTo(id, "subject access request", dir.resolve("sar.wav")).bytes()).isEqualTo(5000);
        store.audit().verifyStored();
        Path out = dir.resolve("export");
        store.audit().export("acme", T0.minusSeconds(1), T0.plusSeconds(1), out);
        String key = Files.readString(dir.resolve("audit-log.pub")).strip();
        assertThat(key).isEqualTo(store.audit().verifierKey());
        var report = ExportVerifier.verify(out, key);
        assertThat(report.problems()).isEmpty();
        List<String> types = store.db().audit().leaves(0, store.audit().size()).stream().map(r -> r.eventType()).toList();
        assertThat(types).contains("decision.made", "recording.started", "recording.sealed", "legal-hold.set",
                "legal-hold.released", "key.rotated", "recording.replayed", "recording.exported", "audit.exported");
        // the subject's number appears in no file of the data directory; the hold's free text in no leaf
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content).as(f.toString()).doesNotContain("4915112345678");
            }
        }
        for (var leaf : store.db().audit().leaves(0, store.audit().size())) {
            assertThat(new String(leaf.data(), StandardCharsets.UTF_8)).doesNotContain("Mr Example").doesNotContain(PHONE);
        }
    }

    @Test
    void keyRotationRewrapsWithoutReencryptingAudio() throws Exception {
        byte[] data = audio(80_000, 9);
        String id = importAudio(data, PHONE, consent("d1", "acme", T0.plusSeconds(3600)));
        int before = store.db().wrappedKeys().find(id).orElseThrow().kekVersion();
        Path obj;
        try (Stream<Path> s = Files.walk(dir.resolve("objects"))) {
            obj = s.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] cipherBefore = Files.readAllBytes(obj);
        assertThat(store.rotateKeys()).isEqualTo(1);
        assertThat(store.db().wrappedKeys().find(id).orElseThrow().kekVersion()).isEqualTo(before + 1);
        assertThat(Files.readAllBytes(obj)).isEqualTo(cipherBefore);
        store.close();
        store = StoreFixtures.open(dir, clock);
        try (RecordingReader r = store.openReader(id, "test")) {
            assertThat(readAll(r)).isEqualTo(data);
        }
    }

    String importAudio(byte[] data, String decisionId) throws Exception {
        return importAudio(data, PHONE, consent(decisionId, "acme", T0.plusSeconds(3600)));
    }

    // Export: complete or nothing, audited once complete (issue 12, items 5-7 and 11)

    Path objectOf(String id) throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("objects"))) {
            return s.filter(p -> p.getFileName().toString().equals(id)).findFirst().orElseThrow();
        }
    }

    long exportedEvents() throws Exception {
        return store.db().audit().leaves(0, store.audit().size()).stream()
                .filter(l -> l.eventType().equals("recording.exported")).count();
    }

    @Test
    void aTruncatedSealedRecordingFailsTheExport() throws Exception {
        String id = importAudio(audio(200_000, 5), "d1");
        RecordingRow row = store.find(id).orElseThrow();
        Path obj = objectOf(id);
        byte[] whole = Files.readAllBytes(obj);
        Path out = dir.resolve("out.wav");
        // cut to half, and cut off only the empty final segment (4-byte length + 16-byte tag)
        for (int keep : new int[] {whole.length / 2, whole.length - 20}) {
            Files.write(obj, Arrays.copyOf(whole, keep));
            assertThatThrownBy(() -> store.exportTo(id, "test", out)).isInstanceOf(IntegrityException.class)
                    .hasMessageStartingWith("recording " + id + " is damaged: sealed with 200000 bytes in "
                            + row.segmentCount() + " segments, its object holds ")
                    .hasMessageContaining(" segments and lacks its final segment; ")
                    .hasMessageEndingWith("restore the object from a backup")
                    .hasMessageNotContaining("\n");
            assertThat(out).doesNotExist();
            assertThat(dir.resolve("out.wav.part")).doesNotExist();
            // replay refuses it too: a SEALED recording reads completely or not at all
            assertThatThrownBy(() -> store.openReader(id, "test")).isInstanceOf(IntegrityException.class);
        }
        assertThat(exportedEvents()).isZero();

        Files.write(obj, whole);
        assertThat(store.exportTo(id, "test", out).bytes()).isEqualTo(200_000);
        assertThat(exportedEvents()).isEqualTo(1);
    }

    @Test
    void sealedSegmentCountMatchesTheObjectForEverySize() throws Exception {
        for (int size : new int[] {0, 1, 8191, 8192, 8193, 16_384, 1 << 20, (1 << 20) + 8192, 3 * (1 << 20) + 17}) {
            String id = importAudio(audio(size, size), "s" + size);
            try (RecordingReader r = store.openReader(id, "test")) {
                assertThat(r.segments()).as("size %d", size).isEqualTo(store.find(id).orElseThrow().segmentCount());
            }
        }
    }

    @Test
    void aTruncatedRecordingWithNoAudioIsNotExported() throws Exception {
        RecordingWriter w = store.startRecording("acme", List.of(PHONE), consent("d1", "acme", T0.plusSeconds(3600)));
        w.write(new byte[100], 0, 100); // never sealed: the process dies before the first chunk
        String id = w.recordingId();
        store.close();
        store = StoreFixtures.open(dir, clock);
        RecordingRow row = store.find(id).orElseThrow();
        assertThat(row.state()).isEqualTo(RecordingState.TRUNCATED);
        assertThat(row.gapNote()).isEqualTo("writer stopped before its first sealed chunk; the recording holds no audio");
        Path out = dir.resolve("out.wav");
        assertThatThrownBy(() -> store.exportTo(id, "test", out)).isInstanceOf(IntegrityException.class)
                .hasMessage("recording " + id + " holds no audio (the writer stopped before its first sealed chunk); "
                        + "nothing was written");
        assertThat(out).doesNotExist();
        assertThat(exportedEvents()).isZero();
    }

    @Test
    void theGapNoteCountsSealedChunksAndNeverSaysChunkMinusOne() throws Exception {
        RecordingWriter w = store.startRecording("acme", List.of(PHONE), consent("d1", "acme", T0.plusSeconds(3600)));
        byte[] data = audio(30_000, 1);
        w.write(data, 0, 24_576);
        w.sealChunk();
        w.write(data, 24_576, 100);
        String id = w.recordingId();
        store.close();
        store = StoreFixtures.open(dir, clock);
        RecordingRow row = store.find(id).orElseThrow();
        assertThat(row.gapNote()).isEqualTo("writer stopped before the recording was sealed; audio after byte 24576 "
                + "is missing (1 chunk sealed before the stop)");
        RecordingStore.Export e = store.exportTo(id, "test", dir.resolve("t.wav"));
        assertThat(e.truncated()).isTrue();
        assertThat(e.gapNote()).isEqualTo(row.gapNote());
        assertThat(Files.readAllBytes(dir.resolve("t.wav"))).isEqualTo(Arrays.copyOf(data, 24_576));
    }

    @Test
    void startUpRecoveryLogsOneInfoLineWithTheCount() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            RecordingWriter w = store.startRecording("acme", List.of(PHONE), consent("d" + i, "acme", T0.plusSeconds(3600)));
            w.write(new byte[10_000], 0, 10_000);
            w.sealChunk();
            ids.add(w.recordingId());
        }
        store.close();
        Logger jul = Logger.getLogger(RecordingStore.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(h);
        try {
            store = StoreFixtures.open(dir, clock);
        } finally {
            jul.removeHandler(h);
        }
        assertThat(store.recoveredAtStart()).hasSize(12);
        assertThat(records).hasSize(1);
        LogRecord r = records.get(0);
        assertThat(r.getLevel()).isEqualTo(Level.INFO);
        String text = java.text.MessageFormat.format(r.getMessage(), r.getParameters());
        assertThat(text).startsWith("start-up recovery: 12 interrupted recording(s) marked TRUNCATED: ")
                .contains(ids.get(0)).contains(ids.get(11)).doesNotContain("4915112345678");
    }

    @Test
    void exportedWavHasRealSizes() throws Exception {
        byte[] pcm = audio(16_000, 9);
        byte[] streaming = wavHeader(0xFFFFFFFF, 0xFFFFFFFF);
        byte[] stored = concat(streaming, pcm);
        String id = importAudio(stored, "d1");
        Path out = dir.resolve("call.wav");
        assertThat(store.exportTo(id, "test", out).bytes()).isEqualTo(stored.length);
        byte[] got = Files.readAllBytes(out);
        ByteBuffer h = ByteBuffer.wrap(got).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(h.getInt(4)).isEqualTo(got.length - 8);
        assertThat(h.getInt(40)).isEqualTo(pcm.length);
        assertThat(Arrays.copyOfRange(got, 44, got.length)).isEqualTo(pcm);
        // the stored object is unchanged (still the streaming header)
        try (RecordingReader r = store.openReader(id, "test")) {
            ByteBuffer b = ByteBuffer.allocate(44);
            r.read(0, b);
            assertThat(b.array()).isEqualTo(streaming);
        }

        // a WAV that already carries sizes, and other content, leave the store byte for byte
        byte[] real = concat(wavHeader(36 + 100, 100), new byte[100]);
        String other = importAudio(real, "d2");
        store.exportTo(other, "test", dir.resolve("real.wav"));
        assertThat(Files.readAllBytes(dir.resolve("real.wav"))).isEqualTo(real);
    }

    @Test
    void anExportIsOwnerOnlyAndSoAreTheStoreFolders() throws Exception {
        String id = importAudio(audio(1000, 1), "d1");
        Path out = dir.resolve("out.wav");
        Files.writeString(out, "an older file, mode 0644");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r--r--"));
        store.exportTo(id, "test", out);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rwx------");
            }
        }
    }

    static byte[] wavHeader(int riffSize, int dataSize) {
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(riffSize).put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16).putShort((short) 1).putShort((short) 2).putInt(8000).putInt(8000 * 4).putShort((short) 4)
                .putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataSize);
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
