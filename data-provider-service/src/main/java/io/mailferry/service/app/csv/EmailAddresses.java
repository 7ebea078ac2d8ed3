package io.mailferry.service.app.csv;

import java.util.regex.Pattern;

/**
 * A deliberately plain address check for import files: it catches typos ("anna@", "anna@contoso", "anna smith@x.org")
 * without trying to accept every RFC 5322 oddity no mail system hands out as a mailbox name.
 */
public final class EmailAddresses {
    private static final String LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?";
    private static final Pattern ADDRESS = Pattern.compile(
            "[^@\\s\"(),:;<>\\[\\\\\\].]+(?:\\.[^@\\s\"(),:;<>\\[\\\\\\].]+)*@(?:" + LABEL + "\\.)+" + LABEL);

    private EmailAddresses() {
    }

    /** True for {@code local@domain.tld}: one @, no spaces, no empty dot-separated parts, a domain with a dot. */
    public static boolean isValid(String value) {
        return value != null && ADDRESS.matcher(value).matches();
    }
}
