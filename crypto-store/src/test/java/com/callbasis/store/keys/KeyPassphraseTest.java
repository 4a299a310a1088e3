package com.callbasis.store.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.store.crypto.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPassphraseTest {
  @TempDir Path dir;

  private static String text(SecretBytes s) {
    return new String(s.unsafeCopy(), StandardCharsets.UTF_8);
  }

  @Test
  void environmentWinsOverFile() throws IOException {
    Path f = dir.resolve("pass");
    Files.writeString(f, "from-file\n");
    try (SecretBytes s = KeyPassphrase.fromEnvOrFile(Map.of("KS", "from-env"), "KS", f)) {
      assertThat(text(s)).isEqualTo("from-env");
    }
    try (SecretBytes s = KeyPassphrase.fromEnvOrFile(Map.of(), "KS", f)) {
      assertThat(text(s)).isEqualTo("from-file"); // trailing newline dropped
    }
  }

  @Test
  void missingOrEmptySourcesAreErrors() throws IOException {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> KeyPassphrase.fromEnvOrFile(Map.of(), "KS", missing))
        .isInstanceOf(IOException.class).hasMessageContaining("KS");
    assertThatThrownBy(() -> KeyPassphrase.fromEnvOrFile(Map.of("KS", ""), "KS", missing))
        .isInstanceOf(IOException.class);
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "\n");
    assertThatThrownBy(() -> KeyPassphrase.fromEnvOrFile(Map.of(), "KS", empty))
        .isInstanceOf(IOException.class);
  }

  @Test
  void createFileIfAbsentWritesARandomOwnerOnlyPassphraseOnce() throws IOException {
    Path f = dir.resolve("secrets/keystore.pass");
    assertThat(KeyPassphrase.createFileIfAbsent(f)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    String first = Files.readString(f);
    assertThat(first).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(KeyPassphrase.createFileIfAbsent(f)).isFalse();
    assertThat(Files.readString(f)).isEqualTo(first);
    try (SecretBytes s = KeyPassphrase.fromEnvOrFile(Map.of(), "KS", f)) {
      assertThat(text(s)).isEqualTo(first);
    }
  }
}
