package com.callbasis.store.crypto;

import static com.callbasis.store.crypto.StreamTestSupport.AD;
import static com.callbasis.store.crypto.StreamTestSupport.encrypt;
import static com.callbasis.store.crypto.StreamTestSupport.join;
import static com.callbasis.store.crypto.StreamTestSupport.plaintext;
import static com.callbasis.store.crypto.StreamTestSupport.readAll;
import static com.callbasis.store.crypto.StreamTestSupport.reader;
import static com.callbasis.store.crypto.StreamTestSupport.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every alteration of a stream is either refused or, for a removed tail, reported as truncated. */
class StreamTamperTest {
  private static final int SEG = 64;
  private final StreamingAead aead = new StreamingAead(SEG);
  private final SecretBytes key = SecretBytes.random(32);
  private final byte[] plain = plaintext(5 * SEG + 10, 11); // 6 segments, the last one short
  private final byte[] ct;

  StreamTamperTest() throws Exception {
    ct = encrypt(aead, key, AD, plain);
  }

  @AfterEach
  void wipe() {
    key.close();
  }

  @Test
  void streamHasTheExpectedRecords() {
    assertThat(records(ct)).hasSize(7);
  }

  /** Refused: either the reader does not open, or reading everything throws (GSE cause). */
  private void assertRefused(byte[] tampered, byte[] ad) {
    assertThatThrownBy(() -> {
      try (SeekableReader r = reader(aead, key, ad, tampered)) {
        readAll(r);
      }
    }).satisfiesAnyOf(
        e -> assertThat(e).isInstanceOf(GeneralSecurityException.class),
        e -> assertThat(e).isInstanceOf(IOException.class).hasCauseInstanceOf(GeneralSecurityException.class));
  }

  private void assertRefused(byte[] tampered) {
    assertRefused(tampered, AD);
  }

