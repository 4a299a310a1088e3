package com.callbasis.store.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over one segment. Uses the JDK provider explicitly: with AES-NI its GCM is several
 * times faster than Bouncy Castle's, and no other installed provider gets a say.
 */
final class SegmentCipher {
  /** Segments are 2^32 at most: the index field of the nonce is 32 bits. */
  static final long MAX_SEGMENTS = 1L << 32;

  private final StreamHeader header;
  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] nonce = new byte[StreamHeader.NONCE_SIZE];
  private final byte[] lengthAad = new byte[StreamHeader.LENGTH_SIZE];

  SegmentCipher(StreamHeader header, SecretKeySpec key) throws GeneralSecurityException {
    this.header = header;
    this.key = key;
    this.cipher = newGcm();
  }

  static Cipher newGcm() throws GeneralSecurityException {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
    } catch (java.security.NoSuchProviderException e) {
      return Cipher.getInstance("AES/GCM/NoPadding");
    }
  }

  /** Encrypts {@code len} bytes; writes ciphertext || tag at {@code out[outOff..]}. */
  int encrypt(long index, boolean last, byte[] in, int off, int len, byte[] out, int outOff)
      throws GeneralSecurityException {
    init(Cipher.ENCRYPT_MODE, index, last, len);
    return cipher.doFinal(in, off, len, out, outOff);
  }

  /** Decrypts ciphertext || tag; returns the plaintext length. Throws AEADBadTagException on tamper. */
  int decrypt(long index, boolean last, byte[] in, int off, int len, byte[] out, int outOff)
      throws GeneralSecurityException {
    if (len < StreamHeader.TAG_SIZE) {
      throw new javax.crypto.AEADBadTagException("segment shorter than its tag");
    }
    init(Cipher.DECRYPT_MODE, index, last, len - StreamHeader.TAG_SIZE);
    return cipher.doFinal(in, off, len, out, outOff);
  }

  private void init(int mode, long index, boolean last, int plaintextLength)
      throws GeneralSecurityException {
    if (index < 0 || index >= MAX_SEGMENTS) {
      throw new GeneralSecurityException("segment index out of range: " + index);
    }
    header.nonce(index, last, nonce);
    cipher.init(mode, key, new GCMParameterSpec(StreamHeader.TAG_SIZE * 8, nonce));
    // AD = header || plaintext length: binds every segment to this stream's parameters and its length field.
    cipher.updateAAD(header.encoded());
    lengthAad[0] = (byte) (plaintextLength >>> 24);
    lengthAad[1] = (byte) (plaintextLength >>> 16);
    lengthAad[2] = (byte) (plaintextLength >>> 8);
    lengthAad[3] = (byte) plaintextLength;
    cipher.updateAAD(lengthAad);
  }
}
