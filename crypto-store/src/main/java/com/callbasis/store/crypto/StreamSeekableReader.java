package com.callbasis.store.crypto;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * Reader side of the stream format. On open it walks the length prefixes to build a segment index
 * (segments may be short where the writer sealed a chunk) and authenticates the last segment to learn
 * whether the stream is complete. Reads then decrypt only the segments they touch.
 */
final class StreamSeekableReader implements SeekableReader {
  private final SeekableByteChannel in;
  private final SegmentCipher cipher;
  private final int segmentSize;
  /** Byte position of each segment record, and the plaintext offset where it starts. */
  private long[] recordPos = new long[16];
  private long[] plainStart = new long[16];
  private int segments;
  private long size;
  private boolean truncated;

  private final byte[] record;
  private final byte[] plaintext;
  private int cachedSegment = -1;
  private int cachedLength;
  private boolean closed;

  StreamSeekableReader(StreamHeader header, SegmentCipher cipher, SeekableByteChannel in)
      throws IOException, GeneralSecurityException {
    this.in = in;
    this.cipher = cipher;
    this.segmentSize = header.segmentSize();
    this.record = new byte[segmentSize + StreamHeader.TAG_SIZE];
    this.plaintext = new byte[segmentSize];
    long tail = buildIndex(in.size());
    verifyEnd(tail);
  }

  static byte[] readHeader(SeekableByteChannel in) throws IOException, GeneralSecurityException {
    if (in.size() < StreamHeader.SIZE) {
      throw new GeneralSecurityException("stream too short for its header");
    }
    byte[] h = new byte[StreamHeader.SIZE];
    readFully(in, 0, ByteBuffer.wrap(h));
    return h;
  }

  /** Returns the number of trailing bytes that do not form a complete record. */
  private long buildIndex(long fileSize) throws IOException, GeneralSecurityException {
    long pos = StreamHeader.SIZE;
    ByteBuffer len = ByteBuffer.allocate(StreamHeader.LENGTH_SIZE);
    long plain = 0;
    while (fileSize - pos >= StreamHeader.LENGTH_SIZE + StreamHeader.TAG_SIZE) {
      len.clear();
      readFully(in, pos, len);
      long n = len.getInt(0) & 0xffffffffL;
      long recordEnd = pos + StreamHeader.LENGTH_SIZE + n + StreamHeader.TAG_SIZE;
      if (n > segmentSize) {
        // no writer produces this, and a torn write keeps its length prefix intact
        throw new AEADBadTagException("segment " + segments + " has an invalid length");
      }
      if (recordEnd > fileSize) {
        break; // a torn record: the writer died mid-write; verifyEnd decides whether that is plausible
      }
      add(pos, plain);
      plain += n;
      pos = recordEnd;
    }
    size = plain;
    return fileSize - pos;
  }

  private void add(long pos, long plain) {
    if (segments == recordPos.length) {
      recordPos = Arrays.copyOf(recordPos, segments * 2);
      plainStart = Arrays.copyOf(plainStart, segments * 2);
    }
    recordPos[segments] = pos;
    plainStart[segments] = plain;
    segments++;
  }

  /**
   * Complete stream: the last record authenticates with the last-segment flag and nothing follows.
   * Truncated stream: it authenticates as a non-final segment (the writer died after sealing it).
   * Anything else (appended, spliced or altered data) is tampering.
   */
  private void verifyEnd(long tail) throws IOException, GeneralSecurityException {
    if (segments == 0) {
      truncated = true; // header only: the writer died before sealing anything
      if (tail > 0) {
        throw new AEADBadTagException("unparseable data after the stream header");
      }
      return;
    }
    int last = segments - 1;
    try {
      decryptInto(last, true);
      if (tail > 0) {
        throw new AEADBadTagException("data after the final segment");
      }
      truncated = false;
    } catch (AEADBadTagException finalFailed) {
      try {
        decryptInto(last, false);
      } catch (AEADBadTagException e) {
        throw new AEADBadTagException("segment " + last + " failed authentication");
      }
      truncated = true;
    }
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public boolean truncated() {
    return truncated;
  }

  @Override
  public long segments() {
    return segments;
  }

  @Override
  public int read(long plaintextOffset, ByteBuffer dst) throws IOException {
    if (closed) {
      throw new IOException("reader closed");
    }
    if (plaintextOffset < 0) {
      throw new IllegalArgumentException("negative offset: " + plaintextOffset);
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    if (plaintextOffset >= size) {
      return -1;
    }
    int total = 0;
    long offset = plaintextOffset;
    int seg = findSegment(offset);
    while (dst.hasRemaining() && offset < size) {
      if (seg != cachedSegment) {
        try {
          decryptInto(seg, seg == segments - 1 && !truncated);
        } catch (GeneralSecurityException e) {
          throw new IOException("segment " + seg + " failed authentication", e);
        }
      }
      int within = (int) (offset - plainStart[seg]);
      int n = Math.min(cachedLength - within, dst.remaining());
      dst.put(plaintext, within, n);
      total += n;
      offset += n;
      seg++;
    }
    return total;
  }

  /** Index of the last segment starting at or before {@code offset} that is non-empty there. */
  private int findSegment(long offset) {
    int i = Arrays.binarySearch(plainStart, 0, segments, offset);
    if (i < 0) {
      return -i - 2;
    }
    // several segments can start at the same offset only if some are empty; take the last of them
    while (i + 1 < segments && plainStart[i + 1] == offset) {
      i++;
    }
    return i;
  }

  private void decryptInto(int seg, boolean last) throws IOException, GeneralSecurityException {
    cachedSegment = -1;
    long pos = recordPos[seg];
    long end = seg + 1 < segments ? recordPos[seg + 1] : recordEndOfLast();
    int len = (int) (end - pos - StreamHeader.LENGTH_SIZE);
    readFully(in, pos + StreamHeader.LENGTH_SIZE, ByteBuffer.wrap(record, 0, len));
    cachedLength = cipher.decrypt(seg, last, record, 0, len, plaintext, 0);
    cachedSegment = seg;
  }

  private long recordEndOfLast() {
    long lastPlain = size - plainStart[segments - 1];
    return recordPos[segments - 1] + StreamHeader.LENGTH_SIZE + lastPlain + StreamHeader.TAG_SIZE;
  }

  static void readFully(SeekableByteChannel in, long pos, ByteBuffer dst) throws IOException {
    if (in instanceof FileChannel fc) {
      // positional read: one pread(2) instead of lseek(2) + read(2); the index walk does thousands
      long p = pos;
      while (dst.hasRemaining()) {
        int n = fc.read(dst, p);
        if (n < 0) {
          throw new EOFException("stream ended early");
        }
        p += n;
      }
      return;
    }
    in.position(pos);
    while (dst.hasRemaining()) {
      if (in.read(dst) < 0) {
        throw new EOFException("stream ended early");
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    cachedSegment = -1;
    Arrays.fill(plaintext, (byte) 0);
  }
}
