package io.mailferry.service.engine.port.interchange;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Time zone names as Exchange and Microsoft 365 give them (Windows names such as "W. Europe Standard Time") and as
 * iCalendar readers expect them (IANA ids such as "Europe/Berlin"). The Windows names are those of CLDR's
 * windowsZones table (territory "001") for the zones most used; a name neither known here nor an IANA id is unknown
 * ({@link #zone} answers null) and its events travel in UTC with the name kept beside them.
 */
public final class TimeZones {
    private static final Map<String, String> WINDOWS_TO_IANA = new HashMap<>();
    private static final Map<String, String> IANA_TO_WINDOWS = new HashMap<>();

    static {
        String[] pairs = {
            "UTC", "Etc/UTC",
            "Dateline Standard Time", "Etc/GMT+12",
            "Hawaiian Standard Time", "Pacific/Honolulu",
            "Alaskan Standard Time", "America/Anchorage",
            "Pacific Standard Time", "America/Los_Angeles",
            "US Mountain Standard Time", "America/Phoenix",
            "Mountain Standard Time", "America/Denver",
            "Central America Standard Time", "America/Guatemala",
            "Central Standard Time", "America/Chicago",
            "Central Standard Time (Mexico)", "America/Mexico_City",
            "Canada Central Standard Time", "America/Regina",
            "SA Pacific Standard Time", "America/Bogota",
            "Eastern Standard Time", "America/New_York",
            "Atlantic Standard Time", "America/Halifax",
            "Newfoundland Standard Time", "America/St_Johns",
            "E. South America Standard Time", "America/Sao_Paulo",
            "Argentina Standard Time", "America/Buenos_Aires",
            "Azores Standard Time", "Atlantic/Azores",
            "Cape Verde Standard Time", "Atlantic/Cape_Verde",
            "GMT Standard Time", "Europe/London",
            "Greenwich Standard Time", "Atlantic/Reykjavik",
            "W. Europe Standard Time", "Europe/Berlin",
            "Central Europe Standard Time", "Europe/Budapest",
            "Romance Standard Time", "Europe/Paris",
            "Central European Standard Time", "Europe/Warsaw",
            "W. Central Africa Standard Time", "Africa/Lagos",
            "GTB Standard Time", "Europe/Bucharest",
            "Egypt Standard Time", "Africa/Cairo",
            "South Africa Standard Time", "Africa/Johannesburg",
            "FLE Standard Time", "Europe/Kiev",
            "Israel Standard Time", "Asia/Jerusalem",
            "Turkey Standard Time", "Europe/Istanbul",
            "Arab Standard Time", "Asia/Riyadh",
            "Russian Standard Time", "Europe/Moscow",
            "E. Africa Standard Time", "Africa/Nairobi",
            "Iran Standard Time", "Asia/Tehran",
            "Arabian Standard Time", "Asia/Dubai",
            "Afghanistan Standard Time", "Asia/Kabul",
            "Pakistan Standard Time", "Asia/Karachi",
            "India Standard Time", "Asia/Calcutta",
            "Nepal Standard Time", "Asia/Katmandu",
            "Bangladesh Standard Time", "Asia/Dhaka",
            "Myanmar Standard Time", "Asia/Rangoon",
            "SE Asia Standard Time", "Asia/Bangkok",
            "China Standard Time", "Asia/Shanghai",
            "Singapore Standard Time", "Asia/Singapore",
            "Taipei Standard Time", "Asia/Taipei",
            "W. Australia Standard Time", "Australia/Perth",
            "Tokyo Standard Time", "Asia/Tokyo",
            "Korea Standard Time", "Asia/Seoul",
            "Cen. Australia Standard Time", "Australia/Adelaide",
            "AUS Central Standard Time", "Australia/Darwin",
            "E. Australia Standard Time", "Australia/Brisbane",
            "AUS Eastern Standard Time", "Australia/Sydney",
            "Tasmania Standard Time", "Australia/Hobart",
            "West Pacific Standard Time", "Pacific/Port_Moresby",
            "New Zealand Standard Time", "Pacific/Auckland",
            "Fiji Standard Time", "Pacific/Fiji",
            "Tonga Standard Time", "Pacific/Tongatapu",
        };
        for (int i = 0; i < pairs.length; i += 2) {
            WINDOWS_TO_IANA.put(pairs[i].toLowerCase(Locale.ROOT), pairs[i + 1]);
            IANA_TO_WINDOWS.put(pairs[i + 1], pairs[i]);
        }
    }

    private TimeZones() {
    }

    /** The zone {@code name} stands for (a Windows name from the table or an IANA id), or null when unknown. */
    public static ZoneId zone(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String iana = WINDOWS_TO_IANA.get(name.strip().toLowerCase(Locale.ROOT));
        try {
            return ZoneId.of(iana != null ? iana : name.strip());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The Windows name Exchange expects for {@code name}: itself when it is one, the table's for an IANA id it
     * knows, else null.
     */
    public static String windowsName(String name) {
        if (name == null) {
            return null;
        }
        if (WINDOWS_TO_IANA.containsKey(name.strip().toLowerCase(Locale.ROOT))) {
            return name.strip();
        }
        return IANA_TO_WINDOWS.get(name.strip());
    }
}
