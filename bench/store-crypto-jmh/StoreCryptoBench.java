package com.callbasis.bench;

import com.callbasis.store.crypto.SecretBytes;
import com.callbasis.store.crypto.SeekableReader;
import com.callbasis.store.crypto.SegmentWriter;
import com.callbasis.store.crypto.StreamingAead;
import com.callbasis.store.objects.FileObjectStore;
import com.callbasis.store.objects.ObjectSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * crypto-store encryption figures, one thread (= one core):
 * <ul>
 *   <li>{@code encryptFrames}: a 16 MiB stream written as 160-byte frames (20 ms of G.711 mono);
 *   <li>{@code encryptBulk}: the same stream written in 64 KiB blocks (bulk segments);
 *   <li>{@code decryptSequential}: reading it back in 64 KiB reads;
 *   <li>{@code seekFirstByte}: open a one-hour G.711 stereo recording (57.6 MB, sealed every 2 s, so
 *       1800 short segments) from the file store, build the index, authenticate the end, and read 4
 *       KiB at a random offset.
 * </ul>
 * Throughput is per invocation of 16 MiB: MiB/s = 16 / (seconds per op).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StoreCryptoBench {
  static final int STREAM = 16 * 1024 * 1024;
  static final int HOUR_BYTES = 16_000 * 3600;
  static final byte[] AD = "rec=r1;tenant=t1;decision=d1;policy=sha256:00".getBytes(StandardCharsets.US_ASCII);

  StreamingAead aead = new StreamingAead(StreamingAead.DEFAULT_SEGMENT_SIZE);
  SecretBytes key;
  byte[] plain;
  byte[] ciphertext;
  Path dir;
  FileObjectStore store;
  SplittableRandom rnd = new SplittableRandom(1);
  ByteBuffer readBuf = ByteBuffer.allocate(64 * 1024);

  /** Discards ciphertext: measures the cipher, not the disk. */
  static final class NullChannel implements WritableByteChannel {
    long written;

    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      src.position(src.limit());
      written += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** In-memory seekable view of the ciphertext for the decrypt benchmark. */
  static final class ArrayChannel implements SeekableByteChannel {
    final byte[] data;
    long pos;

    ArrayChannel(byte[] data) {
      this.data = data;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (pos >= data.length) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), data.length - pos);
      dst.put(data, (int) pos, n);
      pos += n;
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long position() {
      return pos;
    }

    @Override
    public SeekableByteChannel position(long p) {
      pos = p;
      return this;
    }

    @Override
    public long size() {
      return data.length;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  static final class CollectingChannel implements WritableByteChannel {
    final ByteBuffer out;

    CollectingChannel(int capacity) {
      out = ByteBuffer.allocate(capacity);
    }

    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      out.put(src);
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    StreamingAead.selfTest();
    key = SecretBytes.random(32);
    plain = new byte[STREAM];
    new SplittableRandom(7).nextBytes(plain);
    CollectingChannel c = new CollectingChannel(STREAM + 1024 * 1024);
    try (SegmentWriter w = aead.newWriter(key, AD, c)) {
      w.write(plain, 0, plain.length);
    }
    ciphertext = java.util.Arrays.copyOf(c.out.array(), c.out.position());

    dir = Files.createTempDirectory("store-crypto-bench");
    store = new FileObjectStore(dir);
    ObjectSink sink = store.create("t1/ab/cd/hour");
    byte[] frame = new byte[160];
    try (SegmentWriter w = aead.newWriter(key, AD, sink)) {
      long written = 0;
      int sinceSeal = 0;
      while (written < HOUR_BYTES) {
        w.write(frame, 0, frame.length);
        written += frame.length;
        sinceSeal += frame.length;
        if (sinceSeal >= 32_000) { // every 2 s of 16 KB/s audio
          w.sealChunk();
          sinceSeal = 0;
        }
      }
    }
    sink.commit();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    key.close();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long encryptFrames() throws Exception {
    NullChannel out = new NullChannel();
    try (SegmentWriter w = aead.newWriter(key, AD, out)) {
      for (int off = 0; off < STREAM; off += 160) {
        w.write(plain, off, Math.min(160, STREAM - off));
      }
    }
    return out.written;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long encryptBulk() throws Exception {
    NullChannel out = new NullChannel();
    try (SegmentWriter w = aead.newWriter(key, AD, out)) {
      for (int off = 0; off < STREAM; off += 65536) {
        w.write(plain, off, 65536);
      }
    }
    return out.written;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long decryptSequential() throws Exception {
    long total = 0;
    try (SeekableReader r = aead.newReader(key, AD, new ArrayChannel(ciphertext))) {
      int n;
      while ((n = r.read(total, readBuf.clear())) > 0) {
        total += n;
      }
    }
    return total;
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int seekFirstByte() throws Exception {
    long offset = rnd.nextLong(HOUR_BYTES - 4096);
    try (SeekableByteChannel ch = store.open("t1/ab/cd/hour");
        SeekableReader r = aead.newReader(key, AD, ch)) {
      return r.read(offset, ByteBuffer.allocate(4096));
    }
  }
}
