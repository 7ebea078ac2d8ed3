package io.mailferry.service.connector.graph.doubles;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extended property ids as Exchange compares and spells them (learn.microsoft.com/graph/api/resources/
 * extended-properties-overview): {@code "{type} {proptag}"} for a MAPI tag, answered back as Graph spells it
 * ("Integer 0xe08": lower-case hex without leading zeros), and {@code "{type} {guid} Name {name}"} for a named property,
 * compared case-insensitively.
 */
final class PropertyIds {
    private static final Pattern TAG = Pattern.compile("(?i)\\s*(\\w+)\\s+0x([0-9a-f]{1,4})\\s*");
    private static final Pattern NAMED = Pattern.compile("(?i)\\s*(\\w+)\\s+\\{[0-9a-f-]{36}\\}\\s+name\\s+\\S.*");
    private static final Pattern QUOTED_ID = Pattern.compile("(?i)id\\s+eq\\s+'((?:[^']|'')*)'");

    /** MAPI property types as Graph spells them. */
    private static final java.util.Map<String, String> TYPES = java.util.Map.of("integer", "Integer", "systemtime",
            "SystemTime", "string", "String", "boolean", "Boolean", "long", "Long", "binary", "Binary", "double",
            "Double", "short", "Short", "float", "Float", "guid", "Guid");

    private PropertyIds() {
    }

    /** True for an id Graph accepts: a tag id or a named id. */
    static boolean valid(String id) {
        return TAG.matcher(id).matches() || NAMED.matcher(id).matches();
    }

    /** The key two spellings of one id share. */
    static String key(String id) {
        Matcher m = TAG.matcher(id);
        if (m.matches()) {
            return m.group(1).toLowerCase(Locale.ROOT) + " 0x" + Integer.toHexString(Integer.parseInt(m.group(2), 16));
        }
        return id.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** How Graph spells the id back. */
    static String spelled(String id) {
        Matcher m = TAG.matcher(id);
        if (m.matches()) {
            String type = TYPES.getOrDefault(m.group(1).toLowerCase(Locale.ROOT), m.group(1));
            return type + " 0x"
                    + Integer.toHexString(Integer.parseInt(m.group(2), 16));
        }
        return id.trim();
    }

    /** The keys of the ids an {@code $expand=singleValueExtendedProperties($filter=id eq '..' or ...)} names. */
    static List<String> expanded(String expand) {
        List<String> out = new ArrayList<>();
        if (expand == null || !expand.startsWith("singleValueExtendedProperties")) {
            return null;
        }
        Matcher m = QUOTED_ID.matcher(expand);
        while (m.find()) {
            out.add(key(m.group(1).replace("''", "'")));
        }
        return out;
    }
}