  @Test
  void everySingleBitFlipIsRefusedOrAtLeastReportedAsTruncated() throws Exception {
    java.util.Set<Integer> lengthPrefixBytes = new java.util.HashSet<>();
    int pos = 0;
    for (byte[] rec : records(ct)) {
      if (pos > 0) {
        for (int k = 0; k < 4; k++) {
          lengthPrefixBytes.add(pos + k);
        }
      }
      pos += rec.length;
    }
    int truncatedOutcomes = 0;
    for (int i = 0; i < ct.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] t = ct.clone();
        t[i] ^= (byte) (1 << bit);
        if (!lengthPrefixBytes.contains(i)) {
          assertRefused(t);
          continue;
        }
        // A length that now runs past the end of the file looks like a torn write: the stream then
        // reads as truncated, never as complete (and the metadata says it was completed).
        try (SeekableReader r = reader(aead, key, AD, t)) {
          assertThat(r.truncated()).as("byte %d bit %d", i, bit).isTrue();
          assertThat(r.size()).isLessThan(plain.length);
          truncatedOutcomes++;
          readAll(r);
        } catch (GeneralSecurityException | IOException e) {
          // refused outright: also fine
        }
      }
    }
    assertThat(truncatedOutcomes).as("only a few length flips can pass for a torn tail").isLessThan(20);
  }

  @Test
  void flippedHeaderBitIsRefusedWhenOpening() {
    for (int i = 0; i < StreamHeader.SIZE; i++) {
      byte[] t = ct.clone();
      t[i] ^= 0x01;
      assertThatThrownBy(() -> reader(aead, key, AD, t)).as("header byte %d", i)
          .isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void flippedSegmentBitIsRefusedWhenThatSegmentIsRead() throws Exception {
    byte[] t = ct.clone();
    t[StreamHeader.SIZE + 4 + SEG + 16 + 4 + 5] ^= 0x40; // ciphertext of segment 1
    try (SeekableReader r = reader(aead, key, AD, t)) {
      assertThat(r.read(0, ByteBuffer.allocate(SEG))).isEqualTo(SEG); // segment 0 is intact
      assertThatThrownBy(() -> r.read(SEG, ByteBuffer.allocate(1)))
          .isInstanceOf(IOException.class).hasCauseInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void wrongAssociatedDataIsRefused() {
    byte[] otherAd = AD.clone();
    otherAd[otherAd.length - 1] ^= 1;
    assertRefused(ct, otherAd);
    assertRefused(ct, new byte[0]);
  }

  @Test
  void wrongKeyIsRefused() throws Exception {
    try (SecretBytes other = SecretBytes.random(32)) {
      assertThatThrownBy(() -> reader(aead, other, AD, ct)).isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void droppedMiddleSegmentIsRefused() {
    for (int drop = 1; drop <= 5; drop++) {
      List<byte[]> r = new ArrayList<>(records(ct));
      r.remove(drop);
      assertRefused(join(r));
    }
  }

  @Test
  void droppedFinalSegmentIsReportedAsTruncated() throws Exception {
    List<byte[]> r = new ArrayList<>(records(ct));
    r.remove(6);
    try (SeekableReader reader = reader(aead, key, AD, join(r))) {
      assertThat(reader.truncated()).isTrue();
      assertThat(readAll(reader)).isEqualTo(Arrays.copyOf(plain, 5 * SEG));
    }
  }

  @Test
  void swappedSegmentsAreRefused() {
    for (int a = 1; a <= 5; a++) {
      List<byte[]> r = new ArrayList<>(records(ct));
      Collections.swap(r, a, a + 1);
      assertRefused(join(r));
    }
  }

  @Test
  void duplicatedSegmentIsRefused() {
    for (int d = 1; d <= 6; d++) {
      List<byte[]> r = new ArrayList<>(records(ct));
      r.add(d, r.get(d));
      assertRefused(join(r));
    }
  }

  @Test
  void appendedSegmentOrBytesAreRefused() throws Exception {
    List<byte[]> r = new ArrayList<>(records(ct));
    r.add(r.get(3));
    assertRefused(join(r));
    // a segment from another stream under the same key and AD (spliced)
    byte[] other = encrypt(aead, key, AD, plain);
    List<byte[]> spliced = new ArrayList<>(records(ct));
    spliced.add(records(other).get(6));
    assertRefused(join(spliced));
    // stray bytes after the final segment
    assertRefused(join(List.of(ct, new byte[] {0, 0})));
    assertRefused(join(List.of(ct, new byte[40])));
  }

  @Test
  void segmentSplicedFromAnotherStreamIsRefused() throws Exception {
    byte[] other = encrypt(aead, key, AD, plain);
    List<byte[]> r = new ArrayList<>(records(ct));
    r.set(2, records(other).get(2));
    assertRefused(join(r));
    List<byte[]> headerSwap = new ArrayList<>(records(ct));
    headerSwap.set(0, records(other).get(0));
    assertRefused(join(headerSwap));
  }

  @Test
  void finalSegmentMovedEarlierIsRefused() {
    List<byte[]> r = new ArrayList<>(records(ct));
    byte[] last = r.remove(6);
    r.remove(5);
    r.add(last); // final flag at index 5: wrong index
    assertRefused(join(r));
  }

  @Test
  void truncatedInsideAnEarlierRecordStillReadsTheCompleteOnes() throws Exception {
    // a crash mid-write of record 3: records 0..2 stay readable
    List<byte[]> r = records(ct);
    int cut = r.get(0).length + r.get(1).length + r.get(2).length + r.get(3).length + 10;
    try (SeekableReader reader = reader(aead, key, AD, Arrays.copyOf(ct, cut))) {
      assertThat(reader.truncated()).isTrue();
      assertThat(readAll(reader)).isEqualTo(Arrays.copyOf(plain, 3 * SEG));
    }
  }

  @Test
  void streamShorterThanItsHeaderIsRefused() {
    assertThatThrownBy(() -> reader(aead, key, AD, Arrays.copyOf(ct, 10)))
        .isInstanceOf(GeneralSecurityException.class);
  }
}
