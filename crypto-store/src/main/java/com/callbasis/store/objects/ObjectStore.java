package com.callbasis.store.objects;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * Opaque, write-once objects addressed by keys such as {@code "tenant/ab/cd/<id>"}: segments of
 * {@code [A-Za-z0-9._-]} (not starting with '.') separated by '/'. Kept to what an S3-compatible
 * store can also do (create, ranged reads, delete, list by prefix); holds only ciphertext.
 */
public interface ObjectStore {
  /**
   * Starts a new object; it becomes visible to {@link #open} as in-progress at once, and is
   * committed by {@link ObjectSink#commit()}.
   *
   * @throws java.nio.file.FileAlreadyExistsException when the key is taken (committed or in progress)
   */
  ObjectSink create(String key) throws IOException;

  /**
   * Opens a committed or in-progress object for reading (a snapshot of its size at open time).
   *
   * @throws java.nio.file.NoSuchFileException when there is no such object
   */
  SeekableByteChannel open(String key) throws IOException;

  /** Whether a committed or in-progress object has this key. */
  boolean exists(String key) throws IOException;

  /** Whether the object was committed (false for in-progress or absent objects). */
  boolean isCommitted(String key) throws IOException;

  /** Deletes the object, committed or in progress. Idempotent: deleting a missing key is no error. */
  void delete(String key) throws IOException;

  /** Keys (committed and in-progress) starting with {@code prefix}, sorted. */
  List<String> list(String prefix) throws IOException;
}
