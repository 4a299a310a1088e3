package com.callbasis.store.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writer side of the stream format. Record per segment: {@code plaintext length u32 | ciphertext |
 * tag[16]}. A full buffer is only sealed once more data arrives, because until then it might be the
 * last segment.
 */
final class StreamSegmentWriter implements SegmentWriter {
  private final SegmentCipher cipher;
  private final WritableByteChannel out;
  private final byte[] plaintext;
  /**
   * The record being written, one per thread rather than per writer: it holds only ciphertext and is
   * needed just inside {@link #seal}, and a gateway keeps a writer open for every recorded call.
   */
  private static final ThreadLocal<byte[]> RECORD = ThreadLocal.withInitial(() -> new byte[0]);
  private int buffered;
  private long segmentIndex;
  private long plaintextBytes;
  private boolean closed;
  private boolean failed;

  StreamSegmentWriter(StreamHeader header, SegmentCipher cipher, WritableByteChannel out)
      throws IOException {
    this.cipher = cipher;
    this.out = out;
    this.plaintext = new byte[header.segmentSize()];
    // The header goes out first so that a crash after the first sealed chunk leaves a readable stream.
    writeFully(ByteBuffer.wrap(header.encoded()));
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    checkUsable();
    while (len > 0) {
      if (buffered == plaintext.length) {
        seal(false);
      }
      int n = Math.min(len, plaintext.length - buffered);
      System.arraycopy(b, off, plaintext, buffered, n);
      buffered += n;
      off += n;
      len -= n;
      plaintextBytes += n;
    }
  }

  @Override
  public void sealChunk() throws IOException {
    checkUsable();
    if (buffered > 0) {
      seal(false);
    }
  }

  @Override
  public long plaintextBytes() {
    return plaintextBytes;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!failed) {
        seal(true);
      }
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private void seal(boolean last) throws IOException {
    int len = buffered;
    byte[] record = RECORD.get();
    if (record.length < StreamHeader.LENGTH_SIZE + plaintext.length + StreamHeader.TAG_SIZE) {
      record = new byte[StreamHeader.LENGTH_SIZE + plaintext.length + StreamHeader.TAG_SIZE];
      RECORD.set(record);
    }
    try {
      record[0] = (byte) (len >>> 24);
      record[1] = (byte) (len >>> 16);
      record[2] = (byte) (len >>> 8);
      record[3] = (byte) len;
      int n = cipher.encrypt(segmentIndex, last, plaintext, 0, len, record, StreamHeader.LENGTH_SIZE);
      writeFully(ByteBuffer.wrap(record, 0, StreamHeader.LENGTH_SIZE + n));
    } catch (GeneralSecurityException e) {
      failed = true;
      throw new IOException("segment encryption failed", e);
    } catch (IOException e) {
      failed = true;
      throw e;
    }
    Arrays.fill(plaintext, 0, len, (byte) 0);
    buffered = 0;
    segmentIndex++;
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  private void checkUsable() throws IOException {
    if (closed) {
      throw new IOException("writer closed");
    }
    if (failed) {
      throw new IOException("writer failed earlier; the stream ends at the last sealed segment");
    }
  }
}
