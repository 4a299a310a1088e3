package com.callbasis.recorder.store;

import static com.callbasis.recorder.Fixtures.PTIME;
import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.recorder.CallRecorder;
import com.callbasis.recorder.Fixtures;
import com.callbasis.recorder.Leg;
import com.callbasis.recorder.PcmFormat;
import com.callbasis.recorder.PcmSink;
import com.callbasis.recorder.RecorderConfig;
import com.callbasis.recorder.RecordingSummary;
import com.callbasis.store.RecordingReader;
import com.callbasis.store.RecordingStore;
import com.callbasis.store.RecordingWriter;
import com.callbasis.store.crypto.SecretBytes;
import com.callbasis.store.db.RecordingRow;
import com.callbasis.store.db.RecordingState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call recorded into a real encrypted RecordingStore and read back. */
class RecordingWriterSinkTest {
    static final Instant T0 = Fixtures.WALL.instant();

    @TempDir
    Path dir;

    static String decision() {
        return "{\"basis\":\"legitimate_interests\",\"decisionId\":\"d-1\",\"explanation\":\"test\","
                + "\"obligations\":[\"suppress_dtmf\"],\"outcome\":\"RECORD\",\"policyDigest\":\"" + "3f".repeat(32)
                + "\",\"purpose\":\"quality\",\"retention\":{\"class\":\"standard\",\"expiresAt\":\""
                + T0.plus(Duration.ofDays(30)) + "\",\"period\":\"P30D\"},\"rights\":[\"access\"],"
                + "\"rule\":\"r1\",\"tenant\":\"acme\",\"time\":\"" + T0 + "\"}";
    }

    /** Passes everything to two sinks: what the store gets, and a copy to compare. */
    record Tee(PcmSink a, PcmSink b) implements PcmSink {
        @Override
        public void open(PcmFormat f) throws IOException {
            a.open(f);
            b.open(f);
        }

        @Override
        public void write(byte[] pcm, int off, int len) throws IOException {
            a.write(pcm, off, len);
            b.write(pcm, off, len);
        }

        @Override
        public void pause(String reason) throws IOException {
            a.pause(reason);
            b.pause(reason);
        }

        @Override
        public void resume() throws IOException {
            a.resume();
            b.resume();
        }

        @Override
        public void close() throws IOException {
            a.close();
            b.close();
        }
    }

    @Test
    void aRecordedCallDecryptsToTheSamePcmBehindAStreamingWavHeader() throws Exception {
        byte[] stored;
        Fixtures.CapturingSink copy = new Fixtures.CapturingSink();
        String id;
        try (SecretBytes pass = SecretBytes.copyOf("correct horse battery staple".getBytes(StandardCharsets.UTF_8));
                RecordingStore store = RecordingStore.openEmbedded(dir, pass, Fixtures.WALL)) {
            RecordingWriter writer = store.startRecording("acme", List.of("+4915112345678"), decision());
            RecordingWriterSink sink = new RecordingWriterSink(writer, Duration.ofSeconds(1));
            id = sink.recordingId();
            Fixtures.NanoClock clock = new Fixtures.NanoClock();
            clock.at(0);
            CallRecorder rec = CallRecorder.create(RecorderConfig.defaults(), new Tee(sink, copy), null, clock::get,
                    Fixtures.WALL);
            for (int i = 0; i < 200; i++) { // 4 s
                byte[] c = Fixtures.rtp(0, false, i, (long) PTIME * i, 1,
                        Fixtures.ulaw(Fixtures.tone(440, 8000, (long) PTIME * i, PTIME)));
                byte[] a = Fixtures.rtp(8, false, 7 + i, 999 + (long) PTIME * i, 2,
                        Fixtures.alaw(Fixtures.tone(1000, 8000, (long) PTIME * i, PTIME)));
                long t = clock.at(20.0 * i);
                rec.onPacket(Leg.CALLER, c, 0, c.length, t);
                rec.onPacket(Leg.AGENT, a, 0, a.length, t);
                if (i == 100) {
                    rec.pause("pci-card-entry");
                } else if (i == 150) {
                    rec.resume("operator");
                }
            }
            clock.at(4000);
            RecordingSummary s = rec.finish();
            assertThat(s.frames()).isEqualTo(32000);

            RecordingRow row = store.find(id).orElseThrow();
            assertThat(row.state()).isEqualTo(RecordingState.SEALED);
            assertThat(row.chunkCount()).isGreaterThanOrEqualTo(4); // sealed about every second of audio
            try (RecordingReader r = store.openReader(id, "test")) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                r.copyTo(out);
                stored = out.toByteArray();
            }
        }
        assertThat(stored).hasSize(StreamingWav.HEADER_BYTES + 32000 * 4);
        byte[] header = Arrays.copyOf(stored, StreamingWav.HEADER_BYTES);
        assertThat(header).isEqualTo(StreamingWav.header(PcmFormat.stereo(8000)));
        assertThat(StreamingWav.parse(header)).isEqualTo(PcmFormat.stereo(8000));
        byte[] pcm = Arrays.copyOfRange(stored, StreamingWav.HEADER_BYTES, stored.length);
        assertThat(pcm).isEqualTo(copy.bytes.toByteArray());
        short[][] ch = Fixtures.split(pcm, 0);
        assertThat(Fixtures.goertzel(ch[0], 0, 8000, 440)).isGreaterThan(1000 * Fixtures.goertzel(ch[0], 0, 8000, 1000));
        assertThat(Fixtures.goertzel(ch[1], 0, 8000, 1000)).isGreaterThan(1000 * Fixtures.goertzel(ch[1], 0, 8000, 440));
        // the paused second (2 s to 3 s) is silence in the same object
        assertThat(Arrays.copyOfRange(ch[0], 16000, 24000)).containsOnly((short) 0);
        assertThat(Arrays.copyOfRange(ch[1], 16000, 24000)).containsOnly((short) 0);
        assertThat(Fixtures.energy(ch[0], 24000, 8000)).isGreaterThan(1e6);
    }

    @Test
    void wavHeaderWithAKnownLength() {
        byte[] h = StreamingWav.header(PcmFormat.stereo(8000), 32000);
        assertThat(new String(h, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(h[4] & 0xFF | (h[5] & 0xFF) << 8 | (h[6] & 0xFF) << 16).isEqualTo(36 + 32000);
        assertThat(h[28] & 0xFF | (h[29] & 0xFF) << 8).isEqualTo(32000 & 0xFFFF); // byte rate 32000
        assertThat(h[40] & 0xFF | (h[41] & 0xFF) << 8).isEqualTo(32000);
        byte[] streaming = StreamingWav.header(PcmFormat.stereo(8000));
        assertThat(Arrays.copyOfRange(streaming, 40, 44)).containsOnly((byte) 0xFF);
    }
}
