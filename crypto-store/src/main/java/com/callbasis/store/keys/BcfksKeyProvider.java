package com.callbasis.store.keys;

import com.callbasis.store.crypto.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * KEKs in a Bouncy Castle BCFKS keystore file (FIPS-format, PBKDF2-protected and MACed), the
 * embedded default. Each KEK version is an AES-256 entry; unwrapped KEKs are cached in memory.
 *
 * <p>Every change is written to a temporary file, fsynced and renamed over the keystore under an
 * exclusive file lock, after reloading changes made by other processes (e.g. {@code gateway keys
 * rotate} while the gateway runs). Destroyed entries are gone from the current file only: see
 * docs/crypto.md on keystore backups.
 */
public final class BcfksKeyProvider implements KeyProvider {
  /** A private instance: the JVM-wide provider list is left alone. */
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final String ALIAS_PREFIX = "kek.";

  private final KeystoreFile keystore;
  private final char[] passphrase;
  private final Object jvmLock;
  private KeyStore store;
  /** name -> sorted versions, rebuilt on every (re)load. */
  private Map<String, List<Integer>> versions = new HashMap<>();
  private final Map<String, SecretBytes> kekCache = new HashMap<>();
  private final Cipher gcm;
  private boolean closed;

  private BcfksKeyProvider(Path file, char[] passphrase) throws GeneralSecurityException {
    this.keystore = new KeystoreFile(file, BC, "BCFKS");
    this.passphrase = passphrase;
    this.jvmLock = keystore.monitor();
    this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
  }

