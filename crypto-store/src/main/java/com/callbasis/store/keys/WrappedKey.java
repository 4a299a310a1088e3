package com.callbasis.store.keys;

import java.util.Arrays;
import java.util.Objects;

/**
 * A recording's data key encrypted under version {@code kekVersion} of the key-encryption key
 * {@code kekName}. Safe to store next to the recording's metadata; the bytes are ciphertext, and
 * still not printed.
 */
public record WrappedKey(String kekName, int kekVersion, byte[] wrapped) {
  public WrappedKey {
    KekNames.check(kekName);
    if (kekVersion < 1) {
      throw new IllegalArgumentException("KEK version must be >= 1: " + kekVersion);
    }
    wrapped = wrapped.clone();
  }

  /** A copy: the record stays immutable. */
  @Override
  public byte[] wrapped() {
    return wrapped.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrappedKey w
        && kekVersion == w.kekVersion
        && kekName.equals(w.kekName)
        && Arrays.equals(wrapped, w.wrapped);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kekName, kekVersion, Arrays.hashCode(wrapped));
  }

  @Override
  public String toString() {
    return "WrappedKey[kekName=" + kekName + ", kekVersion=" + kekVersion + ", wrapped=<"
        + wrapped.length + " bytes>]";
  }
}
