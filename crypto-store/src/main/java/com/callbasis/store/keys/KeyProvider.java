package com.callbasis.store.keys;

import com.callbasis.store.crypto.SecretBytes;
import java.security.GeneralSecurityException;

/**
 * Holds versioned key-encryption keys (KEKs), one per tenant or per data subject, and wraps
 * recordings' data keys with them. KEK material never leaves the provider. Implementations are
 * thread-safe.
 */
public interface KeyProvider extends AutoCloseable {
  /** Wraps with the KEK's current version, creating version 1 on first use. */
  WrappedKey wrap(String kekName, SecretBytes dataKey) throws GeneralSecurityException;

  /** Fails once the KEK (or that version of it) is destroyed, or when {@code key} was altered. */
  SecretBytes unwrap(WrappedKey key) throws GeneralSecurityException;

  /** Adds a new current version and returns its number; old versions still unwrap. */
  int rotate(String kekName) throws GeneralSecurityException;

  /** Re-encrypts the data key under the KEK's current version; the audio is untouched. */
  WrappedKey rewrap(WrappedKey key) throws GeneralSecurityException;

  /**
   * Crypto-shredding: deletes every version of the KEK, so every data key it wrapped, and with them
   * every copy of the audio (backups included), becomes unreadable. Idempotent. Using the name again
   * later creates an unrelated new KEK.
   */
  void destroy(String kekName) throws GeneralSecurityException;

  boolean exists(String kekName) throws GeneralSecurityException;

  /** Current version, 0 when the KEK does not exist. */
  int currentVersion(String kekName) throws GeneralSecurityException;

  /** Forgets cached key material; never throws. */
  @Override
  void close();
}
