package com.callbasis.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.FileAppender;
import com.callbasis.config.GatewayConfig;
import com.callbasis.config.GatewayConfigLoader;
import com.callbasis.config.HttpConfig;
import com.callbasis.config.LoggingConfig;
import com.callbasis.config.Transport;
import com.callbasis.config.yaml.ConfigException;
import com.callbasis.app.policy.PolicyWiring;
import com.callbasis.app.registry.PersistentConsentRegistry;
import com.callbasis.app.registry.PersistentObjectionRegistry;
import com.callbasis.app.store.StoreOptions;
import com.callbasis.app.store.StorePseudonyms;
import com.callbasis.gateway.recording.RecordingGate;
import com.callbasis.policy.PolicyEngine;
import com.callbasis.store.RecordingStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import com.callbasis.gateway.SipServer;
import com.callbasis.policy.Policy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./gateway run}: starts the gateway and serves until interrupted (SIGINT/SIGTERM). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start the gateway (embedded defaults unless --config is given).")
public final class RunCommand implements Callable<Integer> {
    /** Held so the level set on it is not lost with a garbage-collected logger (JUL keeps them weakly). */
    private static final java.util.logging.Logger JITSI_JUL = java.util.logging.Logger.getLogger("org.jitsi");

    @Option(names = "--config", paramLabel = "FILE", description = "Gateway YAML file (default: embedded, see README).")
    Path config;

    @Option(names = "--sip-udp", paramLabel = "HOST:PORT", converter = HostPort.Converter.class, description = "Override the UDP listener.")
    HostPort sipUdp;

    @Option(names = "--sip-tcp", paramLabel = "HOST:PORT", converter = HostPort.Converter.class, description = "Override the TCP listener.")
    HostPort sipTcp;

    @Option(names = "--http", paramLabel = "HOST:PORT", converter = HostPort.Converter.class, description = "Override the HTTP API listener.")
    HostPort http;

    @Option(names = "--no-http", description = "Run without the HTTP API listener.")
    boolean noHttp;

