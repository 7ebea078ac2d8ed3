package io.mailferry.admin.wizard;

import io.mailferry.admin.ui.BackgroundRunner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.KeyStore;
import java.util.Collections;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * Whether a password opens a PKCS#12 (.pfx/.p12) file and the file holds a private key, checked away from the UI
 * thread: opening the file derives a key from the password (thousands of rounds, more with a strong export), which
 * on the UI thread froze the wizard at every keystroke of the password. One check runs at a time; when it ends,
 * {@link #checks} changes, and whatever asks again with the password typed by then starts the next. Used on the UI
 * thread only.
 */
final class Pkcs12Password {
    private final BackgroundRunner runner;
    private final ReadOnlyIntegerWrapper checks = new ReadOnlyIntegerWrapper();
    private byte[] checkedContent;
    private String checkedPassword;
    private String checkedProblem;
    private boolean running;

    Pkcs12Password(BackgroundRunner runner) {
        this.runner = runner;
    }

    /**
     * Why {@code password} does not open the file {@code name} with {@code content}, null when it does; while that is
     * being found out, a sentence saying so.
     */
    String problem(String name, byte[] content, String password) {
        if (!checked(content, password) && !running) {
            running = true;
            runner.run(() -> check(name, content, password), problem -> done(content, password, problem),
                    failure -> done(content, password, unreadable(name)));
        }
        return checked(content, password) ? checkedProblem : "Checking the password of " + name + "…";
    }

    /** Changes each time a check ends: bindings that show {@link #problem} depend on it. */
    ReadOnlyIntegerProperty checks() {
        return checks.getReadOnlyProperty();
    }

    private boolean checked(byte[] content, String password) {
        return content == checkedContent && password.equals(checkedPassword);
    }

    private void done(byte[] content, String password, String problem) {
        running = false;
        checkedContent = content;
        checkedPassword = password;
        checkedProblem = problem;
        checks.set(checks.get() + 1);
    }

    static String check(String name, byte[] content, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(content), password.toCharArray());
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return null;
                }
            }
            return name + " holds no private key; export the certificate with its key.";
        } catch (IOException e) {
            // PKCS#12 says "wrong password" and "not a PKCS#12 file" the same way.
            return password.isEmpty() ? "Enter the password of " + name + "."
                    : "This password does not open " + name + " (or it is not a .pfx/.p12 file).";
        } catch (Exception e) {
            return unreadable(name);
        }
    }

    private static String unreadable(String name) {
        return name + " could not be opened as a .pfx/.p12 file (Java does not read its format or its encryption);"
                + " export it again as PKCS#12 with AES, or choose a PEM file with the key.";
    }
}
