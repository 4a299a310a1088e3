package com.callbasis.store.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.UnrecoverableKeyException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A keystore file shared by threads and processes: changes happen under an exclusive lock (a JVM
 * monitor plus a lock file), are written to a temporary file, fsynced and renamed into place.
 */
final class KeystoreFile {
  /** FileLock is per process; threads of one JVM must also exclude each other. */
  private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

  interface Action<T> {
    T run() throws IOException, GeneralSecurityException;
  }

  private final Path file;
  private final Path lockFile;
  private final Object jvmLock;
  private final Provider provider;
  private final String type;
  private Object loadedVersion;
  private boolean existed;

  KeystoreFile(Path file, Provider provider, String type) {
    this.file = file;
    this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    this.jvmLock = JVM_LOCKS.computeIfAbsent(file, f -> new Object());
    this.provider = provider;
    this.type = type;
  }

  Path path() {
    return file;
  }

  Object monitor() {
    return jvmLock;
  }

  <T> T locked(Action<T> action) throws IOException, GeneralSecurityException {
    synchronized (jvmLock) {
      Files.createDirectories(file.getParent());
      try (FileChannel lc = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = lc.lock()) {
        return action.run();
      }
    }
  }

  /** True when the file is missing or was replaced since this instance last read or wrote it. */
  boolean changed() throws IOException {
    return !Files.exists(file) || !Objects.equals(version(), loadedVersion);
  }

  /** The store to start from: the file's contents, or an empty store on the very first run. */
  KeyStore load(char[] passphrase) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance(type, provider);
    if (!Files.exists(file)) {
      if (existed) {
        // starting afresh would silently orphan every key wrapped so far
        throw new GeneralSecurityException("keystore " + file + " has disappeared");
      }
      ks.load(null, null);
      return ks;
    }
    Object v = version();
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, passphrase);
    } catch (IOException e) {
      // BC reports a failed MAC as an IOException: a wrong passphrase or an altered file.
      UnrecoverableKeyException u = new UnrecoverableKeyException(
          "cannot open keystore " + file.getFileName() + ": wrong passphrase or corrupted file");
      u.initCause(e);
      throw u;
    }
    loadedVersion = v;
    existed = true;
    return ks;
  }

  boolean exists() {
    return Files.exists(file);
  }

  /** Atomically replaces the file (mode 0600) with {@code ks}; durable when this returns. */
  void write(KeyStore ks, char[] passphrase) throws IOException, GeneralSecurityException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
        OutputStream out = Channels.newOutputStream(ch)) {
      ks.store(out, passphrase);
      out.flush();
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
    loadedVersion = version();
    existed = true;
  }

  /** Forces the next {@link #changed()} to report true. */
  void forget() {
    loadedVersion = null;
  }

  /** Identity of the file's current version: rename-on-write gives every version a new inode. */
  private Object version() throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return a.fileKey() != null ? List.of(a.fileKey(), a.lastModifiedTime(), a.size())
        : List.of(a.lastModifiedTime(), a.size());
  }
}
