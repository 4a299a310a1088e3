package com.callbasis.gateway.dtmf;

/**
 * The keys of a consent prompt ("press 1 to agree, 2 to decline"): classifies a press. Immutable,
 * checked when made.
 */
public final class ConsentKeys {
    /** What a press means for the prompt. */
    public enum Choice { AGREE, DECLINE, OTHER }

    private final char agree;
    private final char decline;

    private ConsentKeys(char agree, char decline) {
        this.agree = agree;
        this.decline = decline;
    }

    /**
     * @throws IllegalArgumentException when a key is not one of {@code 0-9 * # A-D} or both are the same
     */
    public static ConsentKeys of(char agree, char decline) {
        char a = Character.toUpperCase(agree);
        char d = Character.toUpperCase(decline);
        if (!DtmfDigit.isDigit(a) || !DtmfDigit.isDigit(d)) {
            throw new IllegalArgumentException("consent keys must be 0-9 * # A-D");
        }
        if (a == d) {
            throw new IllegalArgumentException("agree and decline keys must differ");
        }
        return new ConsentKeys(a, d);
    }

    /** 1 agrees, 2 declines. */
    public static ConsentKeys defaults() {
        return new ConsentKeys('1', '2');
    }

    public Choice classify(char digit) {
        return digit == agree ? Choice.AGREE : digit == decline ? Choice.DECLINE : Choice.OTHER;
    }

    public Choice classify(DtmfDigit digit) {
        return classify(digit.digit());
    }

    @Override
    public String toString() {
        return "ConsentKeys[configured]";
    }
}
