package com.callbasis.store.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** Known-answer tests behind {@link StreamingAead#selfTest()}. Runs in memory only. */
final class SelfTest {
  private static final HexFormat HEX = HexFormat.of();

  private SelfTest() {}

  static void run() throws GeneralSecurityException {
    aesGcm();
    hkdf();
    stream();
  }

  /** McGrew and Viega, GCM specification, test case 14 (AES-256, 96-bit IV). */
  private static void aesGcm() throws GeneralSecurityException {
    Cipher c = SegmentCipher.newGcm();
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[32], "AES"),
        new GCMParameterSpec(128, new byte[12]));
    byte[] out = c.doFinal(new byte[16]);
    expect("AES-256-GCM", "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919", out);
  }

  /** RFC 5869 appendix A.1. */
  private static void hkdf() throws GeneralSecurityException {
    byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
    byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
    byte[] okm = new byte[42];
    HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
    g.init(new HKDFParameters(ikm, salt, info));
    g.generateBytes(okm, 0, okm.length);
    expect("HKDF-SHA256", "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", okm);
  }

  /** Fixed key, salt, prefix and plaintext across three segments (one short, sealed as a chunk). */
  static final String STREAM_SHA256 =
      "b8e28ec5d26f040900c26fa2423a1218765058ad154e8abc0c4cf2b3e6b08041";

  static byte[] streamVector() throws GeneralSecurityException {
    byte[] key = new byte[32];
    byte[] salt = new byte[StreamHeader.SALT_SIZE];
    byte[] prefix = new byte[StreamHeader.NONCE_PREFIX_SIZE];
    for (int i = 0; i < 32; i++) {
      key[i] = (byte) i;
      salt[i] = (byte) (0x80 + i);
    }
    for (int i = 0; i < prefix.length; i++) {
      prefix[i] = (byte) (0xf0 + i);
    }
    byte[] plaintext = new byte[40];
    for (int i = 0; i < plaintext.length; i++) {
      plaintext[i] = (byte) (i * 7);
    }
    byte[] ad = "callbasis self-test".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    InMemoryChannel ch = new InMemoryChannel();
    try (SecretBytes dataKey = SecretBytes.adopt(key)) {
      try (SegmentWriter w = StreamingAead.insecureNewWriterWithFixedSalt(16, salt, prefix, dataKey, ad, ch)) {
        w.write(plaintext, 0, 5);
        w.sealChunk();
        w.write(plaintext, 5, 35);
      }
      byte[] ciphertext = ch.toByteArray();
      try (SeekableReader r = new StreamingAead(16).newReader(dataKey, ad, new InMemoryChannel(ciphertext))) {
        ByteBuffer back = ByteBuffer.allocate(plaintext.length);
        while (back.hasRemaining() && r.read(back.position(), back) > 0) {
          // fill
        }
        if (r.truncated() || !java.util.Arrays.equals(back.array(), plaintext)) {
          throw new GeneralSecurityException("self-test failed: stream round trip");
        }
      }
      return ciphertext;
    } catch (IOException e) {
      throw new GeneralSecurityException("self-test failed: stream", e);
    }
  }

  private static void stream() throws GeneralSecurityException {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(streamVector());
    expect("stream format", STREAM_SHA256, digest);
  }

  private static void expect(String what, String expectedHex, byte[] actual)
      throws GeneralSecurityException {
    if (!HEX.formatHex(actual).equals(expectedHex)) {
      throw new GeneralSecurityException("self-test failed: " + what + " known answer differs");
    }
  }
}
