package com.callbasis.store.crypto;

import com.callbasis.store.objects.FileObjectStore;
import com.callbasis.store.objects.ObjectSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Child process of {@link WriterCrashTest}: records "audio" into an object store, sealing a chunk
 * every 25 frames and reporting each seal on stdout, then buffers a few more frames and waits to be
 * killed. The data key arrives on stdin so it never touches the disk.
 */
public final class CrashingWriterMain {
  static final int SEGMENT = 1024;
  static final int FRAME = 160;
  static final int FRAMES_PER_CHUNK = 25;
  static final int CHUNKS = 5;
  static final int UNSEALED_FRAMES = 3;
  static final String KEY = "t1/ab/cd/rec-crash";

  private CrashingWriterMain() {}

  /** Frame {@code i}: recognisable bytes, so the test can look for plaintext in the file. */
  static byte[] frame(int i) {
    byte[] f = new byte[FRAME];
    for (int k = 0; k < FRAME; k++) {
      f[k] = (byte) (i * 31 + k * 7 + (k % 3 == 0 ? 0x55 : 0));
    }
    return f;
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    byte[] key = HexFormat.of().parseHex(in.readLine().trim());
    FileObjectStore store = new FileObjectStore(Path.of(args[0]));
    ObjectSink sink = store.create(KEY);
    SegmentWriter w = new StreamingAead(SEGMENT).newWriter(SecretBytes.copyOf(key), StreamTestSupport.AD, sink);
    int frame = 0;
    for (int chunk = 1; chunk <= CHUNKS; chunk++) {
      for (int k = 0; k < FRAMES_PER_CHUNK; k++) {
        w.write(frame(frame), 0, FRAME);
        frame++;
      }
      w.sealChunk();
      sink.sync();
      out.println("SEALED " + w.plaintextBytes());
    }
    for (int k = 0; k < UNSEALED_FRAMES; k++) {
      w.write(frame(frame), 0, FRAME);
      frame++;
    }
    out.println("READY");
    Thread.sleep(120_000); // killed long before
  }
}
