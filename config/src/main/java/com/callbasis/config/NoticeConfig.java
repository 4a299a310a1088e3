package com.callbasis.config;

/**
 * How a route carries out notices and consent prompts (issue 13).
 *
 * @param play {@code ANSWER}: when the call is answered, the subject hears the prompt before the two
 *     parties are bridged; {@code EARLY}: as early media in a 183 before the INVITE is forwarded,
 *     falling back to {@code ANSWER} when the caller's offer cannot take early media
 * @param agentHears what the other party hears while the subject hears the prompt
 * @param withdrawSequence DTMF the subject presses mid-call to withdraw consent or object (Art. 21)
 * @param confirmWithdrawal play the tenant's withdrawal confirmation after a withdrawal stopped the recording
 */
public record NoticeConfig(Play play, AgentHears agentHears, String withdrawSequence, boolean confirmWithdrawal) {
    public enum Play { ANSWER, EARLY }

    public enum AgentHears { SILENCE, NOTICE }

    public static final NoticeConfig DEFAULT = new NoticeConfig(Play.ANSWER, AgentHears.SILENCE, "*9", true);

    /** A withdrawal sequence: one to eight keypad characters. */
    public static boolean validSequence(String s) {
        return s != null && s.matches("[0-9*#A-D]{1,8}");
    }
}
