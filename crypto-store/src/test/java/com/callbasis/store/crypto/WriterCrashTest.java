package com.callbasis.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.store.objects.FileObjectStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A recorder process killed with SIGKILL mid-recording leaves every sealed chunk readable. */
class WriterCrashTest {
  @TempDir Path dir;

  @Test
  @Timeout(60)
  void sigkilledWriterLeavesAllSealedChunksReadableAndTheStreamTruncated() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", cp, CrashingWriterMain.class.getName(),
        dir.resolve("objects").toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    List<Long> sealed = new ArrayList<>();
    try (SecretBytes key = SecretBytes.random(32)) {
      try (OutputStream stdin = p.getOutputStream()) {
        stdin.write((HexFormat.of().formatHex(key.unsafeCopy()) + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        assertThat(line).startsWith("SEALED ");
        sealed.add(Long.parseLong(line.substring(7)));
      }
      assertThat(line).as("child reached READY").isEqualTo("READY");
      p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close()
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("killed by signal 9").isEqualTo(128 + 9);

      int chunkBytes = CrashingWriterMain.FRAMES_PER_CHUNK * CrashingWriterMain.FRAME;
      assertThat(sealed).hasSize(CrashingWriterMain.CHUNKS).last().isEqualTo((long) CrashingWriterMain.CHUNKS * chunkBytes);

      FileObjectStore store = new FileObjectStore(dir.resolve("objects"));
      assertThat(store.exists(CrashingWriterMain.KEY)).isTrue();
      assertThat(store.isCommitted(CrashingWriterMain.KEY)).isFalse();
      byte[] expected = new byte[CrashingWriterMain.CHUNKS * chunkBytes];
      for (int i = 0; i < expected.length / CrashingWriterMain.FRAME; i++) {
        System.arraycopy(CrashingWriterMain.frame(i), 0, expected, i * CrashingWriterMain.FRAME, CrashingWriterMain.FRAME);
      }
      try (SeekableByteChannel ch = store.open(CrashingWriterMain.KEY);
          SeekableReader r = new StreamingAead(StreamingAead.DEFAULT_SEGMENT_SIZE).newReader(key, StreamTestSupport.AD, ch)) {
        assertThat(r.truncated()).isTrue();
        assertThat(r.size()).isEqualTo(expected.length);
        assertThat(StreamTestSupport.readAll(r)).isEqualTo(expected);
        // every chunk boundary seeks
        for (long s : sealed) {
          ByteBuffer b = ByteBuffer.allocate(1);
          assertThat(r.read(s - 1, b)).isEqualTo(1);
          assertThat(b.get(0)).isEqualTo(expected[(int) s - 1]);
        }
      }

      // no plaintext reached the disk: neither sealed frames nor the buffered, unsealed ones
      byte[] file = Files.readAllBytes(dir.resolve("objects/" + CrashingWriterMain.KEY + ".partial"));
      String fileHex = HexFormat.of().formatHex(file);
      int total = CrashingWriterMain.CHUNKS * CrashingWriterMain.FRAMES_PER_CHUNK + CrashingWriterMain.UNSEALED_FRAMES;
      for (int i = 0; i < total; i++) {
        String frameHex = HexFormat.of().formatHex(CrashingWriterMain.frame(i), 0, 32);
        assertThat(fileHex).as("frame %d in clear", i).doesNotContain(frameHex);
      }
    } finally {
      p.destroyForcibly();
    }
  }
}
