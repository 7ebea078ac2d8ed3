package io.mailferry.service.engine;

import java.util.regex.Pattern;

/**
 * A folder include/exclude pattern on "/"-joined paths: {@code *} matches within one level, {@code **} across levels
 * ({@code Projects/**} matches "Projects" itself and everything below it), {@code ?} one character. Matching ignores
 * case, because admins type "inbox" as often as "INBOX".
 */
final class FolderGlob {
    private final Pattern pattern;

    private FolderGlob(Pattern pattern) {
        this.pattern = pattern;
    }

    static FolderGlob of(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            if (glob.startsWith("**/", i)) {
                re.append("(?:.*/)?");
                i += 3;
            } else if (glob.startsWith("/**", i) && i + 3 == glob.length()) {
                re.append("(?:/.*)?");
                i += 3;
            } else if (glob.startsWith("**", i)) {
                re.append(".*");
                i += 2;
            } else {
                char c = glob.charAt(i++);
                re.append(switch (c) {
                    case '*' -> "[^/]*";
                    case '?' -> "[^/]";
                    default -> Pattern.quote(String.valueOf(c));
                });
            }
        }
        return new FolderGlob(Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    boolean matches(String path) {
        return pattern.matcher(path).matches();
    }
}
