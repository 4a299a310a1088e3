package com.callbasis.store;

import static com.callbasis.store.StoreFixtures.T0;
import static com.callbasis.store.StoreFixtures.audio;
import static com.callbasis.store.StoreFixtures.consent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.store.db.RecordingRow;
import com.callbasis.store.db.RecordingState;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RecordingStore#exportTo}: complete or nothing, audited once complete (issue 12, items 5-7 and 11). */
class ExportTest {
    static final String PHONE = "+4915112345678";

    @TempDir
    Path dir;
    StoreFixtures.MutableClock clock = new StoreFixtures.MutableClock(T0);
    RecordingStore store;

    @BeforeEach
    void open() throws Exception {
        store = StoreFixtures.open(dir.resolve("data"), clock);
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    String importAudio(byte[] data, String decisionId) throws Exception {
        return store.importRecording("acme", List.of(PHONE), consent(decisionId, "acme", T0.plusSeconds(3600)),
                new ByteArrayInputStream(data));
    }

    Path objectOf(String id) throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("data/objects"))) {
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
                            + row.segmentCount() + " segments")
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
        store = StoreFixtures.open(dir.resolve("data"), clock);
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
        store = StoreFixtures.open(dir.resolve("data"), clock);
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
            store = StoreFixtures.open(dir.resolve("data"), clock);
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
        try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
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