  /**
   * Opens the keystore, creating it (mode 0600) on first run.
   *
   * @throws java.security.UnrecoverableKeyException when the passphrase is wrong or the file was
   *     altered (the two cannot be told apart: the keystore MAC covers both)
   */
  public static BcfksKeyProvider open(Path keystoreFile, SecretBytes passphrase)
      throws IOException, GeneralSecurityException {
    char[] chars = KeyPassphrase.toChars(passphrase);
    try {
      return open(keystoreFile, chars);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /** As {@link #open(Path, SecretBytes)}; copies {@code passphrase}, the caller wipes its array. */
  public static BcfksKeyProvider open(Path keystoreFile, char[] passphrase)
      throws IOException, GeneralSecurityException {
    if (passphrase.length == 0) {
      throw new IllegalArgumentException("empty keystore passphrase");
    }
    Path file = keystoreFile.toAbsolutePath().normalize();
    BcfksKeyProvider p = new BcfksKeyProvider(file, passphrase.clone());
    try {
      p.mutateOrLoad(false, () -> null);
      return p;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  @Override
  public WrappedKey wrap(String kekName, SecretBytes dataKey) throws GeneralSecurityException {
    KekNames.check(kekName);
    synchronized (jvmLock) {
      checkOpen();
      reloadIfChanged(); // never wrap under a KEK another process has destroyed
      int v = current(kekName);
      if (v == 0) {
        v = mutate(() -> current(kekName) == 0 ? addVersion(kekName) : current(kekName));
      }
      return KekWrap.wrap(gcm, aesKey(kekName, v), kekName, v, dataKey);
    }
  }

  @Override
  public SecretBytes unwrap(WrappedKey key) throws GeneralSecurityException {
    synchronized (jvmLock) {
      checkOpen();
      reloadIfChanged(); // another process may have rotated or destroyed (a stat; reloads rarely)
      if (!has(key.kekName(), key.kekVersion())) {
        throw new GeneralSecurityException(
            "KEK " + key.kekName() + " version " + key.kekVersion() + " does not exist (destroyed?)");
      }
      return KekWrap.unwrap(gcm, aesKey(key.kekName(), key.kekVersion()), key);
    }
  }

  @Override
  public int rotate(String kekName) throws GeneralSecurityException {
    KekNames.check(kekName);
    synchronized (jvmLock) {
      checkOpen();
      return mutate(() -> addVersion(kekName));
    }
  }

  @Override
  public WrappedKey rewrap(WrappedKey key) throws GeneralSecurityException {
    try (SecretBytes dataKey = unwrap(key)) {
      return wrap(key.kekName(), dataKey);
    }
  }

  @Override
  public void destroy(String kekName) throws GeneralSecurityException {
    KekNames.check(kekName);
    synchronized (jvmLock) {
      checkOpen();
      mutate(() -> {
        for (int v : versions.getOrDefault(kekName, List.of())) {
          store.deleteEntry(alias(kekName, v));
          SecretBytes cached = kekCache.remove(alias(kekName, v));
          if (cached != null) {
            cached.close();
          }
        }
        versions.remove(kekName);
        return null;
      });
    }
  }

  @Override
  public boolean exists(String kekName) throws GeneralSecurityException {
    return currentVersion(kekName) > 0;
  }

  @Override
  public int currentVersion(String kekName) throws GeneralSecurityException {
    KekNames.check(kekName);
    synchronized (jvmLock) {
      checkOpen();
      reloadIfChanged();
      return current(kekName);
    }
  }

  @Override
  public void close() {
    synchronized (jvmLock) {
      closed = true;
      clearCache();
      Arrays.fill(passphrase, '\0');
    }
  }

  @Override
  public String toString() {
    return "BcfksKeyProvider[" + keystore.path() + "]";
  }

  // --- internals (all called with jvmLock held) ---

  private interface Change<T> {
    T apply() throws GeneralSecurityException;
  }

  private <T> T mutate(Change<T> change) throws GeneralSecurityException {
    try {
      return mutateOrLoad(true, change);
    } catch (IOException e) {
      throw new GeneralSecurityException("keystore update failed: " + e.getMessage(), e);
    }
  }

  /** Under the file lock: reload if another process changed the file, apply, and persist. */
  private <T> T mutateOrLoad(boolean persist, Change<T> change)
      throws IOException, GeneralSecurityException {
    return keystore.locked(() -> {
      boolean created = !keystore.exists();
      if (store == null || keystore.changed()) {
        KeyStore loaded = keystore.load(passphrase);
        store = loaded;
        versions = scan(loaded);
        clearCache();
      }
      try {
        T result = change.apply();
        if (persist || created) {
          keystore.write(store, passphrase);
        }
        return result;
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        invalidate(); // never use a key that did not reach the file: reload it next time
        throw e;
      }
    });
  }

  private void invalidate() {
    store = null;
    versions = new HashMap<>();
    keystore.forget();
    clearCache();
  }

  private void clearCache() {
    kekCache.values().forEach(SecretBytes::close);
    kekCache.clear();
  }

  private void reloadIfChanged() throws GeneralSecurityException {
    try {
      if (keystore.changed()) {
        mutateOrLoad(false, () -> null); // throws when the file has disappeared
      }
    } catch (IOException e) {
      throw new GeneralSecurityException("keystore reload failed: " + e.getMessage(), e);
    }
  }

  private int addVersion(String kekName) throws GeneralSecurityException {
    int v = current(kekName) + 1;
    try (SecretBytes kek = SecretBytes.random(32)) {
      byte[] k = kek.unsafeCopy();
      try {
        store.setEntry(alias(kekName, v), new KeyStore.SecretKeyEntry(new SecretKeySpec(k, "AES")),
            new KeyStore.PasswordProtection(passphrase));
        // cached now: reading the entry back would cost another PBKDF2 run
        kekCache.put(alias(kekName, v), SecretBytes.copyOf(k));
      } finally {
        Arrays.fill(k, (byte) 0);
      }
    }
    List<Integer> list = new ArrayList<>(versions.getOrDefault(kekName, List.of()));
    list.add(v);
    versions.put(kekName, list);
    return v;
  }

  private SecretKeySpec aesKey(String kekName, int version) throws GeneralSecurityException {
    String alias = alias(kekName, version);
    SecretBytes cached = kekCache.get(alias);
    if (cached == null) {
      java.security.Key k = store.getKey(alias, passphrase);
      if (k == null) {
        throw new GeneralSecurityException("KEK " + kekName + " version " + version + " does not exist");
      }
      byte[] enc = k.getEncoded();
      cached = SecretBytes.copyOf(enc);
      Arrays.fill(enc, (byte) 0);
      kekCache.put(alias, cached);
    }
    byte[] bytes = cached.unsafeCopy();
    try {
      return new SecretKeySpec(bytes, "AES");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private boolean has(String kekName, int version) {
    return versions.getOrDefault(kekName, List.of()).contains(version);
  }

  private int current(String kekName) {
    List<Integer> list = versions.get(kekName);
    return list == null || list.isEmpty() ? 0 : list.get(list.size() - 1);
  }

  /** Hex-encoded names: aliases then survive any case folding the keystore format might do. */
  private static String alias(String kekName, int version) {
    return ALIAS_PREFIX + HexFormat.of().formatHex(kekName.getBytes(StandardCharsets.UTF_8)) + ".v" + version;
  }

  private static Map<String, List<Integer>> scan(KeyStore ks) throws KeyStoreException {
    Map<String, List<Integer>> m = new HashMap<>();
    for (String alias : Collections.list(ks.aliases())) {
      if (!alias.startsWith(ALIAS_PREFIX)) {
        continue;
      }
      int dot = alias.lastIndexOf(".v");
      String name = new String(HexFormat.of().parseHex(alias.substring(ALIAS_PREFIX.length(), dot)),
          StandardCharsets.UTF_8);
      m.computeIfAbsent(name, n -> new ArrayList<>()).add(Integer.parseInt(alias.substring(dot + 2)));
    }
    m.values().forEach(Collections::sort);
    return m;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("key provider closed");
    }
  }
}
