package com.callbasis.store.crypto;

import java.io.Closeable;
import java.io.IOException;

/**
 * Encrypts a recording as it arrives. Plaintext is kept in memory only, at most one segment of it;
 * what reaches the channel is always ciphertext. Not thread-safe.
 */
public interface SegmentWriter extends Closeable {
  /** Buffers plaintext; encrypts and writes a segment whenever one is full and more data follows. */
  void write(byte[] b, int off, int len) throws IOException;

  /**
   * Encrypts what is buffered as a non-final segment and writes it out (no-op when nothing is
   * buffered), so it survives a crash of this process. Call every few seconds, then
   * {@code ObjectSink.sync()} for durability against power loss. Segments may then be short.
   */
  void sealChunk() throws IOException;

  /** Plaintext bytes accepted so far. */
  long plaintextBytes();

  /** Writes the final segment (flagged last). Does not close the underlying channel. Idempotent. */
  @Override
  void close() throws IOException;
}
