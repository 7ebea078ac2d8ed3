package io.mailferry.service.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.SqlParser;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Jdbi's default parameter syntax ({@code :name} and {@code ?}) read by a plain scanner instead of Jdbi's ANTLR lexer,
 * which is interpreted cold at every start: parsing each statement once cost a short command about 30 ms on its main
 * thread and 13 MB of allocation (docs/performance.md, issue 10 part 24). The rules are Jdbi 3's
 * {@code ColonStatementLexer}, token for token: comments ({@code /* ... *}{@code /}, {@code --} and {@code //} to the end of
 * the line), {@code '...'} text (with {@code \'} inside) and {@code "..."} names are copied as they are; a backslash
 * escapes the next character; {@code ::} and {@code ??} are literal; {@code :} followed by Java letters, digits,
 * {@code .} or {@code ?.} is a named parameter, a lone {@code ?} a positional one. {@code ColonSqlParserTest} compares it with Jdbi's parser. Parsed
 * statements are cached (a data directory's statements are a fixed set, {@code bindList}'s expansions aside).
 */
final class ColonSqlParser implements SqlParser {
    private static final int CACHE_LIMIT = 2_000;
    private final Map<String, ParsedSql> cache = new ConcurrentHashMap<>();

    @Override
    public ParsedSql parse(String sql, StatementContext ctx) {
        ParsedSql parsed = cache.get(sql);
        if (parsed == null) {
            parsed = parse(sql);
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(sql, parsed);
        }
        return parsed;
    }

    @Override
    public String nameParameter(String rawName, StatementContext ctx) {
        return ":" + rawName;
    }

    static ParsedSql parse(String sql) {
        ParsedSql.Builder out = ParsedSql.builder();
        StringBuilder text = new StringBuilder(sql.length());
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int end;
            if ((c == '/' || c == '-') && (end = commentEnd(sql, i)) > 0) {
                text.append(sql, i, end);
                i = end;
            } else if (c == '\'' && (end = quotedEnd(sql, i)) > 0) {
                text.append(sql, i, end);
                i = end;
            } else if (c == '"' && (end = doubleQuotedEnd(sql, i)) > 0) {
                text.append(sql, i, end);
                i = end;
            } else if (c == '\\' && i + 1 < n) {
                text.append(sql.charAt(i + 1));
                i += 2;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                text.append("::");
                i += 2;
            } else if (c == ':' && (end = nameEnd(sql, i + 1)) > i + 1) {
                flush(out, text);
                out.appendNamedParameter(sql.substring(i + 1, end));
                i = end;
            } else if (c == '?' && i + 1 < n && sql.charAt(i + 1) == '?') {
                text.append("??");
                i += 2;
            } else if (c == '?') {
                flush(out, text);
                out.appendPositionalParameter();
                i++;
            } else {
                text.append(c);
                i++;
            }
        }
        flush(out, text);
        return out.build();
    }

    private static void flush(ParsedSql.Builder out, StringBuilder text) {
        if (text.length() > 0) {
            out.append(text.toString());
            text.setLength(0);
        }
    }

    /**
     * The end of a comment starting at {@code i}: "/*" to the first "*" + "/" (-1 when it never ends), "--" or "//" to
     * the end of the line; -1 when none starts there.
     */
    private static int commentEnd(String sql, int i) {
        if (i + 1 >= sql.length()) {
            return -1;
        }
        char c = sql.charAt(i);
        char next = sql.charAt(i + 1);
        if (c == '/' && next == '*') {
            int close = sql.indexOf("*/", i + 2);
            return close < 0 ? -1 : close + 2;
        }
        if ((c == '-' && next == '-') || (c == '/' && next == '/')) {
            int k = i + 2;
            while (k < sql.length() && sql.charAt(k) != '\r' && sql.charAt(k) != '\n') {
                k++;
            }
            return k;
        }
        return -1;
    }

    /**
     * The end of '...' text starting at {@code i}, or -1 when it never ends. As Jdbi's lexer takes the longest match: a
     * quote right after a backslash may stay inside, so the text ends at the first quote without one before it, or,
     * when there is none, at the last quote.
     */
    private static int quotedEnd(String sql, int i) {
        int last = -1;
        for (int k = i + 1; k < sql.length(); k++) {
            if (sql.charAt(k) == '\'') {
                if (sql.charAt(k - 1) != '\\') {
                    return k + 1;
                }
                last = k + 1;
            }
        }
        return last;
    }

    /** The end of "..." starting at {@code i} (at least one character inside), or -1. */
    private static int doubleQuotedEnd(String sql, int i) {
        int close = sql.indexOf('"', i + 1);
        return close <= i + 1 ? -1 : close + 1;
    }

    /**
     * Where the parameter name starting at {@code from} ends ({@code from} when there is none): Java letters (ASCII
     * letters, {@code $}, {@code _}, anything beyond ASCII, a surrogate pair), digits, {@code .} and {@code ?.}.
     */
    private static int nameEnd(String sql, int from) {
        int k = from;
        while (k < sql.length()) {
            char c = sql.charAt(k);
            boolean next = k + 1 < sql.length();
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
                    || c == '.' || (c > 0x7F && !Character.isHighSurrogate(c))) {
                k++;
            } else if (Character.isHighSurrogate(c) && next && Character.isLowSurrogate(sql.charAt(k + 1))) {
                k += 2;
            } else if (c == '?' && next && sql.charAt(k + 1) == '.') {
                k += 2;
            } else {
                break;
            }
        }
        return k;
    }
}
