package com.callbasis.store.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.store.crypto.SecretBytes;
import java.security.GeneralSecurityException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link KeyProvider} must have; subclasses supply the provider. */
abstract class KeyProviderContract {
  abstract KeyProvider provider();

  /** A KEK name unused so far in this provider (tokens and keystores outlive one test). */
  static String fresh(String base) {
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void wrapCreatesTheKekOnFirstUseAndUnwrapGivesTheDataKeyBack() throws Exception {
    String kek = fresh("tenant");
    assertThat(provider().exists(kek)).isFalse();
    try (SecretBytes dk = SecretBytes.random(32)) {
      WrappedKey w = provider().wrap(kek, dk);
      assertThat(provider().exists(kek)).isTrue();
      assertThat(w.kekName()).isEqualTo(kek);
      assertThat(w.kekVersion()).isEqualTo(1);
      assertThat(w.wrapped()).hasSize(1 + 12 + 32 + 16);
      assertThat(java.util.HexFormat.of().formatHex(w.wrapped()))
          .doesNotContain(java.util.HexFormat.of().formatHex(dk.unsafeCopy()));
      assertThat(w.toString()).doesNotContain(java.util.HexFormat.of().formatHex(w.wrapped()));
      try (SecretBytes back = provider().unwrap(w)) {
        assertThat(back.equalsSecretBytes(dk)).isTrue();
      }
    }
  }

  @Test
  void tamperedWrappedKeyIsRefused() throws Exception {
    String kek = fresh("tenant");
    try (SecretBytes dk = SecretBytes.random(32)) {
      WrappedKey w = provider().wrap(kek, dk);
      byte[] bytes = w.wrapped();
      for (int i = 0; i < bytes.length; i++) {
        byte[] t = bytes.clone();
        t[i] ^= 0x10;
        WrappedKey bad = new WrappedKey(kek, 1, t);
        assertThatThrownBy(() -> provider().unwrap(bad)).as("byte %d", i)
            .isInstanceOf(GeneralSecurityException.class);
      }
      // the wrapped key is bound to its KEK name and version
      provider().rotate(kek);
      assertThatThrownBy(() -> provider().unwrap(new WrappedKey(kek, 2, bytes)))
          .isInstanceOf(GeneralSecurityException.class);
      String other = fresh("other");
      provider().wrap(other, dk);
      assertThatThrownBy(() -> provider().unwrap(new WrappedKey(other, 1, bytes)))
          .isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void rotationWrapsNewKeysWithTheNewVersionAndOldVersionsStillUnwrap() throws Exception {
    String kek = fresh("tenant");
    try (SecretBytes dk = SecretBytes.random(32)) {
      WrappedKey v1 = provider().wrap(kek, dk);
      assertThat(provider().rotate(kek)).isEqualTo(2);
      assertThat(provider().currentVersion(kek)).isEqualTo(2);
      WrappedKey v2 = provider().wrap(kek, dk);
      assertThat(v2.kekVersion()).isEqualTo(2);
      try (SecretBytes a = provider().unwrap(v1); SecretBytes b = provider().unwrap(v2)) {
        assertThat(a.equalsSecretBytes(dk)).isTrue();
        assertThat(b.equalsSecretBytes(dk)).isTrue();
      }
      WrappedKey rewrapped = provider().rewrap(v1);
      assertThat(rewrapped.kekVersion()).isEqualTo(2);
      assertThat(rewrapped).isNotEqualTo(v1);
      try (SecretBytes c = provider().unwrap(rewrapped)) {
        assertThat(c.equalsSecretBytes(dk)).isTrue();
      }
    }
  }

  @Test
  void destroyMakesEveryVersionUnwrappable() throws Exception {
    String kek = fresh("subject");
    String bystander = fresh("tenant");
    try (SecretBytes dk = SecretBytes.random(32)) {
      WrappedKey v1 = provider().wrap(kek, dk);
      provider().rotate(kek);
      WrappedKey v2 = provider().wrap(kek, dk);
      WrappedKey kept = provider().wrap(bystander, dk);
      provider().destroy(kek);
      provider().destroy(kek); // idempotent
      assertThat(provider().exists(kek)).isFalse();
      assertThatThrownBy(() -> provider().unwrap(v1)).isInstanceOf(GeneralSecurityException.class);
      assertThatThrownBy(() -> provider().unwrap(v2)).isInstanceOf(GeneralSecurityException.class);
      assertThatThrownBy(() -> provider().rewrap(v1)).isInstanceOf(GeneralSecurityException.class);
      try (SecretBytes still = provider().unwrap(kept)) {
        assertThat(still.equalsSecretBytes(dk)).isTrue();
      }
      // the name can be used again, for an unrelated KEK that cannot open the old keys
      WrappedKey fresh = provider().wrap(kek, dk);
      assertThat(provider().exists(kek)).isTrue();
      try (SecretBytes again = provider().unwrap(fresh)) {
        assertThat(again.equalsSecretBytes(dk)).isTrue();
      }
      assertThatThrownBy(() -> provider().unwrap(v1)).isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void invalidKekNamesAreRefused() {
    try (SecretBytes dk = SecretBytes.random(32)) {
      assertThatThrownBy(() -> provider().wrap("", dk)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> provider().wrap("a b", dk)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
