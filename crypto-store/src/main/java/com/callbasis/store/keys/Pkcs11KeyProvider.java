package com.callbasis.store.keys;

import com.callbasis.store.crypto.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * KEKs as AES-256 token objects in a PKCS#11 device (an HSM; SoftHSM2 in tests), through the JDK's
 * SunPKCS11 provider. Keys are generated inside the token as sensitive and non-extractable, and
 * wrapping runs inside it: KEK material never enters this process. Destroying a KEK destroys the
 * token objects ({@code C_DestroyObject}).
 */
public final class Pkcs11KeyProvider implements KeyProvider {
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final String ALIAS_PREFIX = "kek.";
  /** Forces every secret key the provider creates to be sensitive and non-extractable. */
  private static final String KEY_ATTRIBUTES = """
      attributes(*,CKO_SECRET_KEY,*) = {
        CKA_SENSITIVE = true
        CKA_EXTRACTABLE = false
      }
      """;

  private final Provider provider;
  private final KeyStore store;
  private final Cipher gcm;
  private final Map<String, Key> handles = new HashMap<>();
  /** Kept (wiped on close) because refreshing the keystore's view of the token re-runs its login. */
  private final char[] pin;
  private boolean closed;

  private Pkcs11KeyProvider(Provider provider, KeyStore store, char[] pin) throws GeneralSecurityException {
    this.provider = provider;
    this.store = store;
    this.pin = pin;
    this.gcm = Cipher.getInstance("AES/GCM/NoPadding", provider);
  }

  /**
   * Opens the token in {@code slot} of the PKCS#11 {@code library} and logs in with {@code pin}.
   *
   * @throws java.security.UnrecoverableKeyException when the PIN is refused
   */
  public static Pkcs11KeyProvider open(Path library, long slot, SecretBytes pin)
      throws GeneralSecurityException {
    return open("library = " + library.toAbsolutePath() + "\nslot = " + slot + "\n", pin);
  }

