package com.callbasis.store.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Provides a real SoftHSM2 token, initialised with {@code softhsm2-util} once per test JVM (SoftHSM
 * reads its slot list when first loaded, so the token must exist before any provider opens) and
 * deleted at the end of the run. Fails, never skips, when SoftHSM2 is missing.
 */
final class SoftHsmExtension implements ParameterResolver {
  private static final List<String> LIBRARIES = List.of(
      "/usr/lib/softhsm/libsofthsm2.so",
      "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
      "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
      "/usr/lib64/pkcs11/libsofthsm2.so",
      "/usr/local/lib/softhsm/libsofthsm2.so");

  /** A token in one slot; its label and PIN are unique to this test run. */
  record Token(Path library, long slot, String label, String pin) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      run("softhsm2-util", "--delete-token", "--token", label);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == Token.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    return c.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Token.class, k -> create(), Token.class);
  }

  private static Token create() {
    try {
      String conf = System.getenv("SOFTHSM2_CONF");
      assertThat(conf).as("SOFTHSM2_CONF must be set for the test JVM (crypto-store/pom.xml surefire)").isNotBlank();
      Path confFile = Path.of(conf);
      Path tokens = confFile.resolveSibling("tokens");
      Files.createDirectories(tokens);
      // Same content for every concurrent run; tokens accumulate per run and are deleted after it.
      Path tmp = confFile.resolveSibling("softhsm2.conf." + UUID.randomUUID());
      Files.writeString(tmp, "directories.tokendir = " + tokens.toAbsolutePath() + "\n"
          + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
      Files.move(tmp, confFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

      Path library = LIBRARIES.stream().map(Path::of).filter(Files::isRegularFile).findFirst()
          .orElseThrow(() -> new AssertionError("libsofthsm2.so not found: install Debian softhsm2 (scripts/test does)"));
      String label = "cb-" + UUID.randomUUID().toString().substring(0, 8);
      String pin = UUID.randomUUID().toString().substring(0, 12);
      String out = run("softhsm2-util", "--init-token", "--free", "--label", label,
          "--pin", pin, "--so-pin", UUID.randomUUID().toString().substring(0, 12));
      Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
      assertThat(m.find()).as("softhsm2-util output: %s", out).isTrue();
      return new Token(library, Long.parseLong(m.group(1)), label, pin);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("cannot initialise a SoftHSM2 token (install Debian softhsm2)", e);
    }
  }

  static String run(String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(command[0] + " not found: install Debian softhsm2 (scripts/test does)", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
    return out;
  }
}
