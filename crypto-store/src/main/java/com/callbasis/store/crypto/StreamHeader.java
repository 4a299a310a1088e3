package com.callbasis.store.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The stream header and what is derived from it. Layout (48 bytes, big-endian):
 * {@code magic "CBSA" | version 0x01 | segment size u32 | salt[32] | nonce prefix[7]}.
 * The whole header is the GCM associated data of every segment, so any change to it fails them all.
 */
final class StreamHeader {
  static final byte[] MAGIC = {'C', 'B', 'S', 'A'};
  static final byte VERSION = 1;
  static final int SALT_SIZE = 32;
  static final int NONCE_PREFIX_SIZE = 7;
  static final int SIZE = 4 + 1 + 4 + SALT_SIZE + NONCE_PREFIX_SIZE;
  static final int KEY_SIZE = 32;
  static final int TAG_SIZE = 16;
  static final int NONCE_SIZE = 12;
  /** Length prefix of each segment record. */
  static final int LENGTH_SIZE = 4;
  static final int MIN_SEGMENT_SIZE = 16;
  /** Bounds the memory a hostile header can make a reader allocate. */
  static final int MAX_SEGMENT_SIZE = 16 * 1024 * 1024;

  private static final byte[] HKDF_LABEL =
      "callbasis/streaming-aead/v1\0".getBytes(StandardCharsets.US_ASCII);

  private final byte[] encoded;
  private final int segmentSize;

  private StreamHeader(byte[] encoded, int segmentSize) {
    this.encoded = encoded;
    this.segmentSize = segmentSize;
  }

  static StreamHeader create(int segmentSize, byte[] salt, byte[] noncePrefix) {
    checkSegmentSize(segmentSize);
    if (salt.length != SALT_SIZE || noncePrefix.length != NONCE_PREFIX_SIZE) {
      throw new IllegalArgumentException("bad salt or nonce prefix length");
    }
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    b.put(MAGIC).put(VERSION).putInt(segmentSize).put(salt).put(noncePrefix);
    return new StreamHeader(b.array(), segmentSize);
  }

  static StreamHeader parse(byte[] encoded) throws GeneralSecurityException {
    if (encoded.length != SIZE || !Arrays.equals(encoded, 0, 4, MAGIC, 0, 4)) {
      throw new GeneralSecurityException("not a callbasis encrypted stream (bad header)");
    }
    if (encoded[4] != VERSION) {
      throw new GeneralSecurityException("unsupported stream version " + (encoded[4] & 0xff));
    }
    int segmentSize = ByteBuffer.wrap(encoded, 5, 4).getInt();
    if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
      throw new GeneralSecurityException("stream header has invalid segment size " + segmentSize);
    }
    return new StreamHeader(encoded.clone(), segmentSize);
  }

  static void checkSegmentSize(int segmentSize) {
    if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
      throw new IllegalArgumentException(
          "segment size must be in [" + MIN_SEGMENT_SIZE + ", " + MAX_SEGMENT_SIZE + "]: " + segmentSize);
    }
  }

  int segmentSize() {
    return segmentSize;
  }

  /** The encoded header; callers must not modify it. */
  byte[] encoded() {
    return encoded;
  }

  /**
   * Per-stream key = HKDF-SHA256(IKM = data key, salt = header salt, info = label || associated
   * data). A fresh salt per stream means a data key never encrypts two streams under the same key.
   */
  SecretKeySpec deriveStreamKey(SecretBytes dataKey, byte[] associatedData)
      throws GeneralSecurityException {
    if (dataKey.length() != KEY_SIZE) {
      throw new java.security.InvalidKeyException("data key must be " + KEY_SIZE + " bytes");
    }
    byte[] info = new byte[HKDF_LABEL.length + associatedData.length];
    System.arraycopy(HKDF_LABEL, 0, info, 0, HKDF_LABEL.length);
    System.arraycopy(associatedData, 0, info, HKDF_LABEL.length, associatedData.length);
    byte[] salt = Arrays.copyOfRange(encoded, 9, 9 + SALT_SIZE);
    byte[] okm = new byte[KEY_SIZE];
    try {
      HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
      hkdf.init(new HKDFParameters(dataKey.internalBytes(), salt, info));
      hkdf.generateBytes(okm, 0, KEY_SIZE);
      return new SecretKeySpec(okm, "AES");
    } finally {
      Arrays.fill(okm, (byte) 0);
    }
  }

  /** nonce = prefix[7] || segment index u32 || last-segment flag (Tink's AES-GCM-HKDF layout). */
  void nonce(long segmentIndex, boolean last, byte[] out) {
    System.arraycopy(encoded, 9 + SALT_SIZE, out, 0, NONCE_PREFIX_SIZE);
    out[7] = (byte) (segmentIndex >>> 24);
    out[8] = (byte) (segmentIndex >>> 16);
    out[9] = (byte) (segmentIndex >>> 8);
    out[10] = (byte) segmentIndex;
    out[11] = (byte) (last ? 1 : 0);
  }
}
