package com.callbasis.store.keys;

import com.callbasis.store.crypto.SecretBytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the keystore passphrase comes from: an environment variable or a file, never the YAML
 * configuration (which is checked into repositories and printed in support tickets).
 */
public final class KeyPassphrase {
  /** Conventional variable name. */
  public static final String DEFAULT_ENV = "CALLBASIS_KEYSTORE_PASSPHRASE";

  private static final Logger LOG = LoggerFactory.getLogger(KeyPassphrase.class);

  private KeyPassphrase() {}

  /** From {@code envVariable} if set, else from {@code file}. */
  public static SecretBytes fromEnvOrFile(String envVariable, Path file) throws IOException {
    return fromEnvOrFile(System.getenv(), envVariable, file);
  }

  /**
   * As {@link #fromEnvOrFile(String, Path)} with an explicit environment (for tests and launchers).
   * A file's single trailing newline is dropped, so {@code echo secret > file} works.
   *
   * @param file may be null when only the environment is to be consulted
   * @throws IOException when neither source provides a non-empty passphrase
   */
  public static SecretBytes fromEnvOrFile(Map<String, String> env, String envVariable, Path file)
      throws IOException {
    String fromEnv = envVariable == null ? null : env.get(envVariable);
    if (fromEnv != null) {
      if (fromEnv.isEmpty()) {
        throw new IOException("environment variable " + envVariable + " is set but empty");
      }
      return SecretBytes.copyOf(fromEnv.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    if (file == null || !Files.isRegularFile(file)) {
      throw new IOException("no keystore passphrase: set " + envVariable + " or create " + file);
    }
    warnIfReadableByOthers(file);
    byte[] b = Files.readAllBytes(file);
    try {
      int n = b.length;
      if (n > 0 && b[n - 1] == '\n') {
        n--;
        if (n > 0 && b[n - 1] == '\r') {
          n--;
        }
      }
      if (n == 0) {
        throw new IOException("keystore passphrase file is empty: " + file);
      }
      return SecretBytes.copyOf(Arrays.copyOf(b, n));
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /**
   * First run: writes a random passphrase (256 bits, base64url) to {@code file} with mode 0600
   * unless it exists. Returns true when it created the file.
   */
  public static boolean createFileIfAbsent(Path file) throws IOException {
    if (Files.exists(file)) {
      return false;
    }
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    try (SecretBytes raw = SecretBytes.random(32)) {
      byte[] r = raw.unsafeCopy();
      byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(r);
      Arrays.fill(r, (byte) 0);
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.write(file, encoded);
      Arrays.fill(encoded, (byte) 0);
    }
    return true;
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warn("keystore passphrase file {} is readable by group or others; chmod 600 it", file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // not a POSIX file system: nothing to check
    }
  }

  /** UTF-8 decoding for APIs that want char[] (keystores, PKCS#11 PINs); the caller wipes it. */
  static char[] toChars(SecretBytes secret) {
    byte[] b = secret.unsafeCopy();
    try {
      CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      char[] out = new char[cb.remaining()];
      cb.get(out);
      Arrays.fill(cb.array(), '\0');
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("passphrase is not valid UTF-8");
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }
}
