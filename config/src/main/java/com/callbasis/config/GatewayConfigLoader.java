package com.callbasis.config;

import com.callbasis.config.yaml.ConfigException;
import com.callbasis.config.yaml.Problems;
import com.callbasis.config.yaml.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the gateway YAML file into a {@link GatewayConfig}. A bad file is refused with every problem
 * listed as {@code file:line: path.to.key: what is wrong}. See docs/configuration.md for the keys.
 */
public final class GatewayConfigLoader {
    /** Name used in messages for the configuration embedded in the jar. */
    public static final String EMBEDDED = "embedded:default-gateway.yaml";

    private static final Pattern TARGET = Pattern.compile("sips?:(?:\\[([0-9a-fA-F:.]+)]|([A-Za-z0-9.-]+))(?::(\\d{1,5}))?(?:;transport=([\\w-]+))?");
    private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    private GatewayConfigLoader() {
    }

    public static GatewayConfig load(Path file) throws ConfigException {
        Problems problems = new Problems(file.toString());
        Optional<YamlNode> root = YamlNode.parse(file, "configuration file", "gateway.yaml", problems);
        Path base = file.toAbsolutePath().getParent();
        return read(root, problems, base);
    }

    /** The built-in configuration that {@code ./gateway run} uses without arguments. */
    public static GatewayConfig loadDefault() {
        try (InputStream in = GatewayConfigLoader.class.getResourceAsStream("default-gateway.yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return loadString(text, EMBEDDED, Path.of("."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException("embedded default configuration is invalid:\n" + e.getMessage(), e);
        }
    }

    /** Reads YAML text; relative paths in it resolve against {@code base}. */
    public static GatewayConfig loadString(String text, String name, Path base) throws ConfigException {
        Problems problems = new Problems(name);
        return read(YamlNode.parse(text, problems), problems, base);
    }

    private static GatewayConfig read(Optional<YamlNode> rootNode, Problems problems, Path base) throws ConfigException {
        if (rootNode.isEmpty()) {
            problems.throwIfAny();
        }
        YamlNode root = rootNode.get();
        Map<String, YamlNode> top = root.entries(List.of("sip", "routes", "media", "recording", "dataDir", "http", "logging", "policy"));
        problems.throwIfAny(); // not a mapping, or unknown top-level keys: nothing below makes sense

        List<SipListener> listeners = new ArrayList<>();
        Optional<String> advertised = Optional.empty();
        SipLimits limits = SipLimits.DEFAULT;
        SipTimers timers = SipTimers.RFC3261;
        CallLimits calls = CallLimits.DEFAULT;
        TlsConfig tls = TlsConfig.DEFAULT;
        YamlNode sip = top.get("sip");
        if (sip == null) {
            root.error("sip: section is missing (it lists the listeners)");
        } else {
            Map<String, YamlNode> s = sip.entries(List.of("listeners", "advertisedHost", "tls", "limits", "connections", "admission", "timers", "calls"));
            if (s.containsKey("listeners")) {
                readListeners(s.get("listeners"), base, listeners);
            } else {
                sip.error("listeners: at least one listener is required");
            }
            if (s.containsKey("advertisedHost")) {
                advertised = s.get("advertisedHost").nonEmptyText();
            }
            if (s.containsKey("tls")) {
                tls = readTls(s.get("tls"), base);
            }
            if (s.containsKey("limits")) {
                limits = readLimits(s.get("limits"));
            }
            if (s.containsKey("connections")) {
                limits = limits.withConnections(readConnections(s.get("connections")));
            }
            if (s.containsKey("admission")) {
                limits = limits.withAdmission(readAdmission(s.get("admission")));
            }
            if (s.containsKey("timers")) {
                timers = readTimers(s.get("timers"));
            }
            if (s.containsKey("calls")) {
                calls = readCalls(s.get("calls"));
            }
        }

        List<Route> routes = new ArrayList<>();
        if (top.containsKey("routes")) {
            readRoutes(top.get("routes"), routes);
        } else {
            root.warning("routes: no routes; every INVITE will be answered 404");
        }

        MediaConfig media = new MediaConfig("127.0.0.1", 30000, 39999);
        if (top.containsKey("media")) {
            media = readMedia(top.get("media"), media);
        }

        RecordingConfig recording = RecordingConfig.DEFAULT;
        if (top.containsKey("recording")) {
            recording = readRecording(top.get("recording"));
        }

        Path dataDir = base.resolve("data");
        if (top.containsKey("dataDir")) {
            dataDir = top.get("dataDir").nonEmptyText().map(base::resolve).orElse(dataDir);
        }

        HttpConfig http = new HttpConfig(true, "127.0.0.1", 8080);
        if (top.containsKey("http")) {
            http = readHttp(top.get("http"), http);
        }

        LoggingConfig logging = new LoggingConfig("info", Optional.empty(), LoggingConfig.DEFAULT_FILE_MODE);
        if (top.containsKey("logging")) {
            logging = readLogging(top.get("logging"), base);
        }

        Optional<Path> policy = Optional.empty();
        ConsentTokenConfig consentTokens = ConsentTokenConfig.NONE;
        if (top.containsKey("policy")) {
            Map<String, YamlNode> p = top.get("policy").entries(List.of("file", "consentTokens"));
            if (p.containsKey("consentTokens")) {
                consentTokens = ConsentTokenConfigReader.read(p.get("consentTokens"), base);
            }
            if (p.containsKey("file")) {
                YamlNode n = p.get("file");
                policy = n.nonEmptyText().map(base::resolve);
                if (policy.isPresent() && !Files.isReadable(policy.get())) {
                    n.error("policy file " + policy.get() + " does not exist or is not readable");
                }
            }
        }

        problems.throwIfAny();
        return new GatewayConfig(problems.file(), listeners, advertised, tls, limits, timers, calls, routes, media, recording, dataDir, http, logging, policy, consentTokens);
    }

    private static void readListeners(YamlNode node, Path base, List<SipListener> out) {
        List<YamlNode> items = node.items();
        if (node.isList() && items.isEmpty()) {
            node.error("at least one listener is required");
        }
        Set<String> seen = new HashSet<>();
        for (YamlNode item : items) {
            Map<String, YamlNode> e = item.entries(List.of("transport", "address", "port", "certificate", "privateKey", "clientAuth", "clientCas"));
            Optional<Transport> transport = required(item, e, "transport").flatMap(n -> transport(n));
            Optional<String> address = required(item, e, "address").flatMap(GatewayConfigLoader::ipLiteral);
            Optional<Integer> port = required(item, e, "port").flatMap(n -> n.integer(0, 65535));
            Optional<Path> cert = readableFile(e.get("certificate"), base);
            Optional<Path> key = readableFile(e.get("privateKey"), base);
            Optional<ClientAuth> auth = e.containsKey("clientAuth") ? clientAuth(e.get("clientAuth")) : Optional.of(ClientAuth.NONE);
            Optional<Path> clientCas = caBundle(e.get("clientCas"), base);
            if (transport.isPresent() && transport.get() == Transport.TLS) {
                if (!e.containsKey("certificate") || !e.containsKey("privateKey")) {
                    item.error("a TLS listener needs certificate and privateKey");
                }
                if (auth.isPresent() && auth.get() != ClientAuth.NONE && !e.containsKey("clientCas")) {
                    item.error("clientAuth: " + auth.get().token() + " needs clientCas (the CAs whose client certificates are accepted)");
                    auth = Optional.empty();
                } else if (auth.isPresent() && auth.get() == ClientAuth.NONE && e.containsKey("clientCas")) {
                    e.get("clientCas").error("applies only with clientAuth: optional or require");
                    auth = Optional.empty();
                }
            } else if (transport.isPresent()) {
                for (String k : List.of("certificate", "privateKey", "clientAuth", "clientCas")) {
                    if (e.containsKey(k)) {
                        e.get(k).error("applies to TLS listeners only");
                    }
                }
            }
            if (transport.isPresent() && address.isPresent() && port.isPresent() && auth.isPresent()) {
                if (port.get() != 0 && !seen.add(transport.get() + " " + address.get() + " " + port.get())) {
                    item.error("duplicate listener " + transport.get().token() + " " + address.get() + ":" + port.get());
                }
                if (auth.get() == ClientAuth.NONE || clientCas.isPresent()) {
                    out.add(new SipListener(transport.get(), address.get(), port.get(), cert, key, auth.get(),
                            auth.get() == ClientAuth.NONE ? Optional.empty() : clientCas));
                }
            }
        }
    }

    /** {@code sip.tls}: the trust and the client certificate of outbound TLS connections. */
    private static TlsConfig readTls(YamlNode node, Path base) {
        Map<String, YamlNode> e = node.entries(List.of("trustedCas", "certificate", "privateKey"));
        Optional<Path> cas = caBundle(e.get("trustedCas"), base);
        Optional<Path> cert = readableFile(e.get("certificate"), base);
        Optional<Path> key = readableFile(e.get("privateKey"), base);
        if (e.containsKey("certificate") != e.containsKey("privateKey")) {
            node.error("certificate and privateKey go together (the client certificate offered to peers that require one)");
            return new TlsConfig(cas, Optional.empty(), Optional.empty());
        }
        if (cert.isPresent() != key.isPresent()) {
            return new TlsConfig(cas, Optional.empty(), Optional.empty()); // the unreadable one is reported
        }
        return new TlsConfig(cas, cert, key);
    }

    private static Optional<ClientAuth> clientAuth(YamlNode n) {
        Optional<String> t = n.text();
        Optional<ClientAuth> r = t.flatMap(ClientAuth::parse);
        if (t.isPresent() && r.isEmpty()) {
            n.error("must be none, optional or require, got '" + t.get() + "'");
        }
        return r;
    }

    /**
     * {@code logging}: level, file and file mode. The file is checked now (see {@link LogFileCheck}):
     * one the gateway cannot write would lose every log line, silently.
     */
    private static LoggingConfig readLogging(YamlNode node, Path base) {
        Map<String, YamlNode> l = node.entries(List.of("level", "file", "fileMode"));
        String level = "info";
        if (l.containsKey("level")) {
            YamlNode n = l.get("level");
            Optional<String> v = n.text();
            if (v.isPresent() && !LEVELS.contains(v.get())) {
                n.error("must be one of error, warn, info, debug, trace");
            } else if (v.isPresent()) {
                level = v.get();
            }
        }
        Optional<Path> file = l.containsKey("file") ? l.get("file").nonEmptyText().map(base::resolve) : Optional.empty();
        file.flatMap(LogFileCheck::problem).ifPresent(why -> l.get("file").error(why));
        var fileMode = LoggingConfig.DEFAULT_FILE_MODE;
        if (l.containsKey("fileMode")) {
            YamlNode n = l.get("fileMode");
            Optional<String> v = n.nonEmptyText();
            Optional<Set<PosixFilePermission>> m = v.flatMap(LogFileCheck::mode);
            if (v.isPresent() && m.isEmpty()) {
                n.error("expected an octal file mode such as \"0600\" or \"0640\", got '" + v.get() + "'");
            } else if (m.isPresent() && !m.get().contains(PosixFilePermission.OWNER_WRITE)) {
                n.error("must let the owner write (the gateway writes the log), e.g. \"0600\", got '" + v.get() + "'");
            } else if (m.isPresent()) {
                fileMode = m.get();
            }
        }
        return new LoggingConfig(level, file, fileMode);
    }

    /** The file a key names, resolved against the configuration's folder; empty (and reported) when it cannot be read. */
    private static Optional<Path> readableFile(YamlNode n, Path base) {
        if (n == null) {
            return Optional.empty();
        }
        Optional<Path> p = n.nonEmptyText().map(base::resolve);
        if (p.isPresent() && !Files.isReadable(p.get())) {
            n.error("file " + p.get() + " is not readable");
            return Optional.empty();
        }
        return p;
    }

    /**
     * A PEM file of CA certificates. Read now, so that a key or an empty file given by mistake is
     * reported with its line instead of as a handshake failure with every peer later.
     */
    private static Optional<Path> caBundle(YamlNode n, Path base) {
        Optional<Path> p = readableFile(n, base);
        if (p.isEmpty()) {
            return p;
        }
        boolean any;
        try (InputStream in = Files.newInputStream(p.get())) {
            any = !CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty();
        } catch (IOException | CertificateException ex) {
            any = false; // the JDK's parse message ("extra data at the end") would not help: say what was expected
        }
        if (!any) {
            n.error("file " + p.get() + " holds no PEM certificate");
            return Optional.empty();
        }
        return p;
    }

    private static void readRoutes(YamlNode node, List<Route> out) {
        Set<String> ids = new HashSet<>();
        for (YamlNode item : node.items()) {
            Map<String, YamlNode> e = item.entries(List.of("id", "match", "target", "tenant", "trust", "recordingControl", "notice"));
            Optional<String> id = required(item, e, "id").flatMap(YamlNode::nonEmptyText);
            id.filter(i -> !ids.add(i)).ifPresent(i -> e.get("id").error("duplicate route id '" + i + "'"));
            String prefix = "";
            Optional<String> host = Optional.empty();
            if (e.containsKey("match")) {
                Map<String, YamlNode> m = e.get("match").entries(List.of("userPrefix", "host"));
                if (m.containsKey("userPrefix")) {
                    prefix = m.get("userPrefix").text().orElse("");
                }
                if (m.containsKey("host")) {
                    host = m.get("host").nonEmptyText();
                }
            }
            String tenant = e.containsKey("tenant") ? e.get("tenant").nonEmptyText().orElse("default") : "default";
            PeerTrust facts = e.containsKey("trust") ? readPeerTrust(e.get("trust"), List.of()) : PeerTrust.LOOPBACK;
            ControlTrust control = e.containsKey("recordingControl") ? readControlTrust(e.get("recordingControl")) : ControlTrust.DEFAULT;
            NoticeConfig notice = e.containsKey("notice") ? readNotice(e.get("notice")) : NoticeConfig.DEFAULT;
            Optional<YamlNode> targetNode = required(item, e, "target");
            Optional<String> target = targetNode.flatMap(YamlNode::nonEmptyText);
            if (target.isPresent() && id.isPresent()) {
                Matcher mt = TARGET.matcher(target.get());
                if (!mt.matches()) {
                    targetNode.get().error("expected a SIP URI such as sip:127.0.0.1:5080 or sip:pbx.example:5060;transport=tcp, got '" + target.get() + "'");
                    continue;
                }
                String h = mt.group(1) != null ? mt.group(1) : mt.group(2);
                int port = 5060;
                if (mt.group(3) != null) {
                    port = Integer.parseInt(mt.group(3));
                    if (port < 1 || port > 65535) {
                        targetNode.get().error("port must be between 1 and 65535");
                        continue;
                    }
                }
                Transport t = Transport.UDP;
                if (mt.group(4) != null) {
                    Optional<Transport> pt = Transport.parse(mt.group(4));
                    if (pt.isEmpty()) {
                        targetNode.get().error("unknown transport '" + mt.group(4) + "' (udp, tcp or tls)");
                        continue;
                    }
                    t = pt.get();
                } else if (target.get().startsWith("sips:")) {
                    t = Transport.TLS;
                }
                out.add(new Route(id.get(), prefix, host, h, port, t, tenant, facts, control, notice));
            }
        }
    }

    /** {@code {networks: [CIDR...], tlsNames: [name...]}}; {@code extra} keys are read by the caller. */
    private static PeerTrust readPeerTrust(YamlNode node, List<String> extra) {
        List<String> keys = new ArrayList<>(List.of("networks", "tlsNames"));
        keys.addAll(extra);
        Map<String, YamlNode> e = node.entries(keys);
        List<Cidr> networks = new ArrayList<>();
        if (e.containsKey("networks")) {
            YamlNode list = e.get("networks");
            for (YamlNode n : list.items()) {
                n.text().ifPresent(v -> Cidr.parse(v).ifPresentOrElse(networks::add,
                        () -> n.error("expected a network such as 10.1.0.0/16 or 2001:db8::/32 (an address, not a name), got '" + v + "'")));
            }
        }
        List<String> names = new ArrayList<>();
        if (e.containsKey("tlsNames")) {
            for (YamlNode n : e.get("tlsNames").items()) {
                n.nonEmptyText().ifPresent(names::add);
            }
        }
        return new PeerTrust(networks, names);
    }

    /** {@code {legs: [callee], networks: [...], tlsNames: [...]}}; without networks and names, any peer on those legs. */
    private static ControlTrust readControlTrust(YamlNode node) {
        Map<String, YamlNode> e = node.entries(List.of("legs", "networks", "tlsNames"));
        boolean caller = false;
        boolean callee = true;
        if (e.containsKey("legs")) {
            caller = false;
            callee = false;
            for (YamlNode n : e.get("legs").items()) {
                String v = n.text().orElse("");
                switch (v) {
                    case "caller" -> caller = true;
                    case "callee" -> callee = true;
                    default -> n.error("expected caller or callee, got '" + v + "'");
                }
            }
        }
        Optional<PeerTrust> peers = e.containsKey("networks") || e.containsKey("tlsNames")
                ? Optional.of(readPeerTrust(node, List.of("legs"))) : Optional.empty();
        return new ControlTrust(caller, callee, peers);
    }

    /** {@code {play: answer|early, agentHears: silence|notice, withdrawSequence: "*9", confirmWithdrawal: true}}. */
    private static NoticeConfig readNotice(YamlNode node) {
        Map<String, YamlNode> e = node.entries(List.of("play", "agentHears", "withdrawSequence", "confirmWithdrawal"));
        NoticeConfig d = NoticeConfig.DEFAULT;
        NoticeConfig.Play play = d.play();
        if (e.containsKey("play")) {
            String v = e.get("play").text().orElse("");
            switch (v) {
                case "answer" -> play = NoticeConfig.Play.ANSWER;
                case "early" -> play = NoticeConfig.Play.EARLY;
                default -> e.get("play").error("expected answer or early, got '" + v + "'");
            }
        }
        NoticeConfig.AgentHears hears = d.agentHears();
        if (e.containsKey("agentHears")) {
            String v = e.get("agentHears").text().orElse("");
            switch (v) {
                case "silence" -> hears = NoticeConfig.AgentHears.SILENCE;
                case "notice" -> hears = NoticeConfig.AgentHears.NOTICE;
                default -> e.get("agentHears").error("expected silence or notice, got '" + v + "'");
            }
        }
        String seq = d.withdrawSequence();
        if (e.containsKey("withdrawSequence")) {
            String v = e.get("withdrawSequence").text().orElse("");
            if (NoticeConfig.validSequence(v)) {
                seq = v;
            } else {
                e.get("withdrawSequence").error("expected 1 to 8 keypad characters (0-9, *, #, A-D), got '" + v + "'");
            }
        }
        boolean confirm = e.containsKey("confirmWithdrawal") ? e.get("confirmWithdrawal").bool().orElse(d.confirmWithdrawal()) : d.confirmWithdrawal();
        return new NoticeConfig(play, hears, seq, confirm);
    }

    private static ConnectionLimits readConnections(YamlNode node) {
        Map<String, YamlNode> e = node.entries(List.of("max", "maxPerSource", "messageTimeout", "idleTimeout"));
        ConnectionLimits d = ConnectionLimits.DEFAULT;
        ConnectionLimits c = new ConnectionLimits(intOr(e, "max", 1, 1_000_000, d.max()),
                intOr(e, "maxPerSource", 1, 1_000_000, d.maxPerSource()),
                durOr(e, "messageTimeout", d.messageTimeout()), durOr(e, "idleTimeout", d.idleTimeout()));
        if (c.maxPerSource() > c.max()) {
            node.error("maxPerSource (" + c.maxPerSource() + ") must not exceed max (" + c.max() + ")");
        }
        if (c.idleTimeout().compareTo(c.messageTimeout()) < 0) {
            node.error("idleTimeout must not be shorter than messageTimeout");
        }
        return c;
    }

    private static CallAdmission readAdmission(YamlNode node) {
        Map<String, YamlNode> e = node.entries(List.of("newCallsPerSecond", "burst", "retryAfter", "maxSources", "maxCallsPerSource"));
        CallAdmission d = CallAdmission.DEFAULT;
        int rate = intOr(e, "newCallsPerSecond", 1, 1_000_000, (int) d.newCallsPerSecond());
        return new CallAdmission(rate, intOr(e, "burst", 1, 10_000_000, Math.max(d.burst(), rate)),
                durOr(e, "retryAfter", d.retryAfter()), intOr(e, "maxSources", 16, 10_000_000, d.maxSources()),
                intOr(e, "maxCallsPerSource", 1, 10_000_000, d.maxCallsPerSource()));
    }

    private static SipLimits readLimits(YamlNode node) {
        Map<String, YamlNode> e = node.entries(List.of("maxStartLine", "maxHeaderLine", "maxHeaders", "maxMessageSize"));
        SipLimits d = SipLimits.DEFAULT;
        return new SipLimits(
                intOr(e, "maxStartLine", 64, 65535, d.maxStartLine()),
                intOr(e, "maxHeaderLine", 64, 65535, d.maxHeaderLine()),
                intOr(e, "maxHeaders", 8, 10000, d.maxHeaders()),
                intOr(e, "maxMessageSize", 512, 16 * 1024 * 1024, d.maxMessageSize()));
    }

    private static SipTimers readTimers(YamlNode node) {
        Map<String, YamlNode> e = node.entries(List.of("t1", "t2", "t4"));
        SipTimers d = SipTimers.RFC3261;
        SipTimers t = new SipTimers(durOr(e, "t1", d.t1()), durOr(e, "t2", d.t2()), durOr(e, "t4", d.t4()));
        if (t.t2().compareTo(t.t1()) < 0) {
            node.error("t2 must not be shorter than t1");
        }
        return t;
    }

    private static CallLimits readCalls(YamlNode node) {
        Map<String, YamlNode> e = node.entries(List.of("noAnswerTimeout", "maxDuration", "maxCalls", "mediaTimeout", "holdTimeout"));
        CallLimits d = CallLimits.DEFAULT;
        return new CallLimits(durOr(e, "noAnswerTimeout", d.noAnswerTimeout()), durOr(e, "maxDuration", d.maxDuration()),
                intOr(e, "maxCalls", 1, 1_000_000, d.maxCalls()), silenceLimit(e, "mediaTimeout", d.mediaTimeout()),
                silenceLimit(e, "holdTimeout", d.holdTimeout()));
    }

    private static MediaConfig readMedia(YamlNode node, MediaConfig d) {
        Map<String, YamlNode> e = node.entries(List.of("address", "portMin", "portMax", "latching", "threads"));
        String address = e.containsKey("address") ? e.get("address").text().flatMap(a -> ipLiteral(e.get("address"))).orElse(d.address()) : d.address();
        int min = intOr(e, "portMin", 1024, 65534, d.portMin());
        int max = intOr(e, "portMax", 1025, 65535, d.portMax());
        if (min % 2 != 0) {
            e.get("portMin").error("must be even (RTP takes the even port, RTCP the odd one above it)");
        }
        if (max <= min) {
            node.error("portMax must be greater than portMin");
        }
        boolean latching = e.containsKey("latching") ? e.get("latching").bool().orElse(false) : false;
        int threads = intOr(e, "threads", 0, 64, 0);
        return new MediaConfig(address, min, max, latching, threads);
    }

    private static RecordingConfig readRecording(YamlNode node) {
        RecordingConfig d = RecordingConfig.DEFAULT;
        Map<String, YamlNode> e = node.entries(List.of("enabled", "headers", "direction", "sealEvery", "reorderDepth", "lossThreshold",
                "maxActivePerSource"));
        boolean enabled = e.containsKey("enabled") ? e.get("enabled").bool().orElse(d.enabled()) : d.enabled();
        RecordingConfig.Headers h = d.headers();
        if (e.containsKey("headers")) {
            Map<String, YamlNode> hn = e.get("headers").entries(
                    List.of("tenant", "direction", "queue", "purpose", "agent", "consentToken", "emergency", "control"));
            h = new RecordingConfig.Headers(
                    hn.containsKey("tenant") ? headerName(hn.get("tenant")) : h.tenant(),
                    headerOr(hn, "direction", h.direction()), headerOr(hn, "queue", h.queue()),
                    headerOr(hn, "purpose", h.purpose()), headerOr(hn, "agent", h.agent()),
                    headerOr(hn, "consentToken", h.consentToken()), headerOr(hn, "emergency", h.emergency()),
                    headerOr(hn, "control", h.control()));
        }
        String direction = d.direction();
        if (e.containsKey("direction")) {
            YamlNode n = e.get("direction");
            Optional<String> v = n.text();
            if (v.isPresent() && !v.get().equals("inbound") && !v.get().equals("outbound")) {
                n.error("must be inbound or outbound");
            } else if (v.isPresent()) {
                direction = v.get();
            }
        }
        Duration seal = durOr(e, "sealEvery", d.sealEvery());
        Duration depth = durOr(e, "reorderDepth", d.reorderDepth(),
                x -> !x.isNegative() && x.compareTo(Duration.ofSeconds(2)) <= 0, "must be between 0 and 2s");
        double loss = d.lossThreshold();
        if (e.containsKey("lossThreshold")) {
            YamlNode n = e.get("lossThreshold");
            Optional<String> v = n.text();
            try {
                loss = v.map(Double::parseDouble).orElse(loss);
                if (!(loss >= 0 && loss <= 1)) {
                    n.error("must be a ratio between 0 and 1, e.g. 0.01 for 1 %");
                    loss = d.lossThreshold();
                }
            } catch (NumberFormatException ex) {
                n.error("must be a ratio between 0 and 1, e.g. 0.01 for 1 %");
            }
        }
        int perSource = intOr(e, "maxActivePerSource", 1, 1_000_000, d.maxActivePerSource());
        return new RecordingConfig(enabled, h, direction, seal, depth, loss, perSource);
    }

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!%*_+`'~.-]+");

    private static Optional<String> headerName(YamlNode n) {
        Optional<String> v = n.nonEmptyText();
        if (v.isPresent() && !TOKEN.matcher(v.get()).matches()) {
            n.error("not a SIP header name: '" + v.get() + "'");
            return Optional.empty();
        }
        return v;
    }

    private static String headerOr(Map<String, YamlNode> e, String key, String dflt) {
        return e.containsKey(key) ? headerName(e.get(key)).orElse(dflt) : dflt;
    }

    private static HttpConfig readHttp(YamlNode node, HttpConfig d) {
        Map<String, YamlNode> e = node.entries(List.of("enabled", "address", "port"));
        boolean enabled = e.containsKey("enabled") ? e.get("enabled").bool().orElse(d.enabled()) : d.enabled();
        String address = e.containsKey("address") ? ipLiteral(e.get("address")).orElse(d.address()) : d.address();
        int port = intOr(e, "port", 0, 65535, d.port());
        return new HttpConfig(enabled, address, port);
    }

    private static Optional<YamlNode> required(YamlNode parent, Map<String, YamlNode> e, String key) {
        YamlNode n = e.get(key);
        if (n == null) {
            parent.error(key + " is required");
        }
        return Optional.ofNullable(n);
    }

    private static Optional<Transport> transport(YamlNode n) {
        Optional<String> t = n.text();
        Optional<Transport> r = t.flatMap(Transport::parse);
        if (t.isPresent() && r.isEmpty()) {
            n.error("must be udp, tcp or tls, got '" + t.get() + "'");
        }
        return r;
    }

    /** Bind and media addresses must be IP literals: resolving names at start-up hides misconfiguration. */
    private static Optional<String> ipLiteral(YamlNode n) {
        Optional<String> t = n.nonEmptyText();
        if (t.isEmpty()) {
            return t;
        }
        String s = t.get();
        if (!s.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            n.error("expected an IP address such as 127.0.0.1 or ::1, got '" + s + "'");
            return Optional.empty();
        }
        try {
            InetAddress.getByName(s);
            return t;
        } catch (UnknownHostException e) {
            n.error("not a valid IP address: '" + s + "'");
            return Optional.empty();
        }
    }

    private static int intOr(Map<String, YamlNode> e, String key, int min, int max, int dflt) {
        return e.containsKey(key) ? e.get(key).integer(min, max).orElse(dflt) : dflt;
    }

    private static Duration durOr(Map<String, YamlNode> e, String key, Duration dflt) {
        return durOr(e, key, dflt, d -> !d.isNegative() && !d.isZero(), "must be positive");
    }

    /**
     * A media silence limit: 0 turns it off; otherwise at least a second, as a shorter gap in the media
     * is no sign of a dead call.
     */
    private static Duration silenceLimit(Map<String, YamlNode> e, String key, Duration dflt) {
        return durOr(e, key, dflt, d -> d.isZero() || d.compareTo(Duration.ofSeconds(1)) >= 0, "must be 0 (never) or at least 1s");
    }

    /** The duration at {@code key}; {@code dflt} when absent, unreadable or not {@code valid} (then {@code rule} is reported on its line). */
    private static Duration durOr(Map<String, YamlNode> e, String key, Duration dflt, Predicate<Duration> valid, String rule) {
        if (!e.containsKey(key)) {
            return dflt;
        }
        YamlNode n = e.get(key);
        Optional<Duration> d = n.duration();
        if (d.isPresent() && !valid.test(d.get())) {
            n.error(rule);
            return dflt;
        }
        return d.orElse(dflt);
    }
}
