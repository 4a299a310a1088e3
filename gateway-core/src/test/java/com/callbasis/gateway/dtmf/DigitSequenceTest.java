package com.callbasis.gateway.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.gateway.dtmf.ConsentKeys.Choice;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigitSequenceTest {
    private static final long S = 1_000_000_000L;

    @Test
    void defaultWithdrawalMatchesStarNine() {
        DigitSequence.Matcher m = DigitSequence.defaultWithdrawal().matcher();
        assertThat(m.press('*', 10 * S)).isEmpty();
        assertThat(m.press('9', 11 * S)).isEqualTo(OptionalLong.of(11 * S));
        // it starts over
        assertThat(m.press('9', 12 * S)).isEmpty();
    }

    @Test
    void matchesAtTheEndOfOtherDigits() {
        DigitSequence.Matcher m = DigitSequence.of("*9").matcher();
        assertThat(m.press('1', 0)).isEmpty();
        assertThat(m.press('*', S / 2)).isEmpty();
        assertThat(m.press('*', S)).isEmpty();
        assertThat(m.press('9', 2 * S)).hasValue(2 * S);
    }

    @Test
    void interDigitTimeout() {
        DigitSequence.Matcher m = DigitSequence.of("*9").matcher(Duration.ofSeconds(3));
        m.press('*', 0);
        assertThat(m.press('9', 3 * S + 1)).isEmpty();
        m.press('*', 10 * S);
        assertThat(m.press('9', 13 * S)).hasValue(13 * S);
    }

    @Test
    void longerSequences() {
        DigitSequence.Matcher m = DigitSequence.of("#1a#").matcher();
        long t = 0;
        for (char c : "##1A#".toCharArray()) {
            OptionalLong r = m.press(c, t += S);
            assertThat(r.isPresent()).isEqualTo(t == 5 * S);
        }
        m.reset();
        assertThat(DigitSequence.of("12345678").length()).isEqualTo(8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "123456789", "*E", "1 2", "x"})
    void invalidSequences(String s) {
        assertThatThrownBy(() -> DigitSequence.of(s)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHasNoDigits() {
        assertThat(DigitSequence.of("*9").toString()).doesNotContain("9").doesNotContain("*");
        assertThat(DigitSequence.of("*9")).isEqualTo(DigitSequence.of("*9"));
    }

    @Test
    void consentKeys() {
        ConsentKeys k = ConsentKeys.defaults();
        assertThat(k.classify('1')).isEqualTo(Choice.AGREE);
        assertThat(k.classify('2')).isEqualTo(Choice.DECLINE);
        assertThat(k.classify(new DtmfDigit('9', DtmfSource.INBAND, 0))).isEqualTo(Choice.OTHER);
        ConsentKeys c = ConsentKeys.of('#', 'a');
        assertThat(c.classify('A')).isEqualTo(Choice.DECLINE);
        assertThat(c.toString()).doesNotContain("#");
        assertThatThrownBy(() -> ConsentKeys.of('1', '1')).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsentKeys.of('1', 'x')).isInstanceOf(IllegalArgumentException.class);
    }
}
