package com.callbasis.store.crypto;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/** A growable byte array as a seekable channel: for the self-test, which must not touch the disk. */
final class InMemoryChannel implements SeekableByteChannel {
  private byte[] data;
  private int size;
  private long position;
  private boolean open = true;

  InMemoryChannel() {
    this(new byte[0]);
  }

  InMemoryChannel(byte[] contents) {
    this.data = contents.clone();
    this.size = contents.length;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(data, size);
  }

  @Override
  public int read(ByteBuffer dst) throws ClosedChannelException {
    checkOpen();
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), size - position);
    dst.put(data, (int) position, n);
    position += n;
    return n;
  }

  @Override
  public int write(ByteBuffer src) throws ClosedChannelException {
    checkOpen();
    int n = src.remaining();
    long end = position + n;
    if (end > data.length) {
      data = Arrays.copyOf(data, (int) Math.max(end, data.length * 2L));
    }
    src.get(data, (int) position, n);
    position = end;
    size = (int) Math.max(size, end);
    return n;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) {
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    size = (int) Math.min(size, newSize);
    position = Math.min(position, size);
    return this;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }

  private void checkOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
