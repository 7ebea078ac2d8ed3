package io.mailferry.service.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One schema migration file {@code V<version>__<description>.sql} found on the classpath. */
record Migration(int version, String description, String resource, String sql, String checksum) {
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    /** The version in a file name, or -1 when the name is not a migration's. */
    static int versionOf(String fileName) {
        Matcher m = NAME.matcher(fileName);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    static String descriptionOf(String fileName) {
        Matcher m = NAME.matcher(fileName);
        return m.matches() ? m.group(2).replace('_', ' ') : fileName;
    }
}
