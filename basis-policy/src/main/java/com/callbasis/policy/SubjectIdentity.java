package com.callbasis.policy;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who a party is, for consent, objections and erasure: the normalised identity that
 * {@link Pseudonyms#subjectKey} turns into a key, or none.
 *
 * <p>A party has a usable identity when it is a telephone number (E.164, or a national-format digit
 * string of 6 to 15 digits as the platform presents it, kept as {@code tel:} digits) or a SIP address
 * with a real user and host. A withheld caller ({@code sip:anonymous@anonymous.invalid}, RFC 3323
 * s.4.1.1.3), a placeholder such as {@code unknown}, {@code restricted} or {@code unavailable}, a bare
 * name without a host, or an address under the reserved {@code .invalid} domain has none: such a
 * party is nobody in particular, and giving all of them one shared key would let one anonymous
 * caller's consent or objection count for every other (issue 11, item 4).
 */
public final class SubjectIdentity {
    /** User parts platforms put in From when the number is withheld or unknown. */
    private static final Set<String> PLACEHOLDERS = Set.of("anonymous", "unknown", "unavailable", "restricted",
            "private", "withheld", "unknown-caller", "anonymous-caller", "invalid", "none", "null");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s().\\-]");
    private static final Pattern NATIONAL = Pattern.compile("\\d{6,15}");
    private static final Pattern SIP_USER_HOST = Pattern.compile("([^@;:\\s]+)@([A-Za-z0-9.\\-\\[\\]:]+)");

    private SubjectIdentity() {
    }

    /**
     * The normalised identity of a party ({@code +4930...}, {@code tel:0301234567} or
     * {@code sip:user@host}, lower case), or null when it has no usable identity.
     */
    public static String of(String party) {
        if (party == null || party.isBlank()) {
            return null;
        }
        String e164 = Jurisdictions.e164(party);
        if (e164 != null) {
            return e164;
        }
        String s = party.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        boolean sip = lower.startsWith("sip:") || lower.startsWith("sips:");
        boolean tel = lower.startsWith("tel:");
        String rest = sip || tel ? lower.substring(lower.indexOf(':') + 1) : lower;
        int semi = rest.indexOf(';');
        String core = semi < 0 ? rest : rest.substring(0, semi);
        int q = core.indexOf('?');
        if (q >= 0) {
            core = core.substring(0, q);
        }
        int at = core.indexOf('@');
        String user = at < 0 ? core : core.substring(0, at);
        String digits = SEPARATORS.matcher(user).replaceAll("");
        if (NATIONAL.matcher(digits).matches()) {
            return "tel:" + digits;
        }
        if (tel || at < 0) {
            return null; // a bare word ("anonymous", "alice") or a tel: URI that is not a number
        }
        var m = SIP_USER_HOST.matcher(core);
        if (!m.matches()) {
            return null;
        }
        String u = m.group(1);
        String host = m.group(2);
        int port = host.lastIndexOf(':');
        if (port > 0 && !host.endsWith("]")) {
            host = host.substring(0, port);
        }
        if (PLACEHOLDERS.contains(u) || host.equals("invalid") || host.endsWith(".invalid")) {
            return null;
        }
        return "sip:" + u + "@" + host;
    }
}
