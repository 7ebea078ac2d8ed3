package io.mailferry.service.engine.port.interchange;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * The VTIMEZONE component for a TZID (RFC 5545 §3.6.5), built from the zone's rules in the JDK: the yearly daylight
 * saving rules in force where the zone has them (a STANDARD and a DAYLIGHT part with their RRULE), else the fixed
 * offset at the event's start.
 */
final class VTimeZone {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private VTimeZone() {
    }

    static void write(StringBuilder out, String tzid, ZoneId zone, Instant at) {
        ZoneRules rules = zone.getRules();
        ContentLines.add(out, "BEGIN", "VTIMEZONE");
        ContentLines.add(out, "TZID", tzid);
        List<ZoneOffsetTransitionRule> yearly = rules.getTransitionRules();
        if (yearly.size() == 2) {
            for (ZoneOffsetTransitionRule r : yearly) {
                boolean daylight = r.getOffsetAfter().getTotalSeconds() > r.getOffsetBefore().getTotalSeconds();
                ZoneOffsetTransition first = r.createTransition(1970);
                part(out, daylight ? "DAYLIGHT" : "STANDARD", first.getDateTimeBefore(), r.getOffsetBefore(),
                        r.getOffsetAfter(), rrule(r));
            }
        } else {
            ZoneOffset offset = rules.getOffset(at == null ? Instant.EPOCH : at);
            part(out, "STANDARD", LocalDateTime.of(1970, 1, 1, 0, 0), offset, offset, null);
        }
        ContentLines.add(out, "END", "VTIMEZONE");
    }

    private static void part(StringBuilder out, String name, LocalDateTime start, ZoneOffset from, ZoneOffset to,
            String rrule) {
        ContentLines.add(out, "BEGIN", name);
        ContentLines.add(out, "DTSTART", start.format(LOCAL));
        ContentLines.add(out, "TZOFFSETFROM", offset(from));
        ContentLines.add(out, "TZOFFSETTO", offset(to));
        if (rrule != null) {
            ContentLines.add(out, "RRULE", rrule);
        }
        ContentLines.add(out, "END", name);
    }

    /** "+0100", "-0330". */
    private static String offset(ZoneOffset o) {
        int s = o.getTotalSeconds();
        int abs = Math.abs(s);
        return (s < 0 ? "-" : "+") + String.format("%02d%02d", abs / 3600, abs / 60 % 60);
    }

    /**
     * The yearly rule: "the last Sunday of March" is stored by the JDK as "the Sunday on or after the 25th"; an n-th
     * weekday as "on or after" day 1, 8, 15 or 22; anything else by its day of the month.
     */
    private static String rrule(ZoneOffsetTransitionRule r) {
        Month m = r.getMonth();
        int dom = r.getDayOfMonthIndicator();
        DayOfWeek dow = r.getDayOfWeek();
        String base = "FREQ=YEARLY;BYMONTH=" + m.getValue();
        if (dow == null) {
            return base + ";BYMONTHDAY=" + dom;
        }
        String day = dow.name().substring(0, 2);
        if (dom < 0 || dom + 6 >= m.maxLength()) {
            return base + ";BYDAY=-1" + day;
        }
        if ((dom - 1) % 7 == 0) {
            return base + ";BYDAY=" + ((dom - 1) / 7 + 1) + day;
        }
        return base + ";BYMONTHDAY=" + dom; // rare: approximated by the day it starts from
    }
}
