package com.callbasis.store.keys;

import com.callbasis.store.crypto.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The wrapped-key format shared by all providers: {@code 0x01 | nonce[12] | AES-256-GCM(KEK, data
 * key) | tag[16]}, with the KEK name and version as associated data so a wrapped key cannot be
 * passed off as belonging to another KEK or version.
 */
final class KekWrap {
  static final byte FORMAT = 1;
  private static final int NONCE = 12;
  private static final int TAG = 16;
  private static final byte[] LABEL = "callbasis/kek-wrap/v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private KekWrap() {}

  static WrappedKey wrap(Cipher gcm, Key kek, String kekName, int version, SecretBytes dataKey)
      throws GeneralSecurityException {
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    byte[] plain = dataKey.unsafeCopy();
    try {
      gcm.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG * 8, nonce));
      gcm.updateAAD(aad(kekName, version));
      byte[] ct = gcm.doFinal(plain);
      byte[] out = new byte[1 + NONCE + ct.length];
      out[0] = FORMAT;
      System.arraycopy(nonce, 0, out, 1, NONCE);
      System.arraycopy(ct, 0, out, 1 + NONCE, ct.length);
      return new WrappedKey(kekName, version, out);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  static SecretBytes unwrap(Cipher gcm, Key kek, WrappedKey key) throws GeneralSecurityException {
    byte[] w = key.wrapped();
    if (w.length < 1 + NONCE + TAG + 1 || w[0] != FORMAT) {
      throw new AEADBadTagException("malformed wrapped key");
    }
    gcm.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG * 8, w, 1, NONCE));
    gcm.updateAAD(aad(key.kekName(), key.kekVersion()));
    byte[] plain = gcm.doFinal(w, 1 + NONCE, w.length - 1 - NONCE);
    try {
      return SecretBytes.copyOf(plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static byte[] aad(String kekName, int version) {
    byte[] name = kekName.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(LABEL.length + name.length + 1 + 4)
        .put(LABEL).put(name).put((byte) 0).putInt(version).array();
  }
}
