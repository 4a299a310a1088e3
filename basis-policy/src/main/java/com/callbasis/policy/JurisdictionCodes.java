package com.callbasis.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The jurisdiction codes a policy may name: the ones a party can actually have. A code outside this set
 * (UK for GB, US-XX) never equals any party's jurisdiction, so an overlay or match keyed on it would
 * load and silently never apply, turning a notice or all-party-consent rule into plain RECORD
 * (issue 11, item 6). The loader therefore refuses it.
 */
final class JurisdictionCodes {
    /**
     * ISO 3166-2:US: the 50 states, DC and the six outlying areas (AS, GU, MP, PR, UM, VI), as
     * {@code US-}... codes. The NANP table only yields a subset; the rest are valid for completeness.
     */
    static final Set<String> US_SUBDIVISIONS = Set.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID",
            "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
            "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
            "DC", "AS", "GU", "MP", "PR", "UM", "VI");

    /** Officially assigned ISO 3166-1 alpha-2 codes, from the shipped {@code iso3166-1-alpha2.txt}. */
    static final Set<String> COUNTRIES = loadCountries();

    /**
     * Codes people write for a country whose ISO code differs: UK is only reserved (at the UK's request)
     * and EL is the EU's own abbreviation for Greece; neither is what libphonenumber returns.
     */
    private static final Map<String, String> HINTS = Map.of("UK", "GB", "EL", "GR");

    private JurisdictionCodes() {
    }

    /** True for an assigned country code, {@code US-} and a state or territory, or {@link Jurisdictions#UNKNOWN}. */
    static boolean isValid(String code) {
        if (code.equals(Jurisdictions.UNKNOWN) || COUNTRIES.contains(code)) {
            return true;
        }
        return code.startsWith("US-") && US_SUBDIVISIONS.contains(code.substring(3));
    }

    /** The code probably meant, or null: UK gives GB, EL gives GR, gb gives GB, us-ca gives US-CA. */
    static String suggestion(String code) {
        String upper = code.toUpperCase(Locale.ROOT);
        String hint = HINTS.get(upper);
        if (hint != null) {
            return hint;
        }
        return !upper.equals(code) && isValid(upper) ? upper : null;
    }

    /** The loader's problem text for a code that {@link #isValid} refuses. */
    static String problem(String code) {
        String hint = suggestion(code);
        return "unknown jurisdiction '" + code + "'" + (hint == null ? "" : " (did you mean " + hint + "?)")
                + ": expected an ISO 3166 code such as DE, GB (ISO 3166-1 alpha-2), a US state or territory such as US-CA "
                + "(ISO 3166-2:US), or ZZ for unknown";
    }

    private static Set<String> loadCountries() {
        Set<String> out = new HashSet<>();
        try (InputStream in = JurisdictionCodes.class.getResourceAsStream("iso3166-1-alpha2.txt")) {
            if (in == null) {
                throw new IllegalStateException("iso3166-1-alpha2.txt is missing from the basis-policy jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("#")) {
                    for (String c : line.trim().split("\\s+")) {
                        if (!c.isEmpty()) {
                            out.add(c);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }
}
