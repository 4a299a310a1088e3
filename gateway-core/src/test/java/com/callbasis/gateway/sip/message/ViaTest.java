package com.callbasis.gateway.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ViaTest {
    @Test
    void typical() {
        Via v = Via.parse("SIP/2.0/udp pc33.example.com:5066;branch=z9hG4bK776asdhds;rport;received=192.0.2.1");
        assertThat(v.protocol()).isEqualTo("SIP/2.0");
        assertThat(v.transport()).isEqualTo("UDP");
        assertThat(v.host()).isEqualTo("pc33.example.com");
        assertThat(v.port()).isEqualTo(5066);
        assertThat(v.branch()).hasValueSatisfying(b -> assertThat(b).startsWith(Via.MAGIC_COOKIE));
        assertThat(v.params().get("rport")).contains("");
        assertThat(v.params().get("received")).contains("192.0.2.1");
        assertThat(v.sentBy()).isEqualTo("pc33.example.com:5066");
        assertThat(v.toString()).isEqualTo("SIP/2.0/UDP pc33.example.com:5066;branch=z9hG4bK776asdhds;rport;received=192.0.2.1");
    }

    @Test
    void lwsEverywhereTheGrammarAllowsIt() {
        Via v = Via.parse("SIP  /    2.0   / UDP  192.168.255.111 : 5062  ; branch= z9hG4bK30239"); // wsinv style
        assertThat(v.host()).isEqualTo("192.168.255.111");
        assertThat(v.port()).isEqualTo(5062);
        assertThat(v.branch()).contains("z9hG4bK30239");
    }

    @Test
    void ipv6SentByAndReceived() {
        Via v = Via.parse("SIP/2.0/TCP [2001:db8::9:1]:5061;branch=z9hG4bKas;received=[2001:db8::9:255]");
        assertThat(v.host()).isEqualTo("[2001:db8::9:1]");
        assertThat(v.port()).isEqualTo(5061);
        assertThat(v.params().get("received")).contains("[2001:db8::9:255]");
        assertThat(v.sentBy()).isEqualTo("[2001:db8::9:1]:5061");
        assertThat(Via.parse("SIP/2.0/UDP Host.Example.COM").sentBy()).isEqualTo("host.example.com:5060");
    }

    @Test
    void otherProtocolVersionIsKeptForA505() {
        Via v = Via.parse("SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw"); // RFC 4475 badvers
        assertThat(v.protocol()).isEqualTo("SIP/7.0");
        assertThat(v.toString()).isEqualTo("SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw");
    }

    @Test
    void copiesKeepTheRest() {
        Via v = new Via("tls", "gw.example.net", -1, Params.EMPTY.with("branch", "z9hG4bK1"));
        assertThat(v.toString()).isEqualTo("SIP/2.0/TLS gw.example.net;branch=z9hG4bK1");
        assertThat(v.withParams(v.params().with("received", "192.0.2.7")).toString())
                .isEqualTo("SIP/2.0/TLS gw.example.net;branch=z9hG4bK1;received=192.0.2.7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIP/2.0 UDP host", "SIP/2.0/ host", "SIP/2.0/UDP", "SIP/2.0/UDP host:", "SIP/2.0/UDP host:70000",
            "SIP/2.0/UDP 192.0.2.15;;", "SIP/2.0/UDP host;branch=", "SIP/2.0/UDP [::1", "SIP/2.0/UDP host junk", "S I P/2.0/UDP host",
            "SIP/2.0/UDP hóst"})
    void malformed(String s) {
        assertThatThrownBy(() -> Via.parse(s)).isInstanceOf(IllegalArgumentException.class);
    }
}
