package com.callbasis.store.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.store.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.UnrecoverableKeyException;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The key-provider contract against a real SoftHSM2 token through SunPKCS11. */
@ExtendWith(SoftHsmExtension.class)
class Pkcs11KeyProviderTest extends KeyProviderContract {
  private SoftHsmExtension.Token token;
  private Pkcs11KeyProvider provider;

  @Override
  KeyProvider provider() {
    return provider;
  }

  private static SecretBytes pin(String s) {
    return SecretBytes.copyOf(s.getBytes(StandardCharsets.UTF_8));
  }

  @BeforeEach
  void open(SoftHsmExtension.Token token) throws Exception {
    this.token = token;
    try (SecretBytes pin = pin(token.pin())) {
      provider = Pkcs11KeyProvider.open(token.library(), token.slot(), pin);
    }
  }

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void wrongPinIsRefusedCleanly() throws Exception {
    // PKCS#11 login is per process: log the token out so the next login really checks the PIN
    java.security.AuthProvider raw = (java.security.AuthProvider) Security.getProvider("SunPKCS11").configure(
        "--name=cblogout\nlibrary=" + token.library() + "\nslot=" + token.slot() + "\n");
    raw.logout();
    try (SecretBytes wrong = pin("not-the-pin")) {
      assertThatThrownBy(() -> Pkcs11KeyProvider.open(token.library(), token.slot(), wrong))
          .isInstanceOf(UnrecoverableKeyException.class)
          .hasMessageNotContaining("not-the-pin");
    }
  }

  @Test
  void keksAreTokenObjectsSeenByAnotherSessionAndNeverExtractable() throws Exception {
    String kek = fresh("tenant");
    WrappedKey w;
    byte[] expected;
    try (SecretBytes dk = SecretBytes.random(32)) {
      w = provider.wrap(kek, dk);
      expected = dk.unsafeCopy();
    }
    try (SecretBytes pin = pin(token.pin());
        Pkcs11KeyProvider second = Pkcs11KeyProvider.open(token.library(), token.slot(), pin);
        SecretBytes back = second.unwrap(w)) {
      assertThat(back.unsafeCopy()).isEqualTo(expected);
    }
    // look at the token object directly: sensitive, its value never leaves the token
    Provider raw = Security.getProvider("SunPKCS11").configure(
        "--name=cbcheck\nlibrary=" + token.library() + "\nslot=" + token.slot() + "\n");
    KeyStore ks = KeyStore.getInstance("PKCS11", raw);
    ks.load(null, token.pin().toCharArray());
    String alias = "kek." + HexFormat.of().formatHex(kek.getBytes(StandardCharsets.UTF_8)) + ".v1";
    assertThat(ks.containsAlias(alias)).isTrue();
    Key k = ks.getKey(alias, null);
    assertThat(k.getEncoded()).isNull();
    assertThat(k.toString()).contains("sensitive").contains("unextractable");
  }

  @Test
  void destructionIsVisibleToAnotherSession() throws Exception {
    String kek = fresh("subject");
    try (SecretBytes dk = SecretBytes.random(32);
        SecretBytes pin = pin(token.pin());
        Pkcs11KeyProvider second = Pkcs11KeyProvider.open(token.library(), token.slot(), pin)) {
      WrappedKey w = provider.wrap(kek, dk);
      second.unwrap(w).close(); // cached handle in the second session
      provider.destroy(kek);
      assertThatThrownBy(() -> second.unwrap(w)).isInstanceOf(java.security.GeneralSecurityException.class);
      assertThat(second.exists(kek)).isFalse();
    }
  }
}
