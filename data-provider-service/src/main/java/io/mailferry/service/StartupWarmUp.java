package io.mailferry.service;

import io.mailferry.service.app.license.LicenseVerifier;
import io.mailferry.service.store.SecretCipher;
import io.mailferry.service.store.StoreWarmUp;
import java.time.ZoneId;
import java.util.Calendar;
import java.util.GregorianCalendar;
import org.slf4j.LoggerFactory;

/**
 * The first-time work of opening a data directory — the time zone's rules, Jdbi's configuration, SQLite's native
 * library, JSON, AES-GCM, Ed25519 — done on a thread of its own while a command reads its arguments, so that its main
 * thread finds it done (a no-op {@code migrate}: docs/performance.md, issue 10 part 25; ADR 0051). Nothing it does is
 * seen by the command but as classes already loaded and initialised; a failure here is left to the command's own
 * attempt to report.
 */
public final class StartupWarmUp {
    private StartupWarmUp() {
    }

    /** Starts the warm-up; returns at once. Logging is set up first, on the calling thread (see below). */
    public static void start() {
        // while SLF4J sets itself up it answers any other thread with stand-in loggers, and the data directory's log
        // set-up could then be handed a stand-in instead of logback: it is set up here, before the thread starts
        LoggerFactory.getILoggerFactory();
        Thread warmUp = new Thread(StartupWarmUp::run, "mailferry-warm-up");
        warmUp.setDaemon(true);
        warmUp.setUncaughtExceptionHandler((thread, e) -> { }); // never a word on standard error
        warmUp.start();
    }

    private static void run() {
        try {
            // in the order the main thread meets them: the log's rolled file names are dated in this machine's zone,
            // whose rules' provider searches every jar of the class path at its first use, and its calendar reads the
            // locale's data (about 35 ms of the log's set-up)
            ZoneId.systemDefault().getRules();
            new GregorianCalendar().get(Calendar.DAY_OF_WEEK);
            StoreWarmUp.database();
            LicenseVerifier.warmUp();
            StoreWarmUp.json();
            SecretCipher.warmUp();
        } catch (Throwable e) {
            // only a head start: the command does each of these itself, and says what fails there
        }
    }
}
