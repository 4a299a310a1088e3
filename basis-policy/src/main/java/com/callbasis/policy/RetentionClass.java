package com.callbasis.policy;

import java.time.Period;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A declared retention class: its period and, optionally, its minimum (a floor before which a
 * recording may be neither erased nor deleted). Written {@code name: P5Y} or
 * {@code name: {period: P5Y, minimum: P5Y}}.
 */
record RetentionClass(Period period, Period minimum) {
    /**
     * The canonical form: the bare period when there is no minimum, so that the digest of a policy
     * written before minimums existed stays what it was.
     */
    Object canonical() {
        if (minimum == null) {
            return period.toString();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minimum", minimum.toString());
        m.put("period", period.toString());
        return m;
    }

    /**
     * Whether {@code a} is never longer than {@code b}, whatever the start date: true when neither its
     * months (years count twelve) nor its days exceed {@code b}'s. Periods mixing the units the other
     * way round (P1Y against P400D) have no answer that holds for every date and count as longer.
     */
    static boolean notLonger(Period a, Period b) {
        return a.toTotalMonths() <= b.toTotalMonths() && a.getDays() <= b.getDays();
    }
}
