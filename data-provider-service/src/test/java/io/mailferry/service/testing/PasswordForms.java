package io.mailferry.service.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The texts a password leaves behind when a login sends it in base64 (AUTHENTICATE PLAIN sends
 * base64("\0user\0password")), for tests that search for leaks. Written independently of the product's scrubber on
 * purpose: an oracle that shared its code would agree with the code's mistakes.
 */
public final class PasswordForms {
    private PasswordForms() {
    }

    /** For each of the three alignments inside a longer blob, the base64 characters that depend on the password only. */
    public static List<String> base64(String password) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        List<String> forms = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            byte[] shifted = new byte[k + pw.length];
            System.arraycopy(pw, 0, shifted, k, pw.length);
            String encoded = Base64.getEncoder().encodeToString(shifted);
            forms.add(encoded.substring(k == 0 ? 0 : 4, (k + pw.length) / 3 * 4));
        }
        return forms;
    }
}
