package com.callbasis.policy;

import com.callbasis.config.yaml.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A validated, immutable lawful-basis policy, as loaded by {@link PolicyLoader}. Its identity is
 * {@link #digest()}: the SHA-256 of its canonical JSON form, so comments, key order and formatting of
 * the YAML file do not change it, while any change in meaning does. Every decision names it.
 */
public final class Policy {
    private final String source;
    private final String name;
    private final Map<String, Boolean> publicAuthority;
    private final Map<String, RetentionClass> retentionClasses;
    private final Map<String, Overlay> overlays;
    private final List<Rule> rules;
    private final RuleIndex index;
    private final List<Problem> warnings;
    private final Set<Basis> pauseForbidden;
    private final Map<String, Notice> notices;
    private final Map<String, TenantNotices> tenantNotices;
    private final java.time.Duration noticeMaxDuration;
    private final ReplayPurposes replay;
    private final String canonicalJson;
    private final String digest;

    Policy(String source, String name, Map<String, Boolean> publicAuthority, Map<String, RetentionClass> retentionClasses,
            Map<String, Overlay> overlays, List<Rule> rules, List<Problem> warnings) {
        this(source, name, publicAuthority, retentionClasses, overlays, rules, warnings, DEFAULT_PAUSE_FORBIDDEN);
    }

    Policy(String source, String name, Map<String, Boolean> publicAuthority, Map<String, RetentionClass> retentionClasses,
            Map<String, Overlay> overlays, List<Rule> rules, List<Problem> warnings, Set<Basis> pauseForbidden) {
        this(source, name, publicAuthority, retentionClasses, overlays, rules, warnings, pauseForbidden, Map.of(), Map.of(),
                DEFAULT_NOTICE_MAX_DURATION);
    }

    Policy(String source, String name, Map<String, Boolean> publicAuthority, Map<String, RetentionClass> retentionClasses,
            Map<String, Overlay> overlays, List<Rule> rules, List<Problem> warnings, Set<Basis> pauseForbidden,
            Map<String, Notice> notices, Map<String, TenantNotices> tenantNotices, java.time.Duration noticeMaxDuration) {
        this(source, name, publicAuthority, retentionClasses, overlays, rules, warnings, pauseForbidden, notices, tenantNotices,
                noticeMaxDuration, ReplayPurposes.NONE);
    }

    Policy(String source, String name, Map<String, Boolean> publicAuthority, Map<String, RetentionClass> retentionClasses,
            Map<String, Overlay> overlays, List<Rule> rules, List<Problem> warnings, Set<Basis> pauseForbidden,
            Map<String, Notice> notices, Map<String, TenantNotices> tenantNotices, java.time.Duration noticeMaxDuration,
            ReplayPurposes replay) {
        this.replay = java.util.Objects.requireNonNull(replay);
        this.notices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(notices));
        this.tenantNotices = Map.copyOf(tenantNotices);
        this.noticeMaxDuration = noticeMaxDuration;
        this.pauseForbidden = Set.copyOf(pauseForbidden);
        this.source = source;
        this.name = name;
        this.publicAuthority = Map.copyOf(publicAuthority);
        this.retentionClasses = Map.copyOf(retentionClasses);
        this.overlays = Map.copyOf(overlays);
        this.rules = List.copyOf(rules);
        this.index = new RuleIndex(this.rules);
        this.warnings = List.copyOf(warnings);
        this.canonicalJson = Canonical.json(canonicalTree());
        this.digest = Canonical.sha256Hex(canonicalJson);
    }

    /** How long a notice recording may play unless {@code noticeLimits.maxDuration} says otherwise. */
    public static final java.time.Duration DEFAULT_NOTICE_MAX_DURATION = java.time.Duration.ofSeconds(30);

    /** The notice, consent prompt or confirmation declared under this id in {@code notices}. */
    public java.util.Optional<Notice> notice(String id) {
        return java.util.Optional.ofNullable(notices.get(id));
    }

    /** Every declared notice, in file order. */
    public java.util.Collection<Notice> notices() {
        return notices.values();
    }

    /** The bound on a notice recording's length the policy was checked against ({@code noticeLimits.maxDuration}). */
    public java.time.Duration noticeMaxDuration() {
        return noticeMaxDuration;
    }

    /** The tenant's withdrawal confirmation ({@code tenants.<name>.withdrawalConfirmation}), if it names one. */
    public java.util.Optional<Notice> withdrawalConfirmation(String tenant) {
        return java.util.Optional.ofNullable(tenantNotices(tenant).withdrawalConfirmation());
    }

    /**
     * The withdrawal confirmation to play in a call, in the language chosen as for every notice
     * (the subject's jurisdiction overlay's language, else the tenant's, else the confirmation's first).
     */
    public java.util.Optional<NoticeChoice> withdrawalConfirmation(CallFacts facts) {
        Notice n = tenantNotices(facts.tenant()).withdrawalConfirmation();
        return n == null ? java.util.Optional.empty()
                : java.util.Optional.of(new NoticeChoice(n, language(n, facts.tenant(), subjectOverlay(facts))));
    }

    /** The tenant's default language ({@code tenants.<name>.language}, else its notice's first), if any. */
    public java.util.Optional<String> language(String tenant) {
        return java.util.Optional.ofNullable(tenantNotices(tenant).effectiveLanguage());
    }

    TenantNotices tenantNotices(String tenant) {
        TenantNotices t = tenantNotices.get(tenant);
        return t == null ? TenantNotices.NONE : t;
    }

    Overlay subjectOverlay(CallFacts f) {
        return overlay(f.direction() == Direction.INBOUND ? f.callerJurisdiction() : f.calleeJurisdiction());
    }

    /**
     * The notice of a kind for a decision (docs/policy.md, "Resolution"): the rule's, else the subject's
     * jurisdiction overlay's, else the other party's overlay's, else the tenant's; null when none is named.
     */
    NoticeChoice resolve(Notice.Kind kind, Rule rule, String tenant, Overlay subject, Overlay other) {
        Notice n = kind == Notice.Kind.NOTICE ? rule.notice : kind == Notice.Kind.CONSENT ? rule.consentPrompt : null;
        if (n == null) {
            n = ofKind(subject, kind);
        }
        if (n == null) {
            n = ofKind(other, kind);
        }
        if (n == null) {
            n = tenantNotices(tenant).of(kind);
        }
        return n == null ? null : new NoticeChoice(n, language(n, tenant, subject));
    }

    private static Notice ofKind(Overlay o, Notice.Kind kind) {
        if (o == null) {
            return null;
        }
        return kind == Notice.Kind.NOTICE ? o.notice : kind == Notice.Kind.CONSENT ? o.consentPrompt : null;
    }

    /** The subject overlay's language if the notice has it, else the tenant's if it has it, else its first. */
    private String language(Notice n, String tenant, Overlay subject) {
        if (subject != null && subject.language != null && n.hasLanguage(subject.language)) {
            return subject.language;
        }
        String t = tenantNotices(tenant).effectiveLanguage();
        return t != null && n.hasLanguage(t) ? t : n.languages().get(0);
    }

    /** Bases whose recordings may not be paused unless the policy says otherwise: legal obligation (MiFID II). */
    public static final Set<Basis> DEFAULT_PAUSE_FORBIDDEN = Set.of(Basis.LEGAL_OBLIGATION);

    /** Bases under which a recording may not be paused ({@code recordingControl.pauseForbidden}). */
    public Set<Basis> pauseForbidden() {
        return pauseForbidden;
    }

    /**
     * The replay purposes that recordings made for {@code recordingPurpose} (the decision's purpose,
     * stored with the recording) allow ({@code purposes.<purpose>.replay}), sorted; empty when the
     * policy lists none for it, which means they may not be replayed at all.
     */
    public Set<String> replayPurposes(String recordingPurpose) {
        return replay.allowed(recordingPurpose);
    }

    /**
     * Whether a recording made for {@code recordingPurpose} may be replayed for {@code requestedPurpose}
     * under this policy: empty when it may, else the reason it may not, one line, e.g. {@code replay
     * purpose "training" is not allowed for recordings made for "mifid-order-record" (allowed: dispute,
     * regulatory-review)}. A missing or malformed requested purpose is refused too (and not echoed).
     */
    public java.util.Optional<String> checkReplay(String recordingPurpose, String requestedPurpose) {
        return replay.refusal(recordingPurpose, requestedPurpose);
    }

    /** Where it was loaded from, as given (a path, or {@code embedded:...}). Not part of the digest. */
    public String source() {
        return source;
    }

    /** The policy's own {@code name}, or null. */
    public String name() {
        return name;
    }

    /** 64 lowercase hex characters: SHA-256 of {@link #canonicalJson()}. */
    public String digest() {
        return digest;
    }

    /** The policy's meaning as canonical JSON (sorted keys, no whitespace); what the digest covers. */
    public String canonicalJson() {
        return canonicalJson;
    }

    /** Rule ids in evaluation order. */
    public List<String> ruleIds() {
        List<String> out = new ArrayList<>(rules.size());
        rules.forEach(r -> out.add(r.id));
        return out;
    }

    /** Line of a rule in its file, or 0 when unknown. */
    public int ruleLine(String ruleId) {
        for (Rule r : rules) {
            if (r.id.equals(ruleId)) {
                return r.line;
            }
        }
        return 0;
    }

    /** Problems that did not refuse the file, e.g. rules no call can reach. */
    public List<Problem> warnings() {
        return warnings;
    }

    /** Tenants declared public authorities (the only ones a public-task rule may serve). */
    public Set<String> publicAuthorities() {
        Set<String> out = new java.util.TreeSet<>();
        publicAuthority.forEach((t, pa) -> {
            if (pa) {
                out.add(t);
            }
        });
        return out;
    }

    List<Rule> rules() {
        return rules;
    }

    RuleIndex index() {
        return index;
    }

    RetentionClass retention(String retentionClass) {
        return retentionClasses.get(retentionClass);
    }

    /** The overlay for a party's jurisdiction: the exact one ({@code US-CA}) first, else the country's. */
    Overlay overlay(String jurisdiction) {
        Overlay o = overlays.get(jurisdiction);
        return o != null ? o : overlays.get(Jurisdictions.country(jurisdiction));
    }

    private Object canonicalTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        if (name != null) {
            m.put("name", name);
        }
        Map<String, Object> tenants = new TreeMap<>();
        publicAuthority.forEach((t, pa) -> tenants.put(t, TenantNotices.canonical(pa, tenantNotices.get(t))));
        m.put("tenants", tenants);
        Map<String, Object> ret = new TreeMap<>();
        retentionClasses.forEach((k, v) -> ret.put(k, v.canonical())); // a class without minimum keeps its old form
        m.put("retentionClasses", ret);
        if (!pauseForbidden.equals(DEFAULT_PAUSE_FORBIDDEN)) { // the default keeps older policies' digests
            m.put("recordingControl", Map.of("pauseForbidden", new java.util.TreeSet<>(pauseForbidden.stream().map(Basis::code).toList())));
        }
        Map<String, Object> jur = new TreeMap<>();
        overlays.forEach((k, v) -> jur.put(k, v.canonical()));
        m.put("jurisdictions", jur);
        List<Object> rs = new ArrayList<>();
        rules.forEach(r -> rs.add(r.canonical()));
        m.put("rules", rs);
        if (!notices.isEmpty()) { // only when declared, so that older policies keep their digests
            Map<String, Object> ns = new TreeMap<>();
            notices.forEach((id, n) -> ns.put(id, n.canonical()));
            m.put("notices", ns);
        }
        Object purposes = replay.canonical(); // null when nothing may be replayed: older policies keep their digests
        if (purposes != null) {
            m.put("purposes", purposes);
        }
        return m;
    }

    @Override
    public String toString() {
        return "Policy[" + source + ", " + rules.size() + " rules, digest " + digest + "]";
    }
}
