package com.callbasis.store.objects;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Objects as files under a root directory. An object is written as {@code <key>.partial} and
 * published by an atomic rename to {@code <key>}; file and directory are fsynced so a committed
 * object survives power loss. Safe for concurrent use by several threads.
 */
public final class FileObjectStore implements ObjectStore {
  private final Path root;

  public FileObjectStore(Path root) throws IOException {
    PrivateDirectories.create(root);
    this.root = root.toRealPath();
  }

  public Path root() {
    return root;
  }

  @Override
  public ObjectSink create(String key) throws IOException {
    Path target = resolve(key);
    Path partial = partialOf(target);
    createParents(target.getParent());
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(key);
    }
    // CREATE_NEW makes two writers of one key fail instead of interleaving.
    FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      fsyncDirectory(target.getParent()); // the in-progress name itself must survive a crash
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new FileObjectSink(ch, partial, target);
  }

  @Override
  public SeekableByteChannel open(String key) throws IOException {
    Path target = resolve(key);
    // The rename on commit can race with us: try the final name, then in-progress, then final again.
    for (Path p : new Path[] {target, partialOf(target), target}) {
      try {
        return FileChannel.open(p, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        // next
      }
    }
    throw new NoSuchFileException(key);
  }

  @Override
  public boolean exists(String key) throws IOException {
    Path target = resolve(key);
    return Files.isRegularFile(target) || Files.isRegularFile(partialOf(target));
  }

  @Override
  public boolean isCommitted(String key) throws IOException {
    return Files.isRegularFile(resolve(key));
  }

  @Override
  public void delete(String key) throws IOException {
    Path target = resolve(key);
    boolean any = Files.deleteIfExists(target);
    any |= Files.deleteIfExists(partialOf(target));
    if (any) {
      fsyncDirectory(target.getParent());
    }
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    // Walk only below the deepest directory the prefix names completely.
    int slash = prefix.lastIndexOf('/');
    Path start = root;
    if (slash > 0) {
      String dir = prefix.substring(0, slash);
      ObjectKeys.check(dir);
      start = root.resolve(dir);
    }
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    TreeSet<String> keys = new TreeSet<>();
    try (Stream<Path> files = Files.walk(start)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(p)) {
          continue;
        }
        String key = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
        if (key.endsWith(ObjectKeys.IN_PROGRESS)) {
          key = key.substring(0, key.length() - ObjectKeys.IN_PROGRESS.length());
        }
        if (key.startsWith(prefix) && isKey(key)) {
          keys.add(key);
        }
      }
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause(); // the walk met a concurrent change it could not follow
    }
    return new ArrayList<>(keys);
  }

  private static boolean isKey(String key) {
    try {
      ObjectKeys.check(key);
      return true;
    } catch (IllegalArgumentException e) {
      return false; // a stray file that no key can name (e.g. an editor's temp file)
    }
  }

  private Path resolve(String key) {
    return root.resolve(ObjectKeys.check(key));
  }

  private static Path partialOf(Path target) {
    return target.resolveSibling(target.getFileName() + ObjectKeys.IN_PROGRESS);
  }

  /** Creates missing directories, fsyncing each new one's parent so the entry itself is durable. */
  private void createParents(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    createParents(dir.getParent());
    PrivateDirectories.create(dir); // mode 0700; a concurrent creation is fine
    fsyncDirectory(dir.getParent());
  }

  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  @Override
  public String toString() {
    return "FileObjectStore[" + root + "]";
  }
}
