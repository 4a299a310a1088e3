package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class JurisdictionCodesTest {
    @Test
    void embeddedCountryListIsTheOfficiallyAssignedOne() {
        // the JDK ships ISO 3166-1 alpha-2 too; a difference means ISO changed and the resource must follow
        assertThat(JurisdictionCodes.COUNTRIES).hasSize(249).containsExactlyInAnyOrder(Locale.getISOCountries());
        assertThat(JurisdictionCodes.COUNTRIES).contains("GB", "GR", "US", "AX", "SS").doesNotContain("UK", "EL", "EU", "XK", "ZZ");
    }

    @Test
    void usSubdivisionsAreTheFiftyStatesDcAndSixOutlyingAreas() {
        assertThat(JurisdictionCodes.US_SUBDIVISIONS).hasSize(57).contains("AL", "WY", "DC", "AS", "GU", "MP", "PR", "UM", "VI");
        assertThat(JurisdictionCodes.isValid("US-CA")).isTrue();
        assertThat(JurisdictionCodes.isValid("US-XX")).isFalse();
        assertThat(JurisdictionCodes.isValid("US-ZZ")).isFalse();
        assertThat(JurisdictionCodes.isValid("CA-ON")).isFalse();
        assertThat(JurisdictionCodes.isValid("ZZ")).isTrue();
        assertThat(JurisdictionCodes.isValid("XX")).isFalse();
    }

    @Test
    void suggestionsForCommonMistakes() {
        assertThat(JurisdictionCodes.suggestion("UK")).isEqualTo("GB");
        assertThat(JurisdictionCodes.suggestion("EL")).isEqualTo("GR");
        assertThat(JurisdictionCodes.suggestion("de")).isEqualTo("DE");
        assertThat(JurisdictionCodes.suggestion("us-ca")).isEqualTo("US-CA");
        assertThat(JurisdictionCodes.suggestion("XX")).isNull();
        assertThat(JurisdictionCodes.suggestion("US-XX")).isNull();
    }

    /** Every state the NANP table can derive must be nameable in a policy, or its overlay is impossible. */
    @Test
    void everyStateOfTheNanpTableIsValid() throws IOException {
        Set<String> states = new TreeSet<>();
        try (InputStream in = Jurisdictions.class.getResourceAsStream("nanp-area-codes.txt")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .forEach(l -> states.add("US-" + l.trim().split("\\s+")[0]));
        }
        assertThat(states).hasSizeGreaterThan(50).allMatch(JurisdictionCodes::isValid);
    }

    /**
     * Regions libphonenumber returns that are not officially assigned ISO codes: Ascension (AC) and
     * Tristan da Cunha (TA) are exceptionally reserved, Kosovo (XK) is user-assigned. A policy cannot
     * name them (they fall under no overlay); this test documents the list so a change is noticed.
     */
    @Test
    void libphonenumberRegionsOutsideIsoAreKnown() {
        Set<String> outside = new TreeSet<>();
        for (String region : PhoneNumberUtil.getInstance().getSupportedRegions()) {
            if (!JurisdictionCodes.isValid(region)) {
                outside.add(region);
            }
        }
        assertThat(outside).isSubsetOf("AC", "TA", "XK");
    }
}
