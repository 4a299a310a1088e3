package com.callbasis.gateway.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameAddressTest {
    @Test
    void quotedDisplayNameWithEscapes() {
        NameAddress a = NameAddress.parse("\"Smith, \\\"Jr.\\\" \\\\ Co\" <sip:smith@example.com>;tag=xy;q=0.5");
        assertThat(a.displayName()).contains("\"Smith, \\\"Jr.\\\" \\\\ Co\"");
        assertThat(a.displayNameText()).contains("Smith, \"Jr.\" \\ Co");
        assertThat(a.uri()).isEqualTo("sip:smith@example.com");
        assertThat(a.tag()).contains("xy");
        assertThat(a.params().get("q")).contains("0.5");
        assertThat(a.toString()).isEqualTo("\"Smith, \\\"Jr.\\\" \\\\ Co\" <sip:smith@example.com>;tag=xy;q=0.5");
        assertThat(NameAddress.parse(a.toString()).displayNameText()).isEqualTo(a.displayNameText());
    }

    @Test
    void tokenDisplayNameAndNoSpaceBeforeBracket() {
        NameAddress a = NameAddress.parse("caller<sip:caller@example.com>;tag=323"); // RFC 4475 lwsdisp
        assertThat(a.displayName()).contains("caller");
        assertThat(a.displayNameText()).contains("caller");
        assertThat(NameAddress.parse("A. Bell <sip:a.g.bell@example.com>").displayName()).contains("A. Bell");
    }

    @Test
    void addrSpecParametersBelongToTheHeader() {
        NameAddress a = NameAddress.parse("sip:+19725552222@gw1.example.net;unknownparam;tag=7");
        assertThat(a.uri()).isEqualTo("sip:+19725552222@gw1.example.net");
        assertThat(a.params().has("unknownparam")).isTrue();
        assertThat(a.tag()).contains("7");
        assertThat(a.displayName()).isEmpty();
        NameAddress spaced = NameAddress.parse("sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n"); // wsinv
        assertThat(spaced.uri()).isEqualTo("sip:vivekg@chair-dnrc.example.com");
        assertThat(spaced.tag()).contains("1918181833n");
    }

    @Test
    void nameAddrParametersInsideBracketsBelongToTheUri() {
        NameAddress a = NameAddress.parse("<sip:[2001:db8::1]:5060;lr;transport=tcp>;tag=abc");
        assertThat(a.sipUri().orElseThrow().hostAddress()).isEqualTo("2001:db8::1");
        assertThat(a.sipUri().orElseThrow().looseRouting()).isTrue();
        assertThat(a.params().asMap()).containsOnlyKeys("tag");
    }

    @Test
    void tags() {
        NameAddress a = NameAddress.parse("<sip:b@example.com>");
        assertThat(a.tag()).isEmpty();
        NameAddress tagged = a.withTag("t1");
        assertThat(tagged.toString()).isEqualTo("<sip:b@example.com>;tag=t1");
        assertThat(tagged.withTag("t2").tag()).contains("t2");
        assertThat(tagged.withoutTag().tag()).isEmpty();
        assertThat(NameAddress.parse("<sip:b@example.com>;TAG=Up").tag()).contains("Up");
        assertThat(NameAddress.of("sip:x@y").withUri("sip:z@y").toString()).isEqualTo("<sip:z@y>");
    }

    @Test
    void otherSchemes() {
        assertThat(NameAddress.parse("isbn:2983792873").uri()).isEqualTo("isbn:2983792873");
        assertThat(NameAddress.parse("<tel:+4930123;phone-context=+49>").sipUri()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"Mr. J. User <sip:j.user@example.com>", // quotbal
        "\"Watson, Thomas\" < sip:t.watson@example.org >", // badaspec
        "Watson, Thomas <sip:t.watson@example.org>", // baddn
        "sip:user@example.com?Route=%3Csip:sip.example.com%3E", // regbadct
        "\"Joe\" <sip:joe@example.org>;;;;", // badinv01
        "\"quoted\" sip:no-brackets@example.com", "<sip:a@b", "<>", "<nocolon>", "", "<sip:a@b> trailing", "<sip:a@b>;tag="})
    void malformed(String s) {
        assertThatThrownBy(() -> NameAddress.parse(s)).isInstanceOf(IllegalArgumentException.class);
    }
}
