package com.callbasis.app;

import com.callbasis.config.GatewayConfig;
import com.callbasis.config.GatewayConfigLoader;
import com.callbasis.config.yaml.ConfigException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./gateway run}: starts the gateway and serves until interrupted. */
@Command(name = "run", description = "Start the gateway (embedded defaults unless --config is given).")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "Gateway YAML file (default: embedded).")
    Path config;

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg;
        try {
            cfg = config == null ? GatewayConfigLoader.loadDefault() : GatewayConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("gateway: configuration refused:");
            System.err.println(e.getMessage());
            return Main.USAGE;
        }
        System.err.println("gateway: configuration " + cfg.source() + " is valid");
        return 0;
    }
}
