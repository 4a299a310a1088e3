package com.callbasis.gateway.sip.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 5922 s.7: which identities a certificate asserts, and when it names the host we connected to. */
class PeerNamesTest {
    @TempDir
    static Path dir;
    static TestPki ca;

    @BeforeAll
    static void pki() throws Exception {
        ca = TestPki.ca("names", dir);
    }

    private static X509Certificate cert(String cn, String... sans) throws Exception {
        return ca.issue("c" + System.nanoTime(), cn, sans).certificate();
    }

    @Test
    void namesAreDnsAndSipUriSansAndTheCnOnlyWithoutSans() throws Exception {
        assertThat(PeerNames.of(cert("ignored.example", "dns:pbx.example", "uri:sip:example.com", "uri:https://example.com",
                "ip:192.0.2.1", "uri:SIPS:secure.example"))).containsExactly("pbx.example", "sip:example.com", "SIPS:secure.example");
        assertThat(PeerNames.of(cert("pbx.example"))).containsExactly("pbx.example");
        assertThat(PeerNames.of(cert("pbx.example", "ip:192.0.2.1"))).isEmpty();
    }

    @Test
    void aNameMustEqualADnsSanIgnoringCaseAndATrailingDot() throws Exception {
        X509Certificate c = cert("cn.example", "dns:PBX.example", "ip:127.0.0.1");
        assertThat(PeerNames.matches(c, "pbx.example")).isTrue();
        assertThat(PeerNames.matches(c, "pbx.example.")).isTrue();
        assertThat(PeerNames.matches(c, "other.example")).isFalse();
        assertThat(PeerNames.matches(c, "sub.pbx.example")).isFalse();
        assertThat(PeerNames.matches(c, "cn.example")).as("no CN once there are SANs").isFalse();
        assertThat(PeerNames.matches(c, "")).isFalse();
        assertThat(PeerNames.matches(c, null)).isFalse();
    }

    @Test
    void aWildcardSanMatchesNothing() throws Exception {
        // RFC 5922 s.7.2: a SIP domain is matched exactly; the JDK's HTTPS check alone would accept this.
        X509Certificate c = cert("w", "dns:*.example.com");
        assertThat(PeerNames.matches(c, "pbx.example.com")).isFalse();
        assertThat(PeerNames.matches(c, "*.example.com")).isTrue();
    }

    @Test
    void theCnCountsOnlyWhenTheCertificateHasNoSanAtAll() throws Exception {
        assertThat(PeerNames.matches(cert("pbx.example"), "pbx.example")).isTrue();
        assertThat(PeerNames.matches(cert("pbx.example"), "PBX.Example")).isTrue();
        // the JDK's HTTPS check falls back to the CN here, since there is no dNSName SAN
        assertThat(PeerNames.matches(cert("pbx.example", "ip:192.0.2.1"), "pbx.example")).isFalse();
        assertThat(PeerNames.matches(cert("pbx.example", "uri:sip:pbx.example"), "pbx.example")).isFalse();
    }

    @Test
    void anIpLiteralMustBeAnIpSanNeverADnsSanOrTheCn() throws Exception {
        assertThat(PeerNames.matches(cert("x", "ip:127.0.0.1"), "127.0.0.1")).isTrue();
        assertThat(PeerNames.matches(cert("x", "ip:127.0.0.1"), "127.0.0.2")).isFalse();
        assertThat(PeerNames.matches(cert("x", "dns:127.0.0.1"), "127.0.0.1")).isFalse();
        assertThat(PeerNames.matches(cert("127.0.0.1"), "127.0.0.1")).isFalse();
        X509Certificate v6 = cert("x", "ip:2001:db8::1");
        assertThat(PeerNames.matches(v6, "2001:db8:0:0:0:0:0:1")).isTrue();
        assertThat(PeerNames.matches(v6, "[2001:db8::1]")).isTrue();
        assertThat(PeerNames.matches(v6, "2001:db8::2")).isFalse();
    }
}
