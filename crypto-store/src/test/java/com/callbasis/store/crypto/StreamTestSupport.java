package com.callbasis.store.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Helpers shared by the stream tests: encrypt in memory, read back, cut a stream into records. */
final class StreamTestSupport {
  static final byte[] AD = "rec=r1;tenant=t1;decision=d1;policy=sha256:00ff".getBytes(StandardCharsets.US_ASCII);

  private StreamTestSupport() {}

  static byte[] plaintext(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Encrypts {@code plain} written in 160-byte frames (a 20 ms G.711 frame). */
  static byte[] encrypt(StreamingAead aead, SecretBytes key, byte[] ad, byte[] plain) throws Exception {
    InMemoryChannel ch = new InMemoryChannel();
    try (SegmentWriter w = aead.newWriter(key, ad, ch)) {
      for (int off = 0; off < plain.length; off += 160) {
        w.write(plain, off, Math.min(160, plain.length - off));
      }
    }
    return ch.toByteArray();
  }

  static SeekableReader reader(StreamingAead aead, SecretBytes key, byte[] ad, byte[] ciphertext)
      throws IOException, GeneralSecurityException {
    return aead.newReader(key, ad, new InMemoryChannel(ciphertext));
  }

  static byte[] readAll(SeekableReader r) throws IOException {
    ByteBuffer out = ByteBuffer.allocate((int) r.size());
    ByteBuffer chunk = ByteBuffer.allocate(7777);
    long off = 0;
    while (true) {
      chunk.clear();
      int n = r.read(off, chunk);
      if (n < 0) {
        break;
      }
      out.put(chunk.flip());
      off += n;
    }
    return out.array();
  }

  /** The stream as header + one byte array per segment record (length prefix included). */
  static List<byte[]> records(byte[] ct) {
    List<byte[]> out = new ArrayList<>();
    out.add(Arrays.copyOfRange(ct, 0, StreamHeader.SIZE));
    int pos = StreamHeader.SIZE;
    while (pos < ct.length) {
      int len = ByteBuffer.wrap(ct, pos, 4).getInt();
      int end = pos + 4 + len + StreamHeader.TAG_SIZE;
      out.add(Arrays.copyOfRange(ct, pos, end));
      pos = end;
    }
    return out;
  }

  static byte[] join(List<byte[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    ByteBuffer b = ByteBuffer.allocate(n);
    parts.forEach(b::put);
    return b.array();
  }
}
