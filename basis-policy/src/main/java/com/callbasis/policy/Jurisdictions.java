package com.callbasis.policy;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a party is: the ISO 3166 country from libphonenumber, refined to the US state ({@code US-CA})
 * through the shipped NANP area-code table. A party that is not an E.164 number (a SIP URI with a name,
 * a withheld number) is {@link #UNKNOWN}, which a policy can give its own overlay.
 */
final class Jurisdictions {
    /** libphonenumber's code for "unknown region"; usable as a jurisdiction key in a policy. */
    static final String UNKNOWN = "ZZ";

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s().-]");
    private static final Map<String, String> NANP_STATE = loadNanp();

    private Jurisdictions() {
    }

    /**
     * The E.164 form of a party ({@code +4930...}) taken from a bare number, a {@code tel:} URI or the
     * user part of a {@code sip:} URI; null when there is none.
     */
    static String e164(String party) {
        if (party == null) {
            return null;
        }
        String s = party.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:") || lower.startsWith("tel:")) {
            s = s.substring(s.indexOf(':') + 1);
            int at = s.indexOf('@');
            if (at >= 0) {
                s = s.substring(0, at);
            }
            int semi = s.indexOf(';');
            if (semi >= 0) {
                s = s.substring(0, semi);
            }
        }
        s = SEPARATORS.matcher(s).replaceAll("");
        return E164.matcher(s).matches() ? s : null;
    }

    /** {@code DE}, {@code GB}, {@code US-CA}, or {@link #UNKNOWN}. */
    static String of(String e164) {
        if (e164 == null) {
            return UNKNOWN;
        }
        // NANP first: the area code names the state even for numbers libphonenumber deems unassigned
        if (e164.startsWith("+1") && e164.length() >= 5) {
            String state = NANP_STATE.get(e164.substring(2, 5));
            if (state != null) {
                return "US-" + state;
            }
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            PhoneNumber n = util.parse(e164, UNKNOWN);
            String region = util.getRegionCodeForNumber(n);
            if (region == null || region.equals(UNKNOWN)) {
                // not a valid number of any region: fall back to the country the dialling code belongs to
                region = util.getRegionCodeForCountryCode(n.getCountryCode());
            }
            return region == null || region.equals("001") ? UNKNOWN : region;
        } catch (NumberParseException e) {
            return UNKNOWN;
        }
    }

    /** The country part of a jurisdiction: {@code US} for {@code US-CA}. */
    static String country(String jurisdiction) {
        int dash = jurisdiction.indexOf('-');
        return dash < 0 ? jurisdiction : jurisdiction.substring(0, dash);
    }

    private static Map<String, String> loadNanp() {
        Map<String, String> out = new HashMap<>();
        try (InputStream in = Jurisdictions.class.getResourceAsStream("nanp-area-codes.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                for (int i = 1; i < f.length; i++) {
                    out.put(f[i], f[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }
}
