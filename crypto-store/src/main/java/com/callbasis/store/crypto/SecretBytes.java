package com.callbasis.store.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Key material that never prints itself and is wiped on {@link #close()}.
 *
 * <p>Modelled on Tink's {@code SecretBytes}: the bytes leave this object only through
 * {@link #unsafeCopy()}, whose name reminds the caller to wipe the copy. Thread-safe.
 */
public final class SecretBytes implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] bytes;
  private boolean closed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Fresh random bytes from the platform CSPRNG. */
  public static SecretBytes random(int length) {
    if (length <= 0) {
      throw new IllegalArgumentException("length must be positive: " + length);
    }
    byte[] b = new byte[length];
    RANDOM.nextBytes(b);
    return new SecretBytes(b);
  }

  /** A copy of {@code bytes}; the caller still owns (and should wipe) its array. */
  public static SecretBytes copyOf(byte[] bytes) {
    return new SecretBytes(bytes.clone());
  }

  /** Takes ownership of {@code bytes} without copying (package use: avoids a second copy to wipe). */
  static SecretBytes adopt(byte[] bytes) {
    return new SecretBytes(bytes);
  }

  public int length() {
    return bytes.length;
  }

  /** A copy of the secret; the caller must wipe it ({@code Arrays.fill(copy, (byte) 0)}). */
  public synchronized byte[] unsafeCopy() {
    checkOpen();
    return bytes.clone();
  }

  /** Constant-time comparison. */
  public synchronized boolean equalsSecretBytes(SecretBytes other) {
    checkOpen();
    byte[] theirs = other.unsafeCopy();
    try {
      return MessageDigest.isEqual(bytes, theirs);
    } finally {
      Arrays.fill(theirs, (byte) 0);
    }
  }

  /** The live array, for this package's ciphers only; never escapes the package. */
  synchronized byte[] internalBytes() {
    checkOpen();
    return bytes;
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /** Wipes the secret; later use throws {@link IllegalStateException}. Idempotent. */
  @Override
  public synchronized void close() {
    Arrays.fill(bytes, (byte) 0);
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("SecretBytes already closed (wiped)");
    }
  }

  @Override
  public String toString() {
    return "SecretBytes[redacted]";
  }
}
