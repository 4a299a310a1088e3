package com.callbasis.policy;

/** The six lawful bases of GDPR Art. 6(1), with the names the policy file and the decision JSON use. */
public enum Basis {
    /** Art. 6(1)(a). */
    CONSENT("consent"),
    /** Art. 6(1)(b). */
    CONTRACT("contract"),
    /** Art. 6(1)(c). */
    LEGAL_OBLIGATION("legal_obligation"),
    /** Art. 6(1)(d). */
    VITAL_INTERESTS("vital_interests"),
    /** Art. 6(1)(e). */
    PUBLIC_TASK("public_task"),
    /** Art. 6(1)(f). */
    LEGITIMATE_INTERESTS("legitimate_interests");

    private final String code;

    Basis(String code) {
        this.code = code;
    }

    /** The snake_case name used in policy files and decisions. */
    public String code() {
        return code;
    }

    /** Parses a snake_case name; null when it is not one of the six. */
    public static Basis fromCode(String code) {
        for (Basis b : values()) {
            if (b.code.equals(code)) {
                return b;
            }
        }
        return null;
    }

    /** An Art. 21 objection stops processing on these two bases only. */
    public boolean objectable() {
        return this == PUBLIC_TASK || this == LEGITIMATE_INTERESTS;
    }
}
