package io.mailferry.service.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.TargetMailbox;

/**
 * The identity stamp written with each item on targets that hold one: a digest of the source server (the source
 * access's description: kind, host and port), the source mailbox, the source folder id and the source item id — so
 * two source servers with the same address and small folder numbers never share a stamp. It depends on nothing the
 * ledger keeps, so even after the ledger is lost the
 * next pass recognises the items it wrote (and a crash between write and ledger update never leads to a duplicate).
 * Null for targets without stamps.
 */
final class Stamps {
    private final String source;

    Stamps(String sourceServer, String sourceMailbox) {
        this.source = sourceServer + "\n" + sourceMailbox.toLowerCase(Locale.ROOT);
    }

    /** The stamp of one source item, or null when {@code target} keeps none in {@code targetFolder}. */
    String of(TargetMailbox target, MailFolder targetFolder, String sourceFolder, String sourceItem) {
        if (!target.capabilities(targetFolder).stamps()) {
            return null;
        }
        return of(sourceFolder, sourceItem);
    }

    /** The stamp of one source item. */
    String of(String sourceFolder, String sourceItem) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] d = md.digest((source + "\n" + sourceFolder + "\n" + sourceItem)
                    .getBytes(StandardCharsets.UTF_8));
            return "mf1-" + HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