  /**
   * Opens with a SunPKCS11 configuration ({@code library}, {@code slot} or {@code slotListIndex} and
   * any device-specific settings; {@code name} is supplied here).
   */
  public static Pkcs11KeyProvider open(String sunPkcs11Config, SecretBytes pin)
      throws GeneralSecurityException {
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new java.security.NoSuchProviderException("SunPKCS11 is not available in this JVM");
    }
    String config = "--name = callbasis-" + INSTANCES.incrementAndGet() + "\n" + sunPkcs11Config
        + "\n" + KEY_ATTRIBUTES;
    Provider p;
    try {
      p = base.configure(config);
    } catch (java.security.InvalidParameterException | java.security.ProviderException e) {
      throw new GeneralSecurityException("cannot load PKCS#11 module: " + e.getMessage(), e);
    }
    KeyStore ks = KeyStore.getInstance("PKCS11", p);
    char[] pinChars = KeyPassphrase.toChars(pin);
    try {
      ks.load(null, pinChars);
      return new Pkcs11KeyProvider(p, ks, pinChars);
    } catch (IOException e) {
      Arrays.fill(pinChars, '\0');
      java.security.UnrecoverableKeyException u =
          new java.security.UnrecoverableKeyException("PKCS#11 login failed (wrong PIN or token unavailable)");
      u.initCause(e);
      throw u;
    } catch (GeneralSecurityException | RuntimeException e) {
      Arrays.fill(pinChars, '\0');
      throw e;
    }
  }

  @Override
  public synchronized WrappedKey wrap(String kekName, SecretBytes dataKey) throws GeneralSecurityException {
    KekNames.check(kekName);
    checkOpen();
    int v = currentVersion(kekName);
    if (v == 0) {
      v = rotate(kekName);
    }
    String alias = alias(kekName, v);
    try {
      return KekWrap.wrap(gcm, key(kekName, v), kekName, v, dataKey);
    } catch (GeneralSecurityException | java.security.ProviderException e) {
      handles.remove(alias);
      throw asChecked(e);
    }
  }

  @Override
  public synchronized SecretBytes unwrap(WrappedKey key) throws GeneralSecurityException {
    checkOpen();
    try {
      return KekWrap.unwrap(gcm, key(key.kekName(), key.kekVersion()), key);
    } catch (GeneralSecurityException | java.security.ProviderException e) {
      // a handle cached before another session destroyed the key fails here: forget it
      handles.remove(alias(key.kekName(), key.kekVersion()));
      throw asChecked(e);
    }
  }

  private static GeneralSecurityException asChecked(Exception e) {
    return e instanceof GeneralSecurityException g ? g
        : new GeneralSecurityException("PKCS#11 operation failed: " + e.getMessage(), e);
  }

  @Override
  public synchronized int rotate(String kekName) throws GeneralSecurityException {
    KekNames.check(kekName);
    checkOpen();
    int v = currentVersion(kekName) + 1;
    KeyGenerator kg = KeyGenerator.getInstance("AES", provider);
    kg.init(256);
    SecretKey sessionKey = kg.generateKey();
    // setEntry copies the session key into a token object labelled with the alias.
    store.setEntry(alias(kekName, v), new KeyStore.SecretKeyEntry(sessionKey), null);
    return v;
  }

  @Override
  public synchronized WrappedKey rewrap(WrappedKey key) throws GeneralSecurityException {
    try (SecretBytes dataKey = unwrap(key)) {
      return wrap(key.kekName(), dataKey);
    }
  }

  @Override
  public synchronized void destroy(String kekName) throws GeneralSecurityException {
    KekNames.check(kekName);
    checkOpen();
    for (int v : versions(kekName)) {
      store.deleteEntry(alias(kekName, v));
      handles.remove(alias(kekName, v));
    }
  }

  @Override
  public synchronized boolean exists(String kekName) throws GeneralSecurityException {
    return currentVersion(kekName) > 0;
  }

  @Override
  public synchronized int currentVersion(String kekName) throws GeneralSecurityException {
    KekNames.check(kekName);
    checkOpen();
    List<Integer> v = versions(kekName);
    return v.isEmpty() ? 0 : v.get(v.size() - 1);
  }

  @Override
  public synchronized void close() {
    closed = true;
    handles.clear();
    Arrays.fill(pin, '\0');
    // No logout: PKCS#11 login state belongs to the whole process, so it would log out every other
    // provider open on this token.
  }

  @Override
  public String toString() {
    return "Pkcs11KeyProvider[" + provider.getName() + "]";
  }

  private Key key(String kekName, int version) throws GeneralSecurityException {
    String alias = alias(kekName, version);
    Key k = handles.get(alias);
    if (k == null) {
      if (!store.containsAlias(alias)) {
        refresh(); // created by another session or process since we last looked
      }
      k = store.containsAlias(alias) ? store.getKey(alias, null) : null;
      if (k == null) {
        throw new GeneralSecurityException(
            "KEK " + kekName + " version " + version + " does not exist (destroyed?)");
      }
      handles.put(alias, k);
    }
    return k;
  }

  /** SunPKCS11's keystore maps labels when loaded; loading again re-reads the token's objects. */
  private void refresh() throws GeneralSecurityException {
    try {
      store.load(null, pin);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot re-read the PKCS#11 token", e);
    }
  }

  private List<Integer> versions(String kekName) throws GeneralSecurityException {
    String prefix = ALIAS_PREFIX + HexFormat.of().formatHex(kekName.getBytes(StandardCharsets.UTF_8)) + ".v";
    refresh(); // the version list must reflect other sessions' rotations and destructions
    List<Integer> out = new ArrayList<>();
    for (String alias : Collections.list(store.aliases())) {
      if (alias.startsWith(prefix)) {
        try {
          out.add(Integer.parseInt(alias.substring(prefix.length())));
        } catch (NumberFormatException e) {
          // not ours
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  private static String alias(String kekName, int version) {
    return ALIAS_PREFIX + HexFormat.of().formatHex(kekName.getBytes(StandardCharsets.UTF_8)) + ".v" + version;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("key provider closed");
    }
  }
}
