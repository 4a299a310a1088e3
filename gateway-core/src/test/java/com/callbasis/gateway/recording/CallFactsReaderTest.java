package com.callbasis.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallFactsReaderTest {
    @Test
    void userPartOfSipSipsAndTelUrisWithoutParameters() {
        assertThat(CallFactsReader.user("sip:+442079460123@pbx.example;transport=tcp")).contains("+442079460123");
        assertThat(CallFactsReader.user("sips:alice@example.com")).contains("alice");
        assertThat(CallFactsReader.user("sip:+442079460123;npdi@pbx.example;user=phone")).contains("+442079460123");
        assertThat(CallFactsReader.user("tel:+442079460123;phone-context=example.com")).contains("+442079460123");
        assertThat(CallFactsReader.user("sip:pbx.example")).isEmpty();
        assertThat(CallFactsReader.user("not a uri")).isEmpty();
        assertThat(CallFactsReader.user(null)).isEmpty();
    }
}
