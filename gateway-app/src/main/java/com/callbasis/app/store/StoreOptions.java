package com.callbasis.app.store;

import com.callbasis.app.UserError;
import com.callbasis.store.RecordingStore;
import com.callbasis.store.crypto.SecretBytes;
import com.callbasis.store.keys.KeyPassphrase;
import com.callbasis.store.objects.PrivateDirectories;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --data DIR} and the keystore passphrase, shared by every store command. The passphrase
 * comes from {@value #ENV}, else the file named by {@value #ENV_FILE}, else
 * {@code DIR/keystore.passphrase}, created with mode 0600 on first run. Only {@code run} and
 * {@code init} create a store; the other commands refuse a data directory without one.
 */
public final class StoreOptions {
    static final String ENV = "GATEWAY_KEYSTORE_PASSPHRASE";
    static final String ENV_FILE = "GATEWAY_KEYSTORE_PASSPHRASE_FILE";
    static final String DEFAULT_PASSPHRASE_FILE = "keystore.passphrase";

    /** The process environment; tests replace it. */
    static Map<String, String> environment = System.getenv();

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    /** The existing store in {@code --data}; a folder without one is refused, never turned into a new store. */
    RecordingStore open() throws Exception {
        if (!RecordingStore.exists(data)) {
            throw new UserError(missing(data));
        }
        return create(data);
    }

    /** One line for a data directory that holds no store (a mistyped {@code --data}, usually). */
    static String missing(Path dataDir) {
        return "no recording store in " + dataDir + " (start the gateway with ./gateway run, or create one with "
                + "./gateway init --data DIR)";
    }

    /**
     * The embedded store in {@code dataDir}, created (folders mode 0700, keystore, passphrase file)
     * when there is none: only {@code run} and {@code init} call this; every other command opens an
     * existing store.
     */
    public static RecordingStore create(Path dataDir) throws Exception {
        PrivateDirectories.create(dataDir);
        StoreOptions o = new StoreOptions();
        o.data = dataDir;
        try (SecretBytes passphrase = o.passphrase()) {
            return RecordingStore.openEmbedded(dataDir, passphrase, Clock.systemUTC());
        }
    }

    SecretBytes passphrase() throws IOException {
        Map<String, String> env = environment;
        Path file;
        if (env.get(ENV_FILE) != null) {
            file = Path.of(env.get(ENV_FILE));
        } else {
            file = data.resolve(DEFAULT_PASSPHRASE_FILE);
            if (env.get(ENV) == null && KeyPassphrase.createFileIfAbsent(file)) {
                System.err.println("gateway: created keystore passphrase file " + file
                        + " (mode 0600); keep a copy apart from backups of " + data);
            }
        }
        return KeyPassphrase.fromEnvOrFile(env, ENV, file);
    }
}
