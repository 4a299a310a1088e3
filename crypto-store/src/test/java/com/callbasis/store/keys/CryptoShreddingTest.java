package com.callbasis.store.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.store.crypto.SecretBytes;
import com.callbasis.store.crypto.SeekableReader;
import com.callbasis.store.crypto.SegmentWriter;
import com.callbasis.store.crypto.StreamingAead;
import com.callbasis.store.objects.FileObjectStore;
import com.callbasis.store.objects.ObjectSink;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole hierarchy: audio under a data key, wrapped by a subject's KEK; destroying the KEK shreds it. */
class CryptoShreddingTest {
  @TempDir Path dir;

  @Test
  void destroyingTheSubjectKekMakesTheRecordingUnreadableWhileOthersStayReadable() throws Exception {
    byte[] ad = "rec=r1;tenant=t1;decision=d1;policy=p".getBytes(StandardCharsets.US_ASCII);
    byte[] audio = new byte[200_000];
    new java.util.Random(1).nextBytes(audio);
    StreamingAead aead = new StreamingAead(StreamingAead.DEFAULT_SEGMENT_SIZE);
    FileObjectStore objects = new FileObjectStore(dir.resolve("objects"));
    try (BcfksKeyProvider keys = BcfksKeyProvider.open(dir.resolve("ks.bcfks"), "pass phrase".toCharArray())) {
      WrappedKey subjectKey = record(keys, "subject-s1", objects, "t1/ab/cd/r1", aead, ad, audio);
      WrappedKey otherKey = record(keys, "subject-s2", objects, "t1/ab/cd/r2", aead, ad, audio);
      assertThat(play(keys, subjectKey, objects, "t1/ab/cd/r1", aead, ad)).isEqualTo(audio);

      keys.destroy("subject-s1");

      assertThatThrownBy(() -> play(keys, subjectKey, objects, "t1/ab/cd/r1", aead, ad))
          .isInstanceOf(GeneralSecurityException.class);
      assertThat(play(keys, otherKey, objects, "t1/ab/cd/r2", aead, ad)).isEqualTo(audio);
      // a rewrap cannot rescue it either
      assertThatThrownBy(() -> keys.rewrap(subjectKey)).isInstanceOf(GeneralSecurityException.class);
    }
  }

  private static WrappedKey record(KeyProvider keys, String kek, FileObjectStore objects, String key,
      StreamingAead aead, byte[] ad, byte[] audio) throws Exception {
    try (SecretBytes dataKey = SecretBytes.random(32)) {
      WrappedKey wrapped = keys.wrap(kek, dataKey);
      ObjectSink sink = objects.create(key);
      try (SegmentWriter w = aead.newWriter(dataKey, ad, sink)) {
        w.write(audio, 0, audio.length);
      }
      sink.commit();
      return wrapped;
    }
  }

  private static byte[] play(KeyProvider keys, WrappedKey wrapped, FileObjectStore objects, String key,
      StreamingAead aead, byte[] ad) throws Exception {
    try (SecretBytes dataKey = keys.unwrap(wrapped);
        SeekableByteChannel ch = objects.open(key);
        SeekableReader r = aead.newReader(dataKey, ad, ch)) {
      ByteBuffer out = ByteBuffer.allocate((int) r.size());
      while (out.hasRemaining()) {
        r.read(out.position(), out);
      }
      assertThat(r.truncated()).isFalse();
      return out.array();
    }
  }
}
