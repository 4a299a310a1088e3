package com.callbasis.store.crypto;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Random-access decryption of a stream written by {@link SegmentWriter}. Each read decrypts and
 * authenticates only the segments it touches. Not thread-safe (one reader per request).
 */
public interface SeekableReader extends Closeable {
  /** Plaintext size of the readable part (all complete segments present when the reader opened). */
  long size() throws IOException;

  /**
   * True when the stream has no authenticated final segment: the writer died (or the tail was
   * removed). The sealed segments before that point still read; the gap starts at {@link #size()}.
   */
  boolean truncated();

  /** Number of authenticated segment records, the final (possibly empty) one included. */
  long segments();

  /**
   * Reads up to {@code dst.remaining()} plaintext bytes starting at {@code plaintextOffset}.
   *
   * @return bytes read, 0 when {@code dst} has no room, -1 when the offset is at or past the end
   * @throws IOException with a {@link java.security.GeneralSecurityException} cause when a segment
   *     fails authentication (tampered, reordered, spliced or wrong associated data)
   */
  int read(long plaintextOffset, ByteBuffer dst) throws IOException;

  /** Releases buffers; does not close the underlying channel. */
  @Override
  void close() throws IOException;
}
