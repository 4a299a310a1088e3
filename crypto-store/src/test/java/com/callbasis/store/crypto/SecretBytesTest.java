package com.callbasis.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretBytesTest {
  @Test
  void neverPrintsItself() {
    try (SecretBytes s = SecretBytes.copyOf(new byte[] {0x41, 0x42, 0x43})) {
      assertThat(s.toString()).isEqualTo("SecretBytes[redacted]").doesNotContain("ABC").doesNotContain("65");
      assertThat(String.valueOf(s)).isEqualTo("SecretBytes[redacted]");
    }
  }

  @Test
  void copyOfIsIndependentOfTheSourceArray() {
    byte[] src = {1, 2, 3};
    try (SecretBytes s = SecretBytes.copyOf(src)) {
      src[0] = 9;
      assertThat(s.unsafeCopy()).containsExactly(1, 2, 3);
      byte[] copy = s.unsafeCopy();
      copy[1] = 9;
      assertThat(s.unsafeCopy()).containsExactly(1, 2, 3);
      assertThat(s.length()).isEqualTo(3);
    }
  }

  @Test
  void closeWipesAndForbidsFurtherUse() {
    byte[] live;
    SecretBytes s = SecretBytes.random(32);
    live = s.internalBytes();
    s.close();
    assertThat(live).containsOnly(0);
    assertThat(s.isClosed()).isTrue();
    assertThatThrownBy(s::unsafeCopy).isInstanceOf(IllegalStateException.class);
    s.close(); // idempotent
  }

  @Test
  void randomIsRandomAndComparesInConstantTime() {
    try (SecretBytes a = SecretBytes.random(32); SecretBytes b = SecretBytes.random(32);
        SecretBytes a2 = SecretBytes.copyOf(a.unsafeCopy())) {
      assertThat(a.equalsSecretBytes(b)).isFalse();
      assertThat(a.equalsSecretBytes(a2)).isTrue();
      assertThat(a.unsafeCopy()).isNotEqualTo(new byte[32]);
    }
    assertThatThrownBy(() -> SecretBytes.random(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
