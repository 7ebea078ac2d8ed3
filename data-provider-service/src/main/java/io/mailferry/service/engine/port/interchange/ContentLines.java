package io.mailferry.service.engine.port.interchange;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The content-line syntax iCalendar and vCard share (RFC 5545 §3.1, RFC 6350 §3.2): lines folded at 75 octets
 * without splitting a UTF-8 character, CRLF line ends, parameters (quoted where they hold ":", ";" or ","), and TEXT
 * values escaped ("\\", "\;", "\,", "\n"). Stateless.
 */
final class ContentLines {
    private static final int FOLD_OCTETS = 75;

    private ContentLines() {
    }

    /** One unfolded content line: its name in upper case, its parameters (names upper case) and its raw value. */
    record Line(String name, Map<String, String> params, String value) {
        String param(String key) {
            return params.get(key);
        }
    }

    /** Appends {@code name}, its parameters (pairs of name and value; null values left out) and {@code value}. */
    static void add(StringBuilder out, String name, String value, String... params) {
        StringBuilder line = new StringBuilder(name);
        for (int i = 0; i + 1 < params.length; i += 2) {
            if (params[i + 1] != null) {
                line.append(';').append(params[i]).append('=').append(quoteParam(params[i + 1]));
            }
        }
        line.append(':').append(value);
        fold(out, line.toString());
    }

    /** Appends a TEXT property (value escaped), unless {@code text} is null or empty. */
    static void text(StringBuilder out, String name, String text, String... params) {
        if (text != null && !text.isEmpty()) {
            add(out, name, escape(text), params);
        }
    }

    private static String quoteParam(String v) {
        String clean = v.replace("\"", "'").replaceAll("[\\r\\n]", " ");
        return clean.matches(".*[:;,].*") ? "\"" + clean + "\"" : clean;
    }

    /** Folds one logical line into lines of at most 75 octets, each continuation starting with a space. */
    static void fold(StringBuilder out, String line) {
        int octets = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + n > FOLD_OCTETS) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += n;
            i += Character.charCount(cp);
        }
        out.append("\r\n");
    }

    /** The logical lines of {@code text}: CRLF or LF ends, folded lines joined, blank lines dropped. */
    static List<Line> unfold(String text) {
        List<String> logical = new ArrayList<>();
        for (String raw : text.split("\r?\n", -1)) {
            if ((raw.startsWith(" ") || raw.startsWith("\t")) && !logical.isEmpty()) {
                int last = logical.size() - 1;
                logical.set(last, logical.get(last) + raw.substring(1));
            } else if (!raw.isEmpty()) {
                logical.add(raw);
            }
        }
        List<Line> lines = new ArrayList<>(logical.size());
        for (String l : logical) {
            Line parsed = parse(l);
            if (parsed != null) {
                lines.add(parsed);
            }
        }
        return lines;
    }

    /** Parses "NAME;P=V;Q="x:y":value"; null for a line without a colon. */
    static Line parse(String line) {
        boolean quoted = false;
        int colon = -1;
        for (int i = 0; i < line.length() && colon < 0; i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                colon = i;
            }
        }
        if (colon < 0) {
            return null;
        }
        List<String> parts = split(line.substring(0, colon));
        String name = parts.get(0).toUpperCase(Locale.ROOT);
        int dot = name.indexOf('.');
        if (dot >= 0) {
            name = name.substring(dot + 1); // a vCard group ("item1.TEL")
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : parts.subList(1, parts.size())) {
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? "" : p.substring(eq + 1).replace("\"", "");
            params.merge(key, value, (a, b) -> a + "," + b);
        }
        return new Line(name, params, line.substring(colon + 1));
    }

    /** Splits name and parameters on ";" outside quotes. */
    private static List<String> split(String head) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : head.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }

    /** Escapes a TEXT value: backslash, semicolon, comma and line breaks. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case ';' -> sb.append("\\;");
                case ',' -> sb.append("\\,");
                case '\n' -> sb.append("\\n");
                case '\r' -> {
                    if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                        sb.append("\\n");
                    }
                }
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Undoes {@link #escape}; also reads "\N" as a line break. */
    static String unescape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char n = value.charAt(++i);
                sb.append(n == 'n' || n == 'N' ? '\n' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Splits a structured value (N, ADR, ORG) on unescaped {@code sep}, each component unescaped. */
    static List<String> components(String value, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                cur.append(c).append(value.charAt(++i));
            } else if (c == sep) {
                out.add(unescape(cur.toString()));
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(unescape(cur.toString()));
        return out;
    }

    /** The components escaped and joined with ";" (trailing empty ones kept: the positions carry meaning). */
    static String structured(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append(';');
            }
            sb.append(parts[i] == null ? "" : escape(parts[i]));
        }
        return sb.toString();
    }
}
