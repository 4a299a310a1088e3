package com.callbasis.store.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileObjectStoreTest {
  @TempDir Path dir;

  private static void write(ObjectSink sink, String s) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) {
      sink.write(b);
    }
  }

  private static String readAll(SeekableByteChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) ch.size());
    while (b.hasRemaining() && ch.read(b) >= 0) {
      // fill
    }
    return new String(b.array(), StandardCharsets.UTF_8);
  }

  @Test
  void objectIsInProgressUntilCommittedThenPublishedUnderItsKey() throws IOException {
    FileObjectStore store = new FileObjectStore(dir.resolve("objects"));
    ObjectSink sink = store.create("t1/ab/cd/rec-1");
    write(sink, "hello ");
    sink.sync();
    assertThat(store.exists("t1/ab/cd/rec-1")).isTrue();
    assertThat(store.isCommitted("t1/ab/cd/rec-1")).isFalse();
    assertThat(Files.exists(dir.resolve("objects/t1/ab/cd/rec-1"))).isFalse();
    try (SeekableByteChannel ch = store.open("t1/ab/cd/rec-1")) {
      assertThat(readAll(ch)).isEqualTo("hello ");
    }
    write(sink, "world");
    sink.commit();
    sink.commit(); // idempotent
    assertThat(sink.isOpen()).isFalse();
    assertThat(store.isCommitted("t1/ab/cd/rec-1")).isTrue();
    assertThat(Files.exists(dir.resolve("objects/t1/ab/cd/rec-1.partial"))).isFalse();
    try (SeekableByteChannel ch = store.open("t1/ab/cd/rec-1")) {
      assertThat(readAll(ch)).isEqualTo("hello world");
      ch.position(6);
      ByteBuffer b = ByteBuffer.allocate(5);
      ch.read(b);
      assertThat(new String(b.array(), StandardCharsets.UTF_8)).isEqualTo("world");
    }
    assertThatThrownBy(() -> write(sink, "more")).isInstanceOf(IOException.class);
  }

  @Test
  void closingWithoutCommitLeavesAnInProgressObjectThatCanBeDeleted() throws IOException {
    FileObjectStore store = new FileObjectStore(dir);
    try (ObjectSink sink = store.create("t/x")) {
      write(sink, "partial");
    }
    assertThat(store.exists("t/x")).isTrue();
    assertThat(store.isCommitted("t/x")).isFalse();
    assertThat(store.list("")).containsExactly("t/x");
    try (SeekableByteChannel ch = store.open("t/x")) {
      assertThat(readAll(ch)).isEqualTo("partial");
    }
    store.delete("t/x");
    store.delete("t/x"); // idempotent
    assertThat(store.exists("t/x")).isFalse();
    assertThatThrownBy(() -> store.open("t/x")).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void keysAreWriteOnce() throws IOException {
    FileObjectStore store = new FileObjectStore(dir);
    ObjectSink first = store.create("t/k");
    assertThatThrownBy(() -> store.create("t/k")).isInstanceOf(FileAlreadyExistsException.class);
    first.commit();
    assertThatThrownBy(() -> store.create("t/k")).isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void listFiltersByPrefixSortedWithoutDuplicates() throws IOException {
    FileObjectStore store = new FileObjectStore(dir);
    for (String k : new String[] {"t2/ab/r3", "t1/ab/r2", "t1/ab/r1", "t1/cd/r4", "t10/ab/r5"}) {
      store.create(k).commit();
    }
    store.create("t1/ab/r0").close(); // in progress
    assertThat(store.list("t1/")).containsExactly("t1/ab/r0", "t1/ab/r1", "t1/ab/r2", "t1/cd/r4");
    assertThat(store.list("t1")).contains("t10/ab/r5").hasSize(5);
    assertThat(store.list("t1/ab/r")).containsExactly("t1/ab/r0", "t1/ab/r1", "t1/ab/r2");
    assertThat(store.list("nope/")).isEmpty();
    assertThat(store.list("")).hasSize(6);
  }

  @Test
  void keysThatCouldEscapeTheRootAreRefused() throws IOException {
    FileObjectStore store = new FileObjectStore(dir.resolve("root"));
    for (String bad : new String[] {"", "../x", "a/../../x", "/abs", "a//b", "a/", ".hidden", "a/.b",
        "a\\b", "x.partial", "a b", "t/\u00e9"}) {
      assertThatThrownBy(() -> store.create(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.open(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(Files.list(dir).toList()).containsExactly(dir.resolve("root"));
  }
}
