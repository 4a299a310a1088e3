package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectIdentityTest {
    @ParameterizedTest
    @CsvSource({
            "+442079460123, +442079460123",
            "'sip:+44-20-7946-0123@sbc.example.net;user=phone', +442079460123",
            "tel:+44-20-7946-0123, +442079460123",
            "sip:0301234567@pbx.example.de, tel:0301234567",
            "'tel:030 1234567', tel:0301234567",
            "sip:Alice@Example.COM:5061;transport=tls, sip:alice@example.com",
            "sips:agent.7@cc.example.net, sip:agent.7@cc.example.net",
    })
    void partiesWithAnIdentityNormalise(String party, String identity) {
        assertThat(SubjectIdentity.of(party)).isEqualTo(identity);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sip:anonymous@anonymous.invalid", "anonymous", "Anonymous", "sip:restricted@sbc.example.net",
            "sip:unknown@10.0.0.1", "tel:restricted", "sip:alice@host.invalid", "alice", "12345", "sip:@example.com", " "})
    void partiesWithoutAnIdentityHaveNone(String party) {
        assertThat(SubjectIdentity.of(party)).isNull();
    }
}
