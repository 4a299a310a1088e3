package com.callbasis.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SelfTestTest {
  @Test
  void selfTestPasses() {
    assertThatCode(StreamingAead::selfTest).doesNotThrowAnyException();
  }

  /**
   * Recomputes the self-test vector from the format description in docs/crypto.md using only the
   * JDK (HMAC-based HKDF, AES-GCM), independently of the production classes.
   */
  @Test
  void streamVectorMatchesAnIndependentImplementationOfTheFormat() throws Exception {
    byte[] key = new byte[32];
    byte[] salt = new byte[32];
    byte[] prefix = new byte[7];
    for (int i = 0; i < 32; i++) {
      key[i] = (byte) i;
      salt[i] = (byte) (0x80 + i);
    }
    for (int i = 0; i < 7; i++) {
      prefix[i] = (byte) (0xf0 + i);
    }
    byte[] plain = new byte[40];
    for (int i = 0; i < 40; i++) {
      plain[i] = (byte) (i * 7);
    }
    byte[] ad = "callbasis self-test".getBytes(StandardCharsets.US_ASCII);
    byte[] header = ByteBuffer.allocate(48).put("CBSA".getBytes(StandardCharsets.US_ASCII)).put((byte) 1)
        .putInt(16).put(salt).put(prefix).array();
    // HKDF-SHA256 (RFC 5869), one output block
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(key);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update("callbasis/streaming-aead/v1\0".getBytes(StandardCharsets.US_ASCII));
    mac.update(ad);
    mac.update((byte) 1);
    byte[] streamKey = mac.doFinal();

    int[][] segments = {{0, 5}, {5, 16}, {21, 16}, {37, 3}};
    ByteBuffer out = ByteBuffer.allocate(200).put(header);
    for (int i = 0; i < segments.length; i++) {
      int len = segments[i][1];
      byte[] nonce = ByteBuffer.allocate(12).put(prefix).putInt(i).put((byte) (i == 3 ? 1 : 0)).array();
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(streamKey, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(header);
      c.updateAAD(ByteBuffer.allocate(4).putInt(len).array());
      out.putInt(len).put(c.doFinal(plain, segments[i][0], len));
    }
    byte[] expected = java.util.Arrays.copyOf(out.array(), out.position());
    assertThat(HexFormat.of().formatHex(SelfTest.streamVector())).isEqualTo(HexFormat.of().formatHex(expected));
  }
}
