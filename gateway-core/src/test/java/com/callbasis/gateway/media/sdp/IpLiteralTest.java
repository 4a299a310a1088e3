package com.callbasis.gateway.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {
    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "192.0.2.1", "255.255.255.255", "::", "::1", "2001:db8::10", "2001:DB8:0:0:0:0:0:1",
        "fe80::1:2:3:4:5:6", "1::", "::ffff:192.0.2.1", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:192.0.2.1"})
    void accepts(String s) throws Exception {
        InetAddress ip = IpLiteral.parse(s);
        assertThat(ip).isNotNull();
        assertThat(ip).isEqualTo(InetAddress.getByName(s)); // literals only: no DNS here
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "a.b.c.d", "example.com",
        ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "[::1]", "fe80::1%eth0",
        "1.2.3.4::", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", ":1::", "1::2:", "\uff11::1"})
    void refuses(String s) {
        assertThat(IpLiteral.parse(s)).isNull();
    }
}
