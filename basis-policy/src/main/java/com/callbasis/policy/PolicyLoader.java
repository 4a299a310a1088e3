package com.callbasis.policy;

import com.callbasis.config.yaml.ConfigException;
import com.callbasis.config.yaml.Problem;
import com.callbasis.config.yaml.Problems;
import com.callbasis.config.yaml.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and validates a policy file (reference: docs/policy.md). A file with any error is refused with
 * a {@link ConfigException} listing every problem as {@code file:line: rule id: problem}; problems that
 * do not change what the policy means (a rule no call can reach, consent capture on a rule that does
 * not rest on consent) come back as {@link Policy#warnings()}.
 */
public final class PolicyLoader {
    /** Name used in messages and events for the example policy embedded in the jar. */
    public static final String EXAMPLE = "embedded:example-policy.yaml";

    /** Obligations the gateway knows how to carry out. Site-specific ones start with {@code x-}. */
    public static final Set<String> OBLIGATIONS = Set.of(Obligations.PLAY_NOTICE, Obligations.REQUIRE_CONSENT_DTMF,
            Obligations.SUPPRESS_DTMF, Obligations.PAUSE_ON_CARD_ENTRY, Obligations.STEREO);

    private static final List<String> TOP_KEYS = List.of("version", "name", "description", "tenants", "retentionClasses",
            "jurisdictions", "recordingControl", "rules", "noticeLimits", "notices", "purposes");
    private static final List<String> RULE_KEYS = List.of("id", "description", "match", "record", "basis", "purpose",
            "retention", "obligations", "lia", "citation", "contract", "notice", "consentPrompt");
    private static final List<String> MATCH_KEYS = List.of("tenant", "direction", "queue", "purpose", "callerPrefix",
            "calleePrefix", "jurisdiction", "callerJurisdiction", "calleeJurisdiction", "headers", "time", "emergency", "consent");
    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern PREFIX = Pattern.compile("\\+[0-9]{1,15}");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!%*_+`'~.-]+");
    /** A language tag as notices and tenants name it: {@code en}, {@code de}, {@code en-GB}. */
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}");
    /** A DTMF digit (RFC 4733 events 0-15). */
    private static final Pattern DTMF = Pattern.compile("[0-9*#A-D]");
    /** The longest bound {@code noticeLimits.maxDuration} may set: a caller is not kept listening longer. */
    static final java.time.Duration MAX_NOTICE_BOUND = java.time.Duration.ofMinutes(5);
    /** The longest a consent prompt may wait for a digit. */
    static final java.time.Duration MAX_CONSENT_TIMEOUT = java.time.Duration.ofSeconds(60);
    /** Bytes a WAV may carry besides its samples (header, LIST and other chunks). */
    static final int AUDIO_SLACK_BYTES = 64 * 1024;

    private PolicyLoader() {
    }

    /** Loads and validates a policy file; notice audio paths are relative to its directory. */
    public static Policy load(Path file) throws ConfigException {
        Problems problems = new Problems(file.toString());
        Path dir = file.toAbsolutePath().getParent();
        return read(YamlNode.parse(file, "policy file", "policy.yaml", problems), problems,
                AudioSource.directory(dir == null ? Path.of("") : dir));
    }

    /**
     * Loads and validates policy text; {@code name} stands for the file in messages; notice audio
     * paths are relative to the working directory.
     */
    public static Policy loadString(String text, String name) throws ConfigException {
        return loadString(text, name, Path.of(""));
    }

    /** Loads and validates policy text whose notice audio paths are relative to {@code baseDirectory}. */
    public static Policy loadString(String text, String name, Path baseDirectory) throws ConfigException {
        Problems problems = new Problems(name);
        return read(YamlNode.parse(text, problems), problems, AudioSource.directory(baseDirectory));
    }

    /**
     * The shipped example policy (a multi-tenant contact centre, see examples/policy/): the default of
     * the gateway when its configuration names no policy file.
     */
    public static Policy loadExample() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream("example-policy.yaml")) {
            if (in == null) {
                throw new IllegalStateException("example-policy.yaml is missing from the basis-policy jar");
            }
            Problems problems = new Problems(EXAMPLE);
            return read(YamlNode.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), problems), problems,
                    AudioSource.classpath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException("the embedded example policy is invalid:\n" + e.getMessage(), e);
        }
    }

    private static Policy read(Optional<YamlNode> rootNode, Problems problems, AudioSource audio) throws ConfigException {
        if (rootNode.isEmpty()) {
            problems.throwIfAny();
        }
        YamlNode root = rootNode.get();
        Map<String, YamlNode> top = root.entries(TOP_KEYS);
        problems.throwIfAny();

        YamlNode version = top.get("version");
        if (version == null) {
            root.error("version: missing (this reader understands version: 1)");
        } else {
            version.text().filter(v -> !v.trim().equals("1"))
                    .ifPresent(v -> version.error("must be 1, the only policy format version, got '" + v + "'"));
        }
        String name = top.containsKey("name") ? top.get("name").nonEmptyText().orElse(null) : null;
        if (top.containsKey("description")) {
            top.get("description").text();
        }

        java.time.Duration maxNotice = top.containsKey("noticeLimits") ? readNoticeLimits(top.get("noticeLimits"))
                : Policy.DEFAULT_NOTICE_MAX_DURATION;
        Map<String, Notice> notices = new java.util.LinkedHashMap<>();
        Set<String> refusedNotices = new TreeSet<>(); // declared but refused: references to them are not "unknown"
        if (top.containsKey("notices")) {
            for (Map.Entry<String, YamlNode> e : top.get("notices").entries().entrySet()) {
                Notice n = readNotice(e.getKey(), e.getValue(), audio, maxNotice);
                if (n == null) {
                    refusedNotices.add(e.getKey());
                } else {
                    notices.put(n.id(), n);
                }
            }
        }
        NoticeRefs refs = new NoticeRefs(notices, refusedNotices);

        Map<String, Boolean> tenants = new TreeMap<>();
        Map<String, TenantNotices> tenantNotices = new TreeMap<>();
        if (top.containsKey("tenants")) {
            for (Map.Entry<String, YamlNode> t : top.get("tenants").entries().entrySet()) {
                boolean pa = false;
                if (!t.getValue().isMap()) {
                    t.getValue().error("expected a mapping such as {publicAuthority: false}");
                } else {
                    Map<String, YamlNode> te = t.getValue().entries(List.of("publicAuthority", "description", "language",
                            "notice", "consentPrompt", "withdrawalConfirmation"));
                    if (te.containsKey("publicAuthority")) {
                        pa = te.get("publicAuthority").bool().orElse(false);
                    }
                    if (te.containsKey("description")) {
                        te.get("description").text();
                    }
                    TenantNotices tn = new TenantNotices(language(te.get("language")),
                            refs.get(te.get("notice"), Notice.Kind.NOTICE), refs.get(te.get("consentPrompt"), Notice.Kind.CONSENT),
                            refs.get(te.get("withdrawalConfirmation"), Notice.Kind.CONFIRMATION));
                    if (!tn.isEmpty()) {
                        tenantNotices.put(t.getKey(), tn);
                    }
                }
                tenants.put(t.getKey(), pa);
            }
        }

        Map<String, RetentionClass> retention = new TreeMap<>();
        Set<String> refusedClasses = new TreeSet<>(); // reported once, where declared; not again by every rule naming them
        if (top.containsKey("retentionClasses")) {
            for (Map.Entry<String, YamlNode> e : top.get("retentionClasses").entries().entrySet()) {
                readRetentionClass(e.getValue()).ifPresentOrElse(c -> retention.put(e.getKey(), c),
                        () -> refusedClasses.add(e.getKey()));
            }
        }

        Set<Basis> pauseForbidden = top.containsKey("recordingControl")
                ? readRecordingControl(top.get("recordingControl")) : Policy.DEFAULT_PAUSE_FORBIDDEN;

        Map<String, Overlay> overlays = new TreeMap<>();
        if (top.containsKey("jurisdictions")) {
            for (Map.Entry<String, YamlNode> e : top.get("jurisdictions").entries().entrySet()) {
                readOverlay(e.getKey(), e.getValue(), refs).ifPresent(o -> overlays.put(o.region, o));
            }
        }

        Map<String, YamlNode> purposeNodes = new java.util.LinkedHashMap<>();
        Map<String, Set<String>> replay = top.containsKey("purposes") ? readPurposes(top.get("purposes"), purposeNodes) : Map.of();

        List<Rule> rules = new ArrayList<>();
        Map<String, String> labels = new HashMap<>();
        YamlNode rulesNode = top.get("rules");
        if (rulesNode == null) {
            root.error("rules: missing (with no rules nothing is ever recorded; write rules: [] to mean that)");
        } else {
            Map<String, Rule> byId = new HashMap<>();
            for (YamlNode rn : rulesNode.items()) {
                int errorsBefore = problems.errors().size();
                Rule r = readRule(rn, problems, tenants, retention, refusedClasses, labels, refs);
                if (r == null) {
                    continue;
                }
                Rule first = byId.putIfAbsent(r.id, r);
                if (first != null) {
                    problems.error(r.line, r.id, "duplicate rule id (first defined at line " + first.line + ")");
                    continue;
                }
                if (problems.errors().size() > errorsBefore) {
                    continue;
                }
                r.index = rules.size();
                rules.add(r);
            }
            if (rules.isEmpty() && !problems.hasErrors()) {
                rulesNode.warning("no rules: no call will ever be recorded");
            }
        }
        if (!problems.hasErrors()) {
            checkNoticesResolve(rules, overlays, tenants, tenantNotices, notices.isEmpty() && refusedNotices.isEmpty(),
                    problems, rulesNode);
        }
        if (problems.hasErrors()) {
            throw new ConfigException(relabel(problems, labels).errors());
        }
        if (top.containsKey("purposes")) {
            warnPurposes(rules, purposeNodes, problems);
        }
        ReplayPurposes replayPurposes = new ReplayPurposes(replay);
        Policy policy = new Policy(problems.file(), name, tenants, retention, overlays, rules, List.of(), pauseForbidden,
                notices, tenantNotices, maxNotice, replayPurposes);
        warnShadowed(policy, problems);
        return new Policy(problems.file(), name, tenants, retention, overlays, rules, relabel(problems, labels).warnings(),
                pauseForbidden, notices, tenantNotices, maxNotice, replayPurposes);
    }

    /**
     * {@code purposes: {mifid-order-record: {replay: [regulatory-review, dispute]}}}: per recording
     * purpose (a rule's {@code purpose}), the purposes its recordings may be replayed for; {@code []}
     * for none. Malformed entries are errors; {@code nodes} gets each entry's node for the warnings.
     */
    private static Map<String, Set<String>> readPurposes(YamlNode node, Map<String, YamlNode> nodes) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
            String purpose = e.getKey();
            YamlNode v = e.getValue();
            if (!ReplayPurposes.NAME.matcher(purpose).matches()) {
                v.error("recording purpose must be letters, digits and . _ : - (at most 128)");
                continue;
            }
            if (!v.isMap()) {
                v.error("expected a mapping such as {replay: [regulatory-review, dispute]}");
                continue;
            }
            nodes.put(purpose, v);
            Map<String, YamlNode> f = v.entries(List.of("replay", "description"));
            if (f.containsKey("description")) {
                f.get("description").text();
            }
            YamlNode list = f.get("replay");
            if (list == null) {
                v.error("replay: missing (the purposes these recordings may be replayed for; [] for none)");
                continue;
            }
            if (!list.isList()) {
                list.error("expected a list of replay purposes such as [regulatory-review, dispute] ([] for none)");
                continue;
            }
            Set<String> allowed = new TreeSet<>();
            for (YamlNode item : list.items()) {
                item.nonEmptyText().ifPresent(r -> {
                    if (!ReplayPurposes.NAME.matcher(r).matches()) {
                        item.error("replay purpose must be letters, digits and . _ : - (at most 128), got '" + r + "'");
                    } else if (!allowed.add(r)) {
                        item.error("replay purpose '" + r + "' is listed twice");
                    }
                });
            }
            out.put(purpose, allowed);
        }
        return out;
    }

    /**
     * Warnings of a policy that declares {@code purposes:}: an entry no recording rule uses (a typo,
     * or a rule removed), and a recording rule purpose without an entry (its recordings can never be
     * replayed; {@code {replay: []}} says that on purpose). Once per purpose, at its first rule.
     */
    private static void warnPurposes(List<Rule> rules, Map<String, YamlNode> nodes, Problems problems) {
        Set<String> used = new TreeSet<>();
        for (Rule r : rules) {
            if (!r.record || r.purpose == null || !used.add(r.purpose)) {
                continue;
            }
            if (!nodes.containsKey(r.purpose)) {
                problems.warning(r.line, r.id, "purpose '" + r.purpose + "' has no entry under purposes:, so its recordings "
                        + "can never be replayed (add purposes." + r.purpose + ": {replay: [...]}, or {replay: []} to mean that)");
            }
        }
        nodes.forEach((purpose, n) -> {
            if (!used.contains(purpose)) {
                n.warning("no recording rule has purpose '" + purpose + "'" + (used.isEmpty() ? ""
                        : " (rules record for: " + String.join(", ", used) + ")"));
            }
        });
    }

    /** {@code noticeLimits: {maxDuration: PT30S}}: the longest a notice recording may play. */
    private static java.time.Duration readNoticeLimits(YamlNode node) {
        Map<String, YamlNode> e = node.entries(List.of("maxDuration"));
        if (!e.containsKey("maxDuration")) {
            return Policy.DEFAULT_NOTICE_MAX_DURATION;
        }
        YamlNode d = e.get("maxDuration");
        Optional<java.time.Duration> v = d.duration();
        if (v.isEmpty()) {
            return Policy.DEFAULT_NOTICE_MAX_DURATION;
        }
        if (v.get().isNegative() || v.get().isZero() || v.get().compareTo(MAX_NOTICE_BOUND) > 0) {
            d.error("must be positive and at most " + MAX_NOTICE_BOUND + " (a caller is not kept listening longer), got " + v.get());
            return Policy.DEFAULT_NOTICE_MAX_DURATION;
        }
        return v.get();
    }

    private static String language(YamlNode n) {
        if (n == null) {
            return null;
        }
        Optional<String> t = n.nonEmptyText();
        if (t.isPresent() && !LANGUAGE.matcher(t.get()).matches()) {
            n.error("not a language tag such as en, de or en-GB: '" + t.get() + "'");
            return null;
        }
        return t.orElse(null);
    }

    /**
     * One entry of {@code notices}: kind, version, text and audio per language, and for a consent
     * prompt its digits, timeout and repeats. Every recording is read and checked here; null when
     * anything is wrong (each problem reported).
     */
    private static Notice readNotice(String id, YamlNode node, AudioSource source, java.time.Duration maxDuration) {
        Problems problems = node.problems();
        int errorsBefore = problems.errors().size();
        if (!RULE_ID.matcher(id).matches()) {
            node.error("notice id must be letters, digits and . _ : - (at most 128)");
        }
        if (!node.isMap()) {
            node.error("expected a mapping with kind, version, text and audio");
            return null;
        }
        Map<String, YamlNode> e = node.entries(List.of("kind", "version", "text", "audio", "digits", "timeout", "repeats",
                "description"));
        Notice.Kind kind = null;
        if (!e.containsKey("kind")) {
            node.error("kind: missing (notice, consent or confirmation)");
        } else {
            YamlNode k = e.get("kind");
            Optional<String> code = k.text();
            if (code.isPresent()) {
                kind = Notice.Kind.fromCode(code.get());
                if (kind == null) {
                    k.error("expected notice, consent or confirmation, got '" + code.get() + "'");
                }
            }
        }
        String version = null;
        if (!e.containsKey("version")) {
            node.error("version: missing (a consent record names the notice version the caller heard)");
        } else {
            version = e.get("version").nonEmptyText().orElse(null);
        }
        if (e.containsKey("description")) {
            e.get("description").text();
        }
        Map<String, String> text = new java.util.LinkedHashMap<>();
        Map<String, YamlNode> textNodes = Map.of();
        if (!e.containsKey("text")) {
            node.error("text: missing (what the caller hears, per language: {en: \"...\"})");
        } else {
            textNodes = e.get("text").entries();
            for (Map.Entry<String, YamlNode> t : textNodes.entrySet()) {
                if (!LANGUAGE.matcher(t.getKey()).matches()) {
                    t.getValue().error("not a language tag such as en, de or en-GB: '" + t.getKey() + "'");
                    continue;
                }
                t.getValue().nonEmptyText().ifPresent(s -> text.put(t.getKey(), s));
            }
        }
        Map<String, NoticeAudio> audio = new java.util.LinkedHashMap<>();
        if (!e.containsKey("audio")) {
            node.error("audio: missing (a WAV recording per language: {en: prompts/notice-en.wav})");
        } else {
            YamlNode an = e.get("audio");
            Map<String, YamlNode> audioNodes = an.entries();
            if (audioNodes.isEmpty() && an.isMap()) {
                an.error("lists no recording (at least one language)");
            }
            for (Map.Entry<String, YamlNode> a : audioNodes.entrySet()) {
                String lang = a.getKey();
                if (!LANGUAGE.matcher(lang).matches()) {
                    a.getValue().error("not a language tag such as en, de or en-GB: '" + lang + "'");
                    continue;
                }
                Optional<String> file = a.getValue().nonEmptyText();
                if (file.isPresent()) {
                    NoticeAudio au = readAudio(lang, file.get(), a.getValue(), source, maxDuration);
                    if (au != null) {
                        audio.put(lang, au);
                    }
                }
                if (!textNodes.containsKey(lang)) {
                    a.getValue().error("no text for language " + lang + ": the text says what the caller hears in it "
                            + "(add text." + lang + ")");
                }
            }
            for (Map.Entry<String, YamlNode> t : textNodes.entrySet()) {
                if (!audioNodes.containsKey(t.getKey())) {
                    t.getValue().error("text for language " + t.getKey() + " without a recording (add audio." + t.getKey() + ")");
                }
            }
        }
        String agree = Notice.DEFAULT_AGREE;
        String decline = Notice.DEFAULT_DECLINE;
        java.time.Duration timeout = Notice.DEFAULT_TIMEOUT;
        int repeats = Notice.DEFAULT_REPEATS;
        if (kind != null && kind != Notice.Kind.CONSENT) {
            for (String k : List.of("digits", "timeout", "repeats")) {
                if (e.containsKey(k)) {
                    e.get(k).error("only a consent prompt (kind: consent) takes " + k);
                }
            }
        } else {
            if (e.containsKey("digits")) {
                Map<String, YamlNode> dg = e.get("digits").entries(List.of("agree", "decline"));
                agree = digit(dg.get("agree"), agree);
                decline = digit(dg.get("decline"), decline);
                if (agree.equals(decline)) {
                    e.get("digits").error("agree and decline are the same digit '" + agree + "'");
                }
            }
            if (e.containsKey("timeout")) {
                YamlNode tn = e.get("timeout");
                Optional<java.time.Duration> d = tn.duration();
                if (d.isPresent() && (d.get().isNegative() || d.get().isZero() || d.get().compareTo(MAX_CONSENT_TIMEOUT) > 0)) {
                    tn.error("must be positive and at most " + MAX_CONSENT_TIMEOUT + ", got " + d.get());
                } else if (d.isPresent()) {
                    timeout = d.get();
                }
            }
            if (e.containsKey("repeats")) {
                repeats = e.get("repeats").integer(0, 5).orElse(repeats);
            }
        }
        if (problems.errors().size() > errorsBefore || kind == null || version == null || audio.isEmpty()) {
            return null;
        }
        return new Notice(id, kind, version, text, audio, agree, decline, timeout, repeats);
    }

    private static String digit(YamlNode n, String fallback) {
        if (n == null) {
            return fallback;
        }
        Optional<String> d = n.nonEmptyText();
        if (d.isPresent() && !DTMF.matcher(d.get()).matches()) {
            n.error("expected one DTMF digit (0-9, *, #, A-D), got '" + d.get() + "'");
            return fallback;
        }
        return d.orElse(fallback);
    }

    /** Reads and checks one recording (WavReader); null with a problem at {@code node} when it is not acceptable. */
    private static NoticeAudio readAudio(String language, String file, YamlNode node, AudioSource source,
            java.time.Duration maxDuration) {
        long limit = 48000L * 2 * Math.max(1, maxDuration.toSeconds() + 1) + AUDIO_SLACK_BYTES;
        byte[] bytes;
        try {
            bytes = source.read(file, (int) Math.min(limit, Integer.MAX_VALUE - 8));
        } catch (AudioSource.Unreadable e) {
            node.error(file + ": " + e.getMessage());
            return null;
        }
        WavReader.Pcm pcm;
        try {
            pcm = WavReader.read(bytes);
        } catch (WavReader.BadWav e) {
            node.error(file + ": " + e.getMessage() + " (a notice must be 16-bit mono PCM WAV at 8000, 16000 or 48000 Hz)");
            return null;
        }
        NoticeAudio a = new NoticeAudio(language, file, Canonical.hex(Canonical.sha256(bytes)), pcm.sampleRate(), pcm.samples());
        if (a.duration().compareTo(maxDuration) > 0) {
            node.error(file + ": plays " + seconds(a.duration()) + ", longer than the bound of " + seconds(maxDuration)
                    + " (noticeLimits.maxDuration)");
            return null;
        }
        return a;
    }

    private static String seconds(java.time.Duration d) {
        return String.format(java.util.Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }

    /** Looks up notice references by id and kind, reporting unknown ones and ones of the wrong kind. */
    private record NoticeRefs(Map<String, Notice> notices, Set<String> refused) {
        /** The notice {@code node} names if it exists and has the kind; null otherwise (with a problem) or when absent. */
        Notice get(YamlNode node, Notice.Kind kind) {
            if (node == null) {
                return null;
            }
            Optional<String> id = node.nonEmptyText();
            if (id.isEmpty() || refused.contains(id.get())) {
                return null;
            }
            Notice n = notices.get(id.get());
            if (n == null) {
                node.error("unknown notice '" + id.get() + "' (" + (notices.isEmpty() ? "no notices are declared; declare it under notices:"
                        : "declared: " + String.join(", ", new TreeSet<>(notices.keySet()))) + ")");
                return null;
            }
            if (n.kind() != kind) {
                node.error("notice '" + n.id() + "' is of kind " + n.kind().code() + "; this field needs one of kind " + kind.code());
                return null;
            }
            return n;
        }
    }

    /**
     * Every decision that can need a notice or a consent prompt must be able to name one
     * (docs/policy.md, "Load-time validation"). Checked per recording rule and per tenant it can serve
     * (every declared tenant, and undeclared ones, when it has no match.tenant). A rule needs a
     * notice when it has play_notice or when any overlay can add one; a consent prompt when it asks for
     * consent itself (require_consent_dtmf, basis consent without match.consent) or any overlay can ask
     * for it. Every overlay is taken to reach every rule (conservative: prefixes and jurisdiction
     * matches are not used to rule one out). A need only overlays create is also met when each such
     * overlay names its own notice of the kind (it is then the subject's or the other party's overlay,
     * both consulted before the tenant); a need the rule creates is met only by the rule or the tenant.
     *
     * <p>A policy that declares no notices at all and names none keeps the earlier meaning: its
     * decisions name no notice, the gateway plays its own; that is a warning, not an error.
     */
    private static void checkNoticesResolve(List<Rule> rules, Map<String, Overlay> overlays, Map<String, Boolean> tenants,
            Map<String, TenantNotices> tenantNotices, boolean noNotices, Problems problems, YamlNode rulesNode) {
        if (noNotices) {
            for (Rule r : rules) {
                if (r.record && (ruleNeeds(r, Notice.Kind.NOTICE) || ruleNeeds(r, Notice.Kind.CONSENT)
                        || overlays.values().stream().anyMatch(o -> triggers(o, r, Notice.Kind.NOTICE) || triggers(o, r, Notice.Kind.CONSENT)))) {
                    rulesNode.warning("no notices are declared: decisions that need a recording notice or a consent prompt "
                            + "name none (first: rule " + r.id + "); declare them under notices: (docs/policy.md)");
                    return;
                }
            }
            return;
        }
        for (Rule r : rules) {
            if (!r.record) {
                continue;
            }
            for (Notice.Kind kind : List.of(Notice.Kind.NOTICE, Notice.Kind.CONSENT)) {
                boolean byRule = ruleNeeds(r, kind);
                List<Overlay> by = overlays.values().stream().filter(o -> triggers(o, r, kind)).toList();
                if (!byRule && by.isEmpty() || (kind == Notice.Kind.NOTICE ? r.notice : r.consentPrompt) != null) {
                    continue;
                }
                boolean overlaysOwn = !byRule && by.stream().allMatch(o -> (kind == Notice.Kind.NOTICE ? o.notice : o.consentPrompt) != null);
                if (overlaysOwn) {
                    continue;
                }
                List<String> reach = new ArrayList<>(r.tenants != null ? new TreeSet<>(r.tenants) : tenants.keySet());
                if (r.tenants == null) {
                    reach.add(null); // a tenant not declared under tenants: has no defaults
                }
                List<String> missing = new ArrayList<>();
                for (String t : reach) {
                    TenantNotices tn = t == null ? null : tenantNotices.get(t);
                    if (tn == null || tn.of(kind) == null) {
                        missing.add(t == null ? "tenants not declared under tenants: (the rule has no match.tenant)" : "'" + t + "'");
                    }
                }
                if (missing.isEmpty()) {
                    continue;
                }
                String what = kind == Notice.Kind.NOTICE ? "a recording notice" : "a consent prompt";
                String field = kind == Notice.Kind.NOTICE ? "notice" : "consentPrompt";
                List<String> why = new ArrayList<>();
                if (byRule) {
                    why.add(kind == Notice.Kind.NOTICE ? "play_notice"
                            : r.obligations.contains(Obligations.REQUIRE_CONSENT_DTMF) ? "require_consent_dtmf" : "basis consent without match.consent");
                }
                for (Overlay o : by) {
                    why.add(o.region + (kind == Notice.Kind.NOTICE ? (o.requireNotice ? " requireNotice" : " allPartyConsent")
                            : o.requireConsent && r.basis != Basis.CONSENT && r.basis != Basis.LEGAL_OBLIGATION ? " requireConsent"
                            : " allPartyConsent: consent"));
                }
                problems.error(r.line, r.id, "can need " + what + " (" + String.join(", ", limit(why)) + ") that nothing names for tenant "
                        + String.join(", ", missing) + ": name " + field + ": on the rule, or tenants.<tenant>." + field
                        + (byRule ? "" : ", or " + field + ": on every overlay listed"));
            }
        }
    }

    private static List<String> limit(List<String> why) {
        if (why.size() <= 6) {
            return why;
        }
        List<String> out = new ArrayList<>(why.subList(0, 5));
        out.add((why.size() - 5) + " more overlays");
        return out;
    }

    /** Whether the rule itself can make a decision that needs a notice of this kind. */
    private static boolean ruleNeeds(Rule r, Notice.Kind kind) {
        return kind == Notice.Kind.NOTICE ? r.obligations.contains(Obligations.PLAY_NOTICE)
                : r.obligations.contains(Obligations.REQUIRE_CONSENT_DTMF) || r.basis == Basis.CONSENT && r.consent == null;
    }

    /** Whether the overlay can add the need for a notice of this kind to the rule's decisions (as Evaluator applies it). */
    private static boolean triggers(Overlay o, Rule r, Notice.Kind kind) {
        if (kind == Notice.Kind.NOTICE) {
            return o.canRequireNotice();
        }
        return o.requireConsent && r.basis != Basis.CONSENT && r.basis != Basis.LEGAL_OBLIGATION
                || o.allPartyConsent == Overlay.AllParty.CONSENT && !(r.basis == Basis.CONSENT && r.consent != null);
    }

    /** Every declared class name, the refused ones too: a rule naming one of them is not told it is unknown. */
    private static Set<String> declared(Set<String> valid, Set<String> refused) {
        Set<String> all = new TreeSet<>(valid);
        all.addAll(refused);
        return all;
    }

    /**
     * {@code name: P5Y}, or {@code name: {period: P5Y, minimum: P5Y}}: the minimum (optional) is a
     * floor before which a recording may be neither erased nor deleted (MiFID II's five years), so it
     * must be positive and no longer than the period.
     */
    private static Optional<RetentionClass> readRetentionClass(YamlNode node) {
        if (!node.isMap()) {
            return positivePeriod(node, "retention period").map(p -> new RetentionClass(p, null));
        }
        Map<String, YamlNode> e = node.entries(List.of("period", "minimum"));
        if (!e.containsKey("period")) {
            node.error("period: missing (an ISO-8601 period such as P5Y)");
            return Optional.empty();
        }
        Optional<Period> period = positivePeriod(e.get("period"), "retention period");
        Optional<Period> minimum = e.containsKey("minimum") ? positivePeriod(e.get("minimum"), "retention minimum")
                : Optional.empty();
        if (period.isEmpty() || e.containsKey("minimum") && minimum.isEmpty()) {
            return Optional.empty();
        }
        if (minimum.isPresent() && !RetentionClass.notLonger(minimum.get(), period.get())) {
            e.get("minimum").error("retention minimum " + minimum.get() + " is longer than the period " + period.get()
                    + " (a recording cannot be kept at least longer than it is kept; compare in the same units)");
            return Optional.empty();
        }
        return Optional.of(new RetentionClass(period.get(), minimum.orElse(null)));
    }

    private static Optional<Period> positivePeriod(YamlNode node, String what) {
        Optional<Period> p = node.period();
        if (p.isPresent() && (p.get().isNegative() || p.get().isZero())) {
            node.error(what + " must be positive");
            return Optional.empty();
        }
        return p;
    }

    /**
     * {@code recordingControl: {pauseForbidden: [legal_obligation]}}: the bases whose recordings an
     * in-call pause (card entry) may not interrupt. {@code []} allows pausing under every basis.
     */
    private static Set<Basis> readRecordingControl(YamlNode node) {
        Map<String, YamlNode> e = node.entries(List.of("pauseForbidden"));
        if (!e.containsKey("pauseForbidden")) {
            return Policy.DEFAULT_PAUSE_FORBIDDEN;
        }
        YamlNode list = e.get("pauseForbidden");
        if (!list.isList()) {
            list.error("expected a list of lawful bases such as [legal_obligation]");
            return Policy.DEFAULT_PAUSE_FORBIDDEN;
        }
        Set<Basis> out = new java.util.HashSet<>();
        for (YamlNode item : list.items()) {
            item.text().ifPresent(code -> {
                Basis b = Basis.fromCode(code);
                if (b == null) {
                    item.error("unknown lawful basis '" + code + "' (consent, contract, legal_obligation, vital_interests, public_task, legitimate_interests)");
                } else {
                    out.add(b);
                }
            });
        }
        return out;
    }

    private static Optional<Overlay> readOverlay(String region, YamlNode n, NoticeRefs refs) {
        if (!JurisdictionCodes.isValid(region)) {
            n.error(JurisdictionCodes.problem(region));
            return Optional.empty();
        }
        Map<String, YamlNode> e = n.entries(List.of("allPartyConsent", "requireConsent", "requireNotice", "storageRegion", "description",
                "notice", "consentPrompt", "language"));
        Overlay.AllParty allParty = null;
        if (e.containsKey("allPartyConsent")) {
            String v = e.get("allPartyConsent").text().orElse("");
            switch (v) {
                case "notice" -> allParty = Overlay.AllParty.NOTICE;
                case "consent" -> allParty = Overlay.AllParty.CONSENT;
                default -> e.get("allPartyConsent").error("expected notice or consent, got '" + v + "'");
            }
        }
        boolean requireConsent = e.containsKey("requireConsent") && e.get("requireConsent").bool().orElse(false);
        boolean requireNotice = e.containsKey("requireNotice") && e.get("requireNotice").bool().orElse(false);
        String storage = e.containsKey("storageRegion") ? e.get("storageRegion").nonEmptyText().orElse(null) : null;
        if (e.containsKey("description")) {
            e.get("description").text();
        }
        Notice notice = refs.get(e.get("notice"), Notice.Kind.NOTICE);
        Notice consentPrompt = refs.get(e.get("consentPrompt"), Notice.Kind.CONSENT);
        return Optional.of(new Overlay(region, allParty, requireConsent, requireNotice, storage, notice, consentPrompt,
                language(e.get("language"))));
    }

    /** Reads one rule; its problems are re-labelled with its id afterwards (see {@link #relabel}). */
    private static Rule readRule(YamlNode node, Problems problems, Map<String, Boolean> tenants, Map<String, RetentionClass> retention,
            Set<String> refusedClasses, Map<String, String> labels, NoticeRefs refs) {
        int errorsBefore = problems.errors().size();
        Rule r = new Rule();
        r.line = node.line();
        if (!node.isMap()) {
            node.error("a rule must be a mapping with id, match, record...");
            return null;
        }
        Map<String, YamlNode> e = node.entries(RULE_KEYS);
        YamlNode idNode = e.get("id");
        if (idNode == null) {
            node.error("id: missing");
        } else {
            idNode.nonEmptyText().ifPresent(id -> {
                if (RULE_ID.matcher(id).matches()) {
                    r.id = id;
                } else {
                    idNode.error("id must be letters, digits and . _ : - (at most 128)");
                }
            });
        }
        if (e.containsKey("description")) {
            r.description = e.get("description").text().orElse(null);
        }
        if (e.containsKey("match")) {
            readMatch(e.get("match"), r, tenants);
        }
        YamlNode record = e.get("record");
        if (record == null) {
            node.error("record: missing (true or false)");
        } else {
            r.record = record.bool().orElse(false);
        }
        if (e.containsKey("basis")) {
            YamlNode b = e.get("basis");
            b.text().ifPresent(s -> {
                r.basis = Basis.fromCode(s);
                if (r.basis == null) {
                    b.error("unknown basis '" + s + "' (expected consent, contract, legal_obligation, vital_interests, public_task or legitimate_interests)");
                }
            });
        }
        r.purpose = optText(e, "purpose");
        r.lia = optText(e, "lia");
        r.citation = optText(e, "citation");
        r.contract = optText(e, "contract");
        r.notice = refs.get(e.get("notice"), Notice.Kind.NOTICE);
        r.consentPrompt = refs.get(e.get("consentPrompt"), Notice.Kind.CONSENT);
        if (e.containsKey("retention")) {
            YamlNode rt = e.get("retention");
            rt.nonEmptyText().ifPresent(c -> {
                r.retentionClass = c;
                RetentionClass rc = retention.get(c);
                r.retention = rc == null ? null : rc.period();
                r.retentionMinimum = rc == null ? null : rc.minimum();
                if (rc == null && !refusedClasses.contains(c)) {
                    rt.error("unknown retention class '" + c + "' (" + (retention.isEmpty() && refusedClasses.isEmpty()
                            ? "no retentionClasses are declared; declare it there, e.g. " + c + ": P1Y"
                            : "declared: " + String.join(", ", declared(retention.keySet(), refusedClasses))) + ")");
                }
            });
        }
        if (e.containsKey("obligations")) {
            YamlNode on = e.get("obligations");
            Set<String> obligations = new TreeSet<>();
            for (String o : on.texts()) {
                if (!OBLIGATIONS.contains(o) && !o.startsWith("x-")) {
                    on.error("unknown obligation '" + o + "' (known: " + String.join(", ", new TreeSet<>(OBLIGATIONS)) + "; site-specific ones start with x-)");
                }
                obligations.add(o);
            }
            r.obligations = Set.copyOf(obligations);
            r.obligationList = List.copyOf(obligations);
        }
        if (r.id != null) {
            labels.put(node.path(), r.id);
        }
        if (problems.errors().size() == errorsBefore) {
            checkBasis(r, e, node, tenants);
        }
        return r.id == null ? null : r;
    }

    /** The legal checks: each basis needs its evidence (DOMAIN.md, Art. 6(1) table). */
    private static void checkBasis(Rule r, Map<String, YamlNode> e, YamlNode node, Map<String, Boolean> tenants) {
        if (!r.record) {
            for (String k : List.of("basis", "retention", "obligations", "lia", "citation", "contract", "notice", "consentPrompt")) {
                if (e.containsKey(k)) {
                    e.get(k).error("a rule with record: false takes no " + k);
                }
            }
            return;
        }
        if (r.basis == null) {
            node.error("basis: missing (a recording rule names its lawful basis, Art. 6(1))");
            return;
        }
        if (r.purpose == null) {
            node.error("purpose: missing (a recording rule names its purpose, Art. 5(1)(b))");
        }
        if (r.retentionClass == null) {
            node.error("retention: missing (a recording rule names a retention class, Art. 5(1)(e))");
        }
        switch (r.basis) {
            case CONSENT -> {
                if (r.consent == null && !r.obligations.contains(Obligations.REQUIRE_CONSENT_DTMF)) {
                    node.error("basis consent requires a consent record or consent capture: set match.consent "
                            + "(recorded, token or any) or the obligation require_consent_dtmf");
                }
            }
            case LEGITIMATE_INTERESTS -> {
                if (r.lia == null) {
                    node.error("basis legitimate_interests requires lia: a reference to the legitimate-interest assessment");
                }
            }
            case LEGAL_OBLIGATION -> {
                if (r.citation == null) {
                    node.error("basis legal_obligation requires citation: the law that obliges recording (e.g. MiFID II Art. 16(7))");
                }
            }
            case PUBLIC_TASK -> {
                if (r.citation == null) {
                    node.error("basis public_task requires citation: the statutory task");
                }
                if (r.tenants == null) {
                    node.error("basis public_task requires match.tenant naming public-authority tenants only");
                } else {
                    for (String t : new TreeSet<>(r.tenants)) {
                        if (tenants.containsKey(t) && !tenants.get(t)) {
                            node.error("basis public_task for tenant '" + t + "', which is not declared a public authority "
                                    + "(tenants." + t + ".publicAuthority: true)");
                        }
                    }
                }
            }
            case VITAL_INTERESTS -> {
                if (!Boolean.TRUE.equals(r.emergency)) {
                    node.error("basis vital_interests requires match.emergency: true (emergency and safety lines only)");
                }
            }
            case CONTRACT -> {
                // the contract reference is per call (the account the call serves); nothing more to require here
            }
        }
        if (r.lia != null && r.basis != Basis.LEGITIMATE_INTERESTS) {
            e.get("lia").warning("lia is only evidence for legitimate_interests; ignored for " + r.basis.code());
        }
        if (r.citation != null && r.basis != Basis.LEGAL_OBLIGATION && r.basis != Basis.PUBLIC_TASK) {
            e.get("citation").warning("citation is only evidence for legal_obligation and public_task; ignored for " + r.basis.code());
        }
        if (r.consent != null && r.basis != Basis.CONSENT) {
            node.warning("match.consent on a " + r.basis.code() + " rule only narrows the match; the basis stays " + r.basis.code());
        }
        // A warning, not an error: the recording itself may be lawful; what is wrong is telling the
        // caller otherwise (issue 11, item 8).
        if (r.basis != Basis.CONSENT && r.obligations.contains(Obligations.REQUIRE_CONSENT_DTMF)) {
            e.get("obligations").warning("require_consent_dtmf on a " + r.basis.code() + " rule asks callers for consent the "
                    + "decision does not rely on, which misleads them about the basis and their rights (EDPB Guidelines 05/2020 "
                    + "on consent, section 6); use basis consent, or play_notice instead");
        }
    }

    private static void readMatch(YamlNode m, Rule r, Map<String, Boolean> tenants) {
        Map<String, YamlNode> e = m.entries(MATCH_KEYS);
        r.tenants = names(e.get("tenant"));
        if (r.tenants != null) {
            for (String t : r.tenants) {
                if (!tenants.containsKey(t)) {
                    e.get("tenant").error("unknown tenant '" + t + "' (declare it under tenants:)");
                }
            }
        }
        if (e.containsKey("direction")) {
            YamlNode d = e.get("direction");
            d.text().ifPresent(s -> {
                r.direction = Direction.fromCode(s);
                if (r.direction == null) {
                    d.error("expected inbound or outbound, got '" + s + "'");
                }
            });
        }
        r.queues = names(e.get("queue"));
        r.purposes = names(e.get("purpose"));
        r.callerPrefixes = prefixes(e.get("callerPrefix"));
        r.calleePrefixes = prefixes(e.get("calleePrefix"));
        r.jurisdictions = jurisdictions(e.get("jurisdiction"));
        r.callerJurisdictions = jurisdictions(e.get("callerJurisdiction"));
        r.calleeJurisdictions = jurisdictions(e.get("calleeJurisdiction"));
        if (e.containsKey("headers")) {
            r.headers = headers(e.get("headers"));
        }
        if (e.containsKey("time")) {
            r.time = time(e.get("time"));
        }
        if (e.containsKey("emergency")) {
            r.emergency = e.get("emergency").bool().orElse(null);
        }
        if (e.containsKey("consent")) {
            YamlNode c = e.get("consent");
            c.text().ifPresent(s -> {
                switch (s) {
                    case "recorded" -> r.consent = Rule.ConsentMatch.RECORDED;
                    case "token" -> r.consent = Rule.ConsentMatch.TOKEN;
                    case "any" -> r.consent = Rule.ConsentMatch.ANY;
                    default -> c.error("expected recorded, token or any, got '" + s + "'");
                }
            });
        }
    }

    private static Set<String> names(YamlNode n) {
        if (n == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : n.texts()) {
            if (s.isBlank()) {
                n.error("must not be empty");
            } else {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            n.error("lists no value (leave the field out to match any)");
        }
        return Set.copyOf(out);
    }

    private static List<String> prefixes(YamlNode n) {
        if (n == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String s : n.texts()) {
            if (PREFIX.matcher(s).matches()) {
                out.add(s);
            } else {
                n.error("number prefix must be '+' and digits (E.164), got '" + s + "'");
            }
        }
        return List.copyOf(out);
    }

    private static Set<String> jurisdictions(YamlNode n) {
        if (n == null) {
            return null;
        }
        Set<String> out = new TreeSet<>();
        for (String s : n.texts()) {
            if (JurisdictionCodes.isValid(s)) {
                out.add(s);
            } else {
                n.error(JurisdictionCodes.problem(s));
            }
        }
        return Set.copyOf(out);
    }

    private static List<HeaderCondition> headers(YamlNode n) {
        List<HeaderCondition> out = new ArrayList<>();
        for (Map.Entry<String, YamlNode> h : n.entries().entrySet()) {
            String name = h.getKey();
            YamlNode v = h.getValue();
            if (!HEADER_NAME.matcher(name).matches()) {
                v.error("not a SIP header name: '" + name + "'");
                continue;
            }
            if (v.isScalar()) {
                v.text().ifPresent(s -> out.add(new HeaderCondition(name, HeaderCondition.Kind.EQUALS, s)));
                continue;
            }
            Map<String, YamlNode> c = v.entries(List.of("equals", "prefix", "matches", "present"));
            if (c.size() != 1) {
                v.error("give exactly one of equals, prefix, matches, present");
                continue;
            }
            Map.Entry<String, YamlNode> t = c.entrySet().iterator().next();
            switch (t.getKey()) {
                case "equals" -> t.getValue().text().ifPresent(s -> out.add(new HeaderCondition(name, HeaderCondition.Kind.EQUALS, s)));
                case "prefix" -> t.getValue().nonEmptyText().ifPresent(s -> out.add(new HeaderCondition(name, HeaderCondition.Kind.PREFIX, s)));
                case "present" -> t.getValue().bool().ifPresent(b -> out.add(
                        new HeaderCondition(name, b ? HeaderCondition.Kind.PRESENT : HeaderCondition.Kind.ABSENT, null)));
                case "matches" -> t.getValue().nonEmptyText().ifPresent(s -> {
                    try {
                        out.add(new HeaderCondition(name, HeaderCondition.Kind.MATCHES, s));
                    } catch (PatternSyntaxException ex) {
                        t.getValue().error("not a valid regular expression: " + ex.getDescription());
                    }
                });
                default -> { } // reported as unknown field
            }
        }
        return List.copyOf(out);
    }

    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);

    private static TimeWindow time(YamlNode n) {
        Map<String, YamlNode> e = n.entries(List.of("days", "from", "to", "zone"));
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (e.containsKey("days")) {
            for (String d : e.get("days").texts()) {
                String[] range = d.toLowerCase(java.util.Locale.ROOT).split("-", 2);
                DayOfWeek a = DAYS.get(range[0]);
                DayOfWeek b = range.length == 2 ? DAYS.get(range[1]) : a;
                if (a == null || b == null) {
                    e.get("days").error("expected days such as mon, tue or a range mon-fri, got '" + d + "'");
                    continue;
                }
                for (DayOfWeek x = a; ; x = x.plus(1)) {
                    days.add(x);
                    if (x == b) {
                        break;
                    }
                }
            }
        }
        LocalTime from = localTime(e, "from", n);
        LocalTime to = localTime(e, "to", n);
        ZoneId zone = null;
        if (!e.containsKey("zone")) {
            n.error("zone: missing (an IANA zone such as Europe/London; times without a zone are ambiguous)");
        } else {
            YamlNode z = e.get("zone");
            Optional<String> s = z.text();
            if (s.isPresent()) {
                try {
                    zone = ZoneId.of(s.get());
                } catch (DateTimeException ex) {
                    z.error("unknown time zone '" + s.get() + "'");
                }
            }
        }
        if (from == null || to == null || zone == null) {
            return null;
        }
        if (from.equals(to)) {
            n.error("from and to are equal: the window is empty (leave time out to match all day)");
            return null;
        }
        return new TimeWindow(days, from, to, zone);
    }

    private static LocalTime localTime(Map<String, YamlNode> e, String key, YamlNode parent) {
        YamlNode n = e.get(key);
        if (n == null) {
            parent.error(key + ": missing (HH:MM)");
            return null;
        }
        Optional<String> s = n.text();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return LocalTime.parse(s.get());
        } catch (DateTimeParseException ex) {
            n.error("expected a time of day HH:MM, got '" + s.get() + "'");
            return null;
        }
    }

    private static String optText(Map<String, YamlNode> e, String key) {
        YamlNode n = e.get(key);
        return n == null ? null : n.nonEmptyText().orElse(null);
    }

    /** Warns about rules that an earlier rule always takes first. */
    private static void warnShadowed(Policy policy, Problems problems) {
        RuleIndex index = policy.index();
        for (Rule later : policy.rules()) {
            long[] coverers = index.possibleCoverers(later);
            for (int w = 0; w < coverers.length && (w << 6) < later.index; w++) {
                long bits = coverers[w];
                while (bits != 0) {
                    int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    if (i >= later.index) {
                        break;
                    }
                    Rule earlier = index.rule(i);
                    if (earlier.covers(later)) {
                        problems.warning(later.line, later.id, "never reached: rule '" + earlier.id + "' (line "
                                + earlier.line + ") matches every call this rule matches");
                        w = coverers.length; // one reason is enough
                        break;
                    }
                }
            }
        }
    }

    /**
     * Problems inside a rule carry YAML paths such as {@code rules[3].match.queue}; an operator thinks
     * in rule ids, so they become {@code file:line: rule-id: match.queue: problem}.
     */
    private static Problems relabel(Problems problems, Map<String, String> labels) {
        Problems out = new Problems(problems.file());
        for (Problem p : problems.errors()) {
            String[] pm = relabel(p, labels);
            out.error(p.line(), pm[0], pm[1]);
        }
        for (Problem p : problems.warnings()) {
            String[] pm = relabel(p, labels);
            out.warning(p.line(), pm[0], pm[1]);
        }
        return out;
    }

    private static String[] relabel(Problem p, Map<String, String> labels) {
        String path = p.path();
        if (!path.startsWith("rules[")) {
            return new String[] {path, p.message()};
        }
        int close = path.indexOf(']');
        String label = path.substring(0, close + 1);
        String rest = path.substring(close + 1);
        if (rest.startsWith(".")) {
            rest = rest.substring(1);
        }
        String id = labels.getOrDefault(label, label);
        return new String[] {id, rest.isEmpty() ? p.message() : rest + ": " + p.message()};
    }
}
