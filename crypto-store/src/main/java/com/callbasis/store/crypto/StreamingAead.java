package com.callbasis.store.crypto;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Segmented streaming AEAD: the AES-256-GCM-HKDF streaming scheme of Tink, with length-prefixed
 * segments so a writer may seal short chunks while a call is still running.
 *
 * <p>Per stream: a random 32-byte salt and 7-byte nonce prefix in the header; stream key =
 * HKDF-SHA256(data key, salt, label || associated data). Segment i is AES-256-GCM under nonce
 * {@code prefix || i || lastFlag} with the header (and its own length) as GCM associated data, so
 * truncation, reordering, splicing between streams and a wrong associated data all fail
 * authentication. See docs/crypto.md for the byte layout.
 *
 * <p>Instances are immutable and thread-safe; writers and readers are not.
 */
public final class StreamingAead {
  public static final int DEFAULT_SEGMENT_SIZE = 64 * 1024;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final int segmentSize;

  /**
   * @param segmentSize maximum plaintext bytes per segment: the unit of seeking and of the writer's
   *     in-memory buffer; 64 KiB keeps per-segment overhead (20 bytes) negligible and a seek cheap
   */
  public StreamingAead(int segmentSize) {
    StreamHeader.checkSegmentSize(segmentSize);
    this.segmentSize = segmentSize;
  }

  public int segmentSize() {
    return segmentSize;
  }

  /**
   * Starts a stream on {@code out}; writes the header immediately.
   *
   * @param dataKey 32 random bytes, used for this one recording only
   * @param associatedData authenticated, not stored: the reader must supply the same bytes
   */
  public SegmentWriter newWriter(
      SecretBytes dataKey, byte[] associatedData, WritableByteChannel out)
      throws IOException, GeneralSecurityException {
    byte[] salt = new byte[StreamHeader.SALT_SIZE];
    byte[] prefix = new byte[StreamHeader.NONCE_PREFIX_SIZE];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(prefix);
    return writer(StreamHeader.create(segmentSize, salt, prefix), dataKey, associatedData, out);
  }

  /**
   * Known-answer tests only: a fixed salt and nonce prefix make the output deterministic. Never use
   * for real data (reusing them with one data key would reuse GCM nonces).
   */
  static SegmentWriter insecureNewWriterWithFixedSalt(
      int segmentSize, byte[] salt, byte[] prefix, SecretBytes dataKey, byte[] associatedData,
      WritableByteChannel out) throws IOException, GeneralSecurityException {
    return writer(StreamHeader.create(segmentSize, salt, prefix), dataKey, associatedData, out);
  }

  private static SegmentWriter writer(
      StreamHeader header, SecretBytes dataKey, byte[] associatedData, WritableByteChannel out)
      throws IOException, GeneralSecurityException {
    SegmentCipher cipher = new SegmentCipher(header, header.deriveStreamKey(dataKey, associatedData));
    return new StreamSegmentWriter(header, cipher, out);
  }

  /**
   * Opens a stream for random access. The segment size comes from the (authenticated) header, so a
   * reader decrypts streams written with any segment size.
   *
   * @throws GeneralSecurityException when the header or the last segment fails authentication
   */
  public SeekableReader newReader(
      SecretBytes dataKey, byte[] associatedData, SeekableByteChannel in)
      throws IOException, GeneralSecurityException {
    StreamHeader header = StreamHeader.parse(StreamSeekableReader.readHeader(in));
    SegmentCipher cipher = new SegmentCipher(header, header.deriveStreamKey(dataKey, associatedData));
    return new StreamSeekableReader(header, cipher, in);
  }

  /**
   * Known-answer self-test, run at start-up: AES-256-GCM against a NIST vector, HKDF-SHA256
   * against RFC 5869, and the stream format against a fixed vector; throws if any differs.
   */
  public static void selfTest() throws GeneralSecurityException {
    SelfTest.run();
  }
}
