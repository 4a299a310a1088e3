package com.callbasis.store.objects;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** In-progress file of a {@link FileObjectStore}; published by rename on commit. */
final class FileObjectSink implements ObjectSink {
  private final FileChannel ch;
  private final Path partial;
  private final Path target;
  private boolean committed;

  FileObjectSink(FileChannel ch, Path partial, Path target) {
    this.ch = ch;
    this.partial = partial;
    this.target = target;
  }

  @Override
  public synchronized int write(ByteBuffer src) throws IOException {
    if (committed) {
      throw new ClosedChannelException();
    }
    return ch.write(src);
  }

  @Override
  public synchronized void sync() throws IOException {
    ch.force(false); // data and size; other metadata (mtime) need not be durable
  }

  @Override
  public synchronized void commit() throws IOException {
    if (committed) {
      return;
    }
    if (!ch.isOpen()) {
      throw new ClosedChannelException();
    }
    ch.force(true);
    ch.close();
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.getFileName().toString());
    }
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    FileObjectStore.fsyncDirectory(target.getParent());
    committed = true;
  }

  @Override
  public synchronized boolean isOpen() {
    return ch.isOpen();
  }

  /** Closes without committing: the object stays in progress (readable, truncated) until deleted. */
  @Override
  public synchronized void close() throws IOException {
    ch.close();
  }
}
