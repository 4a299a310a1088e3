package com.callbasis.store.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.store.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.UnrecoverableKeyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BcfksKeyProviderTest extends KeyProviderContract {
  @TempDir Path dir;
  private Path file;
  private BcfksKeyProvider provider;

  @Override
  KeyProvider provider() {
    return provider;
  }

  private static SecretBytes pass(String s) {
    return SecretBytes.copyOf(s.getBytes(StandardCharsets.UTF_8));
  }

  @BeforeEach
  void open() throws Exception {
    file = dir.resolve("keys/keystore.bcfks");
    try (SecretBytes p = pass("correct horse battery staple")) {
      provider = BcfksKeyProvider.open(file, p);
    }
  }

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void keystoreIsCreatedOnFirstRunOwnerOnly() throws Exception {
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    byte[] head = Files.readAllBytes(file);
    assertThat(head.length).isPositive();
  }

  @Test
  void reopenWithThePassphraseFindsTheKeys() throws Exception {
    WrappedKey w;
    byte[] expected;
    try (SecretBytes dk = SecretBytes.random(32)) {
      w = provider.wrap("tenant-a", dk);
      provider.rotate("tenant-a");
      expected = dk.unsafeCopy();
    }
    provider.close();
    try (SecretBytes p = pass("correct horse battery staple");
        BcfksKeyProvider reopened = BcfksKeyProvider.open(file, p);
        SecretBytes back = reopened.unwrap(w)) {
      assertThat(back.unsafeCopy()).isEqualTo(expected);
      assertThat(reopened.currentVersion("tenant-a")).isEqualTo(2);
    }
    provider = BcfksKeyProvider.open(file, "correct horse battery staple".toCharArray());
  }

  @Test
  void wrongPassphraseIsRefusedCleanly() {
    try (SecretBytes wrong = pass("incorrect horse")) {
      assertThatThrownBy(() -> BcfksKeyProvider.open(file, wrong))
          .isInstanceOf(UnrecoverableKeyException.class)
          .hasMessageContaining("wrong passphrase")
          .hasMessageNotContaining("incorrect horse");
    }
    assertThat(file).exists();
  }

  @Test
  void alteredKeystoreFileIsRefused() throws Exception {
    try (SecretBytes dk = SecretBytes.random(32)) {
      provider.wrap("tenant-a", dk);
    }
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 1;
    Files.write(file, b);
    try (SecretBytes p = pass("correct horse battery staple")) {
      assertThatThrownBy(() -> BcfksKeyProvider.open(file, p)).isInstanceOf(java.security.GeneralSecurityException.class);
    }
  }

  @Test
  void destroyedKeyIsGoneFromTheFileAfterReopen() throws Exception {
    WrappedKey w;
    try (SecretBytes dk = SecretBytes.random(32)) {
      w = provider.wrap("subject-1", dk);
    }
    provider.destroy("subject-1");
    provider.close();
    provider = BcfksKeyProvider.open(file, "correct horse battery staple".toCharArray());
    assertThat(provider.exists("subject-1")).isFalse();
    assertThatThrownBy(() -> provider.unwrap(w)).isInstanceOf(java.security.GeneralSecurityException.class);
  }

  @Test
  void secondInstanceSeesRotationsAndDestructionsOfTheFirst() throws Exception {
    try (SecretBytes dk = SecretBytes.random(32);
        BcfksKeyProvider other = BcfksKeyProvider.open(file, "correct horse battery staple".toCharArray())) {
      WrappedKey w = provider.wrap("tenant-b", dk);
      assertThat(other.rotate("tenant-b")).isEqualTo(2);
      WrappedKey w2 = provider.wrap("tenant-b", dk);
      assertThat(w2.kekVersion()).isEqualTo(2);
      other.destroy("tenant-b");
      assertThatThrownBy(() -> provider.unwrap(w)).isInstanceOf(java.security.GeneralSecurityException.class);
    }
  }

  @Test
  void closedProviderForgetsKeys() throws Exception {
    provider.close();
    try (SecretBytes dk = SecretBytes.random(32)) {
      assertThatThrownBy(() -> provider.wrap("t", dk)).isInstanceOf(IllegalStateException.class);
    }
    provider = BcfksKeyProvider.open(file, "correct horse battery staple".toCharArray());
  }

  @Test
  void vanishedKeystoreIsAnErrorNotASilentFreshStart() throws Exception {
    try (SecretBytes dk = SecretBytes.random(32)) {
      provider.wrap("tenant-a", dk);
      Files.delete(file);
      assertThatThrownBy(() -> provider.wrap("tenant-a", dk)).isInstanceOf(java.security.GeneralSecurityException.class)
          .hasMessageContaining("disappeared");
      assertThatThrownBy(() -> provider.wrap("tenant-new", dk)).isInstanceOf(java.security.GeneralSecurityException.class);
      assertThat(file).doesNotExist();
    }
  }

  @Test
  void toStringShowsNoSecrets() {
    assertThat(provider.toString()).doesNotContain("horse");
  }
}
