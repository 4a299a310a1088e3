package com.callbasis.gateway.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SipUriTest {
    @Test
    void fullForm() {
        SipUri u = SipUri.parse("sips:alice:secret@Example.COM:5061;transport=tls;lr;maddr=239.255.255.1?subject=project%20x&priority=urgent");
        assertThat(u.scheme()).isEqualTo("sips");
        assertThat(u.user()).contains("alice");
        assertThat(u.password()).contains("secret");
        assertThat(u.host()).isEqualTo("Example.COM");
        assertThat(u.port()).isEqualTo(5061);
        assertThat(u.transport()).contains("tls");
        assertThat(u.looseRouting()).isTrue();
        assertThat(u.params().get("MADDR")).contains("239.255.255.1");
        assertThat(u.headers()).contains("subject=project%20x&priority=urgent");
        assertThat(u.toString()).isEqualTo("sips:alice:secret@Example.COM:5061;transport=tls;lr;maddr=239.255.255.1?subject=project%20x&priority=urgent");
    }

    @Test
    void ipv6References() {
        SipUri u = SipUri.parse("sip:[2001:db8::10]:5070;transport=udp");
        assertThat(u.host()).isEqualTo("[2001:db8::10]");
        assertThat(u.hostAddress()).isEqualTo("2001:db8::10");
        assertThat(u.port()).isEqualTo(5070);
        assertThat(u.user()).isEmpty();
        SipUri v4tail = SipUri.parse("sip:bob@[::ffff:192.0.2.1]");
        assertThat(v4tail.hostAddress()).isEqualTo("::ffff:192.0.2.1");
        assertThat(v4tail.portOrDefault()).isEqualTo(5060);
        assertThat(SipUri.parse("sips:[::1]").portOrDefault()).isEqualTo(5061);
    }

    @Test
    void userPartMayContainSemicolonsAndQuestionMarks() {
        SipUri semi = SipUri.parse("sip:user;par=u%40example.net@example.com"); // RFC 4475 semiuri
        assertThat(semi.user()).contains("user;par=u%40example.net");
        assertThat(semi.host()).isEqualTo("example.com");
        assertThat(semi.params().isEmpty()).isTrue();
        SipUri tel = SipUri.parse("sip:+4930123456;phone-context=example.com@gw.example.net;user=phone");
        assertThat(tel.user()).contains("+4930123456;phone-context=example.com");
        assertThat(tel.params().get("user")).contains("phone");
    }

    @Test
    void equalityIgnoresCase() {
        assertThat(SipUri.parse("sip:Alice@EXAMPLE.com;Transport=UDP")).isEqualTo(SipUri.parse("sip:alice@example.com;transport=udp"))
                .hasSameHashCodeAs(SipUri.parse("sip:alice@example.com;transport=udp"));
        assertThat(SipUri.of("bob", "192.0.2.4", 5080).toString()).isEqualTo("sip:bob@192.0.2.4:5080");
        assertThat(SipUri.parse("sip:a@b").withUser("c").withParams(Params.EMPTY.with("lr", null)).toString()).isEqualTo("sip:c@b;lr");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tel:+123", "sip:", "sip:@host", "sip:a b@host", "sip:host:99999", "sip:host:", "sip:[::1", "sip:[zz::1]",
            "sip:ho_st", "sip:%zz@host", "sip:user@host;;", "sip:host;a=", "sip:<host>", "sip:host;a=1;a=2", "nocolon"})
    void malformed(String s) {
        assertThatThrownBy(() -> SipUri.parse(s)).isInstanceOf(IllegalArgumentException.class);
    }
}
