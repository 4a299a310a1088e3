package com.callbasis.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.recorder.codec.Decoders;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 15: after a codec change by re-INVITE, PCMA packets sent before the answer reached
 * the recorder were not decoded. G.711's static types need no SDP (RFC 3551), so they never go undecoded.
 */
class PayloadTypesTest {
    @Test
    void staticG711TypesAreDecodedBeforeTheirSdpArrives() {
        PayloadTypes pcmuOnly = PayloadTypes.builder().audio(0, Decoders.pcmu()).build();
        assertThat(pcmuOnly.audio(8)).isNotNull();
        assertThat(pcmuOnly.audio(8).encoding()).isEqualTo(Decoders.pcma().encoding());
        assertThat(pcmuOnly.audio(0).encoding()).isEqualTo(Decoders.pcmu().encoding());
        // dynamic and other static types still need their SDP
        assertThat(pcmuOnly.audio(9)).isNull();
        assertThat(pcmuOnly.audio(96)).isNull();
        assertThat(pcmuOnly.audio(-1)).isNull();
        assertThat(pcmuOnly.audio(128)).isNull();
    }

    @Test
    void aStaticTypeNegotiatedAsTelephoneEventStaysAnEventType() {
        PayloadTypes odd = PayloadTypes.builder().audio(0, Decoders.pcmu()).telephoneEvent(8).build();
        assertThat(odd.isTelephoneEvent(8)).isTrue();
        assertThat(odd.audio(8)).isNull();
    }
}