    @Option(names = "--data", paramLabel = "DIR", description = "Override the data directory.")
    Path data;

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg;
        try {
            cfg = config == null ? GatewayConfigLoader.loadDefault() : GatewayConfigLoader.load(config);
        } catch (ConfigException e) {
            refused("configuration", e);
            return Main.USAGE;
        }
        cfg = applyOverrides(cfg);
        configureLogging(cfg.logging());
        org.slf4j.Logger log = LoggerFactory.getLogger(RunCommand.class);
        Policy policy;
        try {
            policy = PolicyWiring.policy(cfg);
        } catch (ConfigException e) {
            refused("policy", e);
            return Main.USAGE;
        }
        // The digest names this exact policy in every decision made under it (basis-policy issue).
        policy.warnings().forEach(w -> log.warn("policy warning: {}", w));
        log.info("lawful-basis policy {} loaded: {} rules, digest {}", policy.source(), policy.ruleIds().size(), policy.digest());
        com.callbasis.store.objects.PrivateDirectories.create(cfg.dataDir()); // mode 0700 when new

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RecordingStore store;
        try {
            store = StoreOptions.create(cfg.dataDir()); // the first start creates the store
        } catch (Exception e) {
            throw new UserError("cannot open the recording store in " + cfg.dataDir() + ": " + e.getMessage(), 1);
        }
        // One pseudonymisation everywhere: the engine's subject keys are the store's, keyed per tenant.
        PolicyEngine engine = new PolicyEngine(policy, new PersistentConsentRegistry(store.consents()),
                new PersistentObjectionRegistry(store.objections()), new StorePseudonyms(store),
                PolicyWiring.consentTokens(cfg.consentTokens()), Clock.systemUTC());
        cfg.consentTokens().issuers().forEach(i -> log.info("consent tokens accepted from issuer {} ({}, tenants {})", i.name(),
                i.algorithm(), i.tenants().isEmpty() ? "all" : String.join(", ", i.tenants())));
        RecordingGate gate = new RecordingGate(engine, store, cfg.recording(), registry, System::nanoTime, Clock.systemUTC());
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retention");
            t.setDaemon(true);
            return t;
        });
        store.scheduleRetentionSweeps(housekeeping, Duration.ofHours(1));
        SipServer sip = new SipServer(cfg, registry, gate);
        try {
            sip.start();
        } catch (IllegalStateException e) {
            gate.close();
            store.close();
            throw new UserError(e.getMessage(), 1);
        }
        HttpApi api = null;
        if (cfg.http().enabled()) {
            try {
                api = new HttpApi(cfg.http().address(), cfg.http().port(), registry);
            } catch (java.io.IOException e) {
                sip.close();
                gate.close();
                store.close();
                throw new UserError("cannot listen on http " + cfg.http().address() + ":" + cfg.http().port() + ": " + e.getMessage(), 1);
            }
        }
        log.info("gateway started ({}); {} route(s); HTTP {}", cfg.source(), cfg.routes().size(),
                api == null ? "off" : cfg.http().address() + ":" + api.port());
        log.info("media on {} ports {}-{}{}; recording {}", cfg.media().address(), cfg.media().portMin(), cfg.media().portMax(),
                cfg.media().latching() ? " (latching)" : "", cfg.recording().enabled() ? "on for calls decided RECORD, after their notice or consent" : "off");
        CountDownLatch stop = new CountDownLatch(1);
        HttpApi finalApi = api;
        Thread hook = new Thread(() -> {
            log.info("gateway stopping");
            if (finalApi != null) {
                finalApi.close();
            }
            sip.close();
            gate.close(); // seals what is still recording
            housekeeping.shutdownNow();
            try {
                store.close();
            } catch (Exception e) {
                log.error("store did not close cleanly: {}", e.toString());
            }
            stop.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
        return 0;
    }

    /** One problem on one line ("gateway: configuration refused: /etc: is a directory, ..."); several one per line below a header. */
    private static void refused(String what, ConfigException e) {
        if (e.problems().size() == 1) {
            System.err.println("gateway: " + what + " refused: " + e.problems().get(0));
        } else {
            System.err.println("gateway: " + what + " refused:");
            System.err.println(e.getMessage());
        }
    }

    GatewayConfig applyOverrides(GatewayConfig cfg) {
        if (sipUdp != null) {
            cfg = cfg.withListener(Transport.UDP, sipUdp.host(), sipUdp.port());
        }
        if (sipTcp != null) {
            cfg = cfg.withListener(Transport.TCP, sipTcp.host(), sipTcp.port());
        }
        if (noHttp) {
            cfg = cfg.withHttp(new HttpConfig(false, cfg.http().address(), cfg.http().port()));
        } else if (http != null) {
            cfg = cfg.withHttp(cfg.http().withEndpoint(http.host(), http.port()));
        }
        if (data != null) {
            cfg = cfg.withDataDir(data);
        }
        return cfg;
    }

    private static void configureLogging(LoggingConfig logging) {
        // Libraries on java.util.logging (jitsi-srtp) go through logback too; jitsi's start-up chatter only at warn.
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        JITSI_JUL.setLevel(java.util.logging.Level.WARNING);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger("org.jitsi").setLevel(Level.WARN);
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(logging.level(), Level.INFO));
        logging.file().ifPresent(file -> {
            try {
                LogFiles.prepare(file, logging);
            } catch (java.io.IOException e) {
                throw new UserError("cannot create the log file " + file + ": " + e.getMessage(), 1);
            }
            PatternLayoutEncoder enc = new PatternLayoutEncoder();
            enc.setContext(ctx);
            enc.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{20} - %msg%n");
            enc.start();
            FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> app = new FileAppender<>();
            app.setContext(ctx);
            app.setFile(file.toString());
            app.setEncoder(enc);
            app.start();
            root.detachAppender("STDERR");
            root.addAppender(app);
        });
    }
}
