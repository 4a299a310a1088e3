package com.callbasis.gateway.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CSeqTest {
    @Test
    void parses() {
        assertThat(CSeq.parse("4711 INVITE")).isEqualTo(new CSeq(4711, "INVITE"));
        assertThat(CSeq.parse(" 0009 \t INVITE ")).isEqualTo(new CSeq(9, "INVITE")); // leading zeros, wsinv
        assertThat(CSeq.parse("2147483647 RE%47IST%45R").method()).isEqualTo("RE%47IST%45R"); // not unescaped (esc02)
        assertThat(CSeq.parse("1 invite").method()).isEqualTo("invite"); // methods are case-sensitive
        assertThat(new CSeq(3, "BYE").toString()).isEqualTo("3 BYE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "INVITE", "1", "2147483648 INVITE", "36893488147419103232 REGISTER", "-1 INVITE", "1 INV ITE",
            "1 INVITE;x", "one INVITE"})
    void malformed(String s) {
        assertThatThrownBy(() -> CSeq.parse(s)).isInstanceOf(IllegalArgumentException.class);
    }
}
