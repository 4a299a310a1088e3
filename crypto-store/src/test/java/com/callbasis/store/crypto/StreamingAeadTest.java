package com.callbasis.store.crypto;

import static com.callbasis.store.crypto.StreamTestSupport.AD;
import static com.callbasis.store.crypto.StreamTestSupport.encrypt;
import static com.callbasis.store.crypto.StreamTestSupport.plaintext;
import static com.callbasis.store.crypto.StreamTestSupport.readAll;
import static com.callbasis.store.crypto.StreamTestSupport.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingAeadTest {
  private final SecretBytes key = SecretBytes.random(32);

  @AfterEach
  void wipe() {
    key.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 100, 1024})
  void roundTripsAtEverySizeAroundSegmentBoundaries(int seg) throws Exception {
    StreamingAead aead = new StreamingAead(seg);
    Set<Integer> sizes = new LinkedHashSet<>();
    for (int s : new int[] {0, 1, 2, 159, 160, 161}) {
      sizes.add(s);
    }
    for (int k = 1; k <= 4; k++) {
      sizes.add(k * seg - 1);
      sizes.add(k * seg);
      sizes.add(k * seg + 1);
    }
    sizes.add(50 * seg + 7);
    for (int size : sizes) {
      byte[] plain = plaintext(size, size);
      byte[] ct = encrypt(aead, key, AD, plain);
      try (SeekableReader r = reader(aead, key, AD, ct)) {
        assertThat(r.truncated()).as("size %d", size).isFalse();
        assertThat(r.size()).isEqualTo(size);
        assertThat(readAll(r)).as("size %d", size).isEqualTo(plain);
        assertSeeks(r, plain, seg);
      }
    }
  }

  @Test
  void multiMegabyteRoundTripAndSeekWithDefaultSegments() throws Exception {
    StreamingAead aead = new StreamingAead(StreamingAead.DEFAULT_SEGMENT_SIZE);
    byte[] plain = plaintext(5 * 1024 * 1024 + 123, 42);
    byte[] ct = encrypt(aead, key, AD, plain);
    int segments = (plain.length + StreamingAead.DEFAULT_SEGMENT_SIZE - 1) / StreamingAead.DEFAULT_SEGMENT_SIZE;
    assertThat(ct.length).isEqualTo(StreamHeader.SIZE + plain.length + segments * 20L);
    try (SeekableReader r = reader(aead, key, AD, ct)) {
      assertThat(readAll(r)).isEqualTo(plain);
      assertSeeks(r, plain, StreamingAead.DEFAULT_SEGMENT_SIZE);
    }
  }

  @Test
  void roundTripThroughTheFileObjectStoreWithSeeks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    StreamingAead aead = new StreamingAead(4096);
    byte[] plain = plaintext(300_000, 8);
    com.callbasis.store.objects.FileObjectStore store = new com.callbasis.store.objects.FileObjectStore(dir);
    com.callbasis.store.objects.ObjectSink sink = store.create("t1/ab/cd/r1");
    try (SegmentWriter w = aead.newWriter(key, AD, sink)) {
      for (int off = 0; off < plain.length; off += 160) {
        w.write(plain, off, Math.min(160, plain.length - off));
        if (off % 32_000 == 0) {
          w.sealChunk();
          sink.sync();
        }
      }
    }
    sink.commit();
    try (java.nio.channels.SeekableByteChannel ch = store.open("t1/ab/cd/r1");
        SeekableReader r = aead.newReader(key, AD, ch)) {
      assertThat(r.truncated()).isFalse();
      assertThat(readAll(r)).isEqualTo(plain);
      assertSeeks(r, plain, 4096);
    }
  }

  /** Reads at 0, 1, every boundary +-1 and the end, into buffers of several sizes. */
  private static void assertSeeks(SeekableReader r, byte[] plain, int seg) throws Exception {
    Set<Long> offsets = new LinkedHashSet<>();
    offsets.add(0L);
    offsets.add(1L);
    for (long b = seg; b <= plain.length + 1L; b += seg) {
      offsets.add(b - 1);
      offsets.add(b);
      offsets.add(b + 1);
      if (b > 8L * seg) {
        b += (plain.length / seg / 4) * (long) seg; // sample the middle of long streams
      }
    }
    offsets.add(plain.length - 1L);
    offsets.add((long) plain.length);
    for (long off : offsets) {
      if (off < 0) {
        continue;
      }
      for (int len : new int[] {1, seg - 1, seg + 1, 3 * seg}) {
        ByteBuffer dst = ByteBuffer.allocate(Math.max(1, len));
        int n = r.read(off, dst);
        if (off >= plain.length) {
          assertThat(n).as("offset %d of %d", off, plain.length).isEqualTo(-1);
        } else {
          int expected = (int) Math.min(dst.capacity(), plain.length - off);
          assertThat(n).as("offset %d len %d", off, len).isEqualTo(expected);
          assertThat(Arrays.copyOf(dst.array(), n))
              .isEqualTo(Arrays.copyOfRange(plain, (int) off, (int) off + n));
        }
      }
    }
  }

  @Test
  void sealedChunksMakeShortSegmentsThatStillSeek() throws Exception {
    StreamingAead aead = new StreamingAead(100);
    byte[] plain = plaintext(2000, 7);
    Random rnd = new Random(3);
    InMemoryChannel ch = new InMemoryChannel();
    try (SegmentWriter w = aead.newWriter(key, AD, ch)) {
      int off = 0;
      while (off < plain.length) {
        int n = Math.min(1 + rnd.nextInt(150), plain.length - off);
        w.write(plain, off, n);
        off += n;
        if (rnd.nextInt(3) == 0) {
          w.sealChunk();
          w.sealChunk(); // nothing buffered: no empty segment
        }
      }
      assertThat(w.plaintextBytes()).isEqualTo(plain.length);
    }
    byte[] ct = ch.toByteArray();
    assertThat(StreamTestSupport.records(ct).stream().skip(1).filter(rec -> rec.length == 4 + 100 + 16).count())
        .as("some segments are full, others short").isLessThan(StreamTestSupport.records(ct).size() - 1);
    try (SeekableReader r = reader(aead, key, AD, ct)) {
      assertThat(r.truncated()).isFalse();
      for (int off = 0; off <= plain.length; off++) {
        ByteBuffer dst = ByteBuffer.allocate(37);
        int n = r.read(off, dst);
        if (off == plain.length) {
          assertThat(n).isEqualTo(-1);
        } else {
          assertThat(Arrays.copyOf(dst.array(), n)).isEqualTo(Arrays.copyOfRange(plain, off, off + n));
          assertThat(n).isEqualTo(Math.min(37, plain.length - off));
        }
      }
    }
  }

  @Test
  void writerThatNeverClosesLeavesSealedChunksReadableAndTruncated() throws Exception {
    StreamingAead aead = new StreamingAead(512);
    byte[] plain = plaintext(1000, 9);
    InMemoryChannel ch = new InMemoryChannel();
    SegmentWriter w = aead.newWriter(key, AD, ch);
    w.write(plain, 0, 700);
    w.sealChunk();
    w.write(plain, 700, 300); // buffered only: lost with the process, never on disk in plaintext
    try (SeekableReader r = reader(aead, key, AD, ch.toByteArray())) {
      assertThat(r.truncated()).isTrue();
      assertThat(r.size()).isEqualTo(700);
      assertThat(readAll(r)).isEqualTo(Arrays.copyOf(plain, 700));
    }
  }

  @Test
  void seekingDecryptsOnlyTheSegmentsItNeeds() throws Exception {
    int seg = 1024;
    int segments = 200;
    StreamingAead aead = new StreamingAead(seg);
    byte[] plain = plaintext(seg * segments, 4);
    long[] bytesRead = {0};
    InMemoryChannel inner = new InMemoryChannel(encrypt(aead, key, AD, plain));
    java.nio.channels.SeekableByteChannel counting = new java.nio.channels.SeekableByteChannel() {
      @Override
      public int read(ByteBuffer dst) throws java.io.IOException {
        int n = inner.read(dst);
        bytesRead[0] += Math.max(0, n);
        return n;
      }

      @Override
      public int write(ByteBuffer src) {
        throw new UnsupportedOperationException();
      }

      @Override
      public long position() {
        return inner.position();
      }

      @Override
      public java.nio.channels.SeekableByteChannel position(long p) {
        inner.position(p);
        return this;
      }

      @Override
      public long size() {
        return inner.size();
      }

      @Override
      public java.nio.channels.SeekableByteChannel truncate(long size) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
    try (SeekableReader r = aead.newReader(key, AD, counting)) {
      long afterOpen = bytesRead[0];
      // header, one length prefix per segment, and the last segment (to learn whether it is final)
      assertThat(afterOpen).isEqualTo(StreamHeader.SIZE + 4L * segments + seg + 16);
      ByteBuffer dst = ByteBuffer.allocate(10);
      assertThat(r.read(123L * seg + 1020, dst)).isEqualTo(10);
      assertThat(Arrays.copyOf(dst.array(), 10)).isEqualTo(Arrays.copyOfRange(plain, 123 * seg + 1020, 123 * seg + 1030));
      assertThat(bytesRead[0] - afterOpen).as("segments 123 and 124 only").isEqualTo(2L * (seg + 16));
    }
  }

  @Test
  void headerOnlyStreamIsTruncatedAndEmpty() throws Exception {
    StreamingAead aead = new StreamingAead(64);
    InMemoryChannel ch = new InMemoryChannel();
    aead.newWriter(key, AD, ch); // died before sealing anything
    try (SeekableReader r = reader(aead, key, AD, ch.toByteArray())) {
      assertThat(r.truncated()).isTrue();
      assertThat(r.size()).isZero();
      assertThat(r.read(0, ByteBuffer.allocate(1))).isEqualTo(-1);
    }
  }

  @Test
  void readerUsesTheSegmentSizeFromTheHeader() throws Exception {
    byte[] plain = plaintext(5000, 1);
    byte[] ct = encrypt(new StreamingAead(128), key, AD, plain);
    try (SeekableReader r = reader(new StreamingAead(StreamingAead.DEFAULT_SEGMENT_SIZE), key, AD, ct)) {
      assertThat(readAll(r)).isEqualTo(plain);
    }
  }

  @Test
  void emptyDestinationReadsNothingAndNegativeOffsetIsRefused() throws Exception {
    StreamingAead aead = new StreamingAead(64);
    byte[] ct = encrypt(aead, key, AD, plaintext(100, 2));
    try (SeekableReader r = reader(aead, key, AD, ct)) {
      assertThat(r.read(5, ByteBuffer.allocate(0))).isZero();
      assertThatThrownBy(() -> r.read(-1, ByteBuffer.allocate(1))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void sameKeyAndPlaintextGiveDifferentCiphertexts() throws Exception {
    StreamingAead aead = new StreamingAead(64);
    byte[] plain = plaintext(300, 5);
    assertThat(encrypt(aead, key, AD, plain)).isNotEqualTo(encrypt(aead, key, AD, plain));
  }

  @Test
  void writerRefusesUseAfterClose() throws Exception {
    SegmentWriter w = new StreamingAead(64).newWriter(key, AD, new InMemoryChannel());
    w.close();
    w.close(); // idempotent
    assertThatThrownBy(() -> w.write(new byte[1], 0, 1)).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void dataKeyMustBe32Bytes() {
    try (SecretBytes shortKey = SecretBytes.random(16)) {
      assertThatThrownBy(() -> new StreamingAead(64).newWriter(shortKey, AD, new InMemoryChannel()))
          .isInstanceOf(java.security.InvalidKeyException.class);
    }
  }

  @Test
  void segmentSizeIsBounded() {
    assertThatThrownBy(() -> new StreamingAead(8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StreamingAead(64 * 1024 * 1024)).isInstanceOf(IllegalArgumentException.class);
  }
}
