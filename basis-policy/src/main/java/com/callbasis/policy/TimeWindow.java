package com.callbasis.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A rule's {@code match.time}: days of the week and a local-time window in a named zone. {@code from}
 * is inclusive and {@code to} exclusive; {@code from} after {@code to} spans midnight (the day is the
 * day the window starts).
 */
final class TimeWindow {
    final Set<DayOfWeek> days;
    final LocalTime from;
    final LocalTime to;
    final ZoneId zone;

    TimeWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
        this.days = days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
        this.from = from;
        this.to = to;
        this.zone = zone;
    }

    boolean contains(Instant t) {
        ZonedDateTime z = t.atZone(zone);
        LocalTime lt = z.toLocalTime();
        DayOfWeek d = z.getDayOfWeek();
        if (!from.isAfter(to)) {
            return days.contains(d) && !lt.isBefore(from) && lt.isBefore(to);
        }
        // overnight: the evening part belongs to today, the morning part to yesterday's window
        return (days.contains(d) && !lt.isBefore(from)) || (days.contains(d.minus(1)) && lt.isBefore(to));
    }

    Object canonical() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> ds = new ArrayList<>();
        for (DayOfWeek d : days) {
            ds.add(d.name().substring(0, 3).toLowerCase(Locale.ROOT));
        }
        m.put("days", ds);
        m.put("from", from.toString());
        m.put("to", to.toString());
        m.put("zone", zone.getId());
        return m;
    }

    boolean sameAs(TimeWindow o) {
        return days.equals(o.days) && from.equals(o.from) && to.equals(o.to) && zone.equals(o.zone);
    }
}
