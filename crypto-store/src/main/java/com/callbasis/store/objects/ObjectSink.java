package com.callbasis.store.objects;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * An object being written, append-only. Closing without {@link #commit()} leaves it in progress:
 * still readable (a recording whose writer died is read back as truncated) until deleted.
 */
public interface ObjectSink extends WritableByteChannel {
  /** Makes everything written so far durable (fsync); call after each sealed chunk. */
  void sync() throws IOException;

  /**
   * Finishes the object: fsync, then atomically publish it under its key and fsync the directory.
   * Closes the sink. After a crash the object is either in progress or committed, never partial
   * under its final name.
   */
  void commit() throws IOException;
}
