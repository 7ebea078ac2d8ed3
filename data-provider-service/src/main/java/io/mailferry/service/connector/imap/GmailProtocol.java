package io.mailferry.service.connector.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.iap.ParsingException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.protocol.FetchItem;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.util.MailLogger;

/**
 * Angus Mail's IMAP protocol taught Gmail's FETCH items ({@code X-GM-MSGID}, {@code X-GM-LABELS}: capability
 * {@code X-GM-EXT-1}, developers.google.com/gmail/imap/imap-extensions), which it would otherwise reject as unknown.
 * They come back in {@link FetchResponse#getExtensionItems()} under their names: the message id as a decimal string,
 * the labels as a list of strings as sent (modified UTF-7, system labels with their backslash).
 */
final class GmailProtocol extends PoolingProtocol {
    static final String MSGID = "X-GM-MSGID";
    static final String LABELS = "X-GM-LABELS";

    private static final FetchItem[] ITEMS = {
        new FetchItem(MSGID, null) {
            @Override
            public Object parseItem(FetchResponse r) {
                return r.readAtom();
            }
        },
        new FetchItem(LABELS, null) {
            @Override
            public Object parseItem(FetchResponse r) throws ParsingException {
                return labels(r);
            }
        }
    };

    GmailProtocol(String name, String host, int port, Properties props, boolean isSSL, MailLogger logger)
            throws IOException, ProtocolException {
        super(name, host, port, props, isSSL, logger);
    }

    @Override
    public FetchItem[] getFetchItems() {
        return ITEMS;
    }

    /**
     * A parenthesised list of astrings. Written here because Angus's atom reader stops at a backslash, and system
     * labels ({@code \Inbox}, {@code \Starred}) start with one.
     */
    static List<String> labels(FetchResponse r) throws ParsingException {
        r.skipSpaces();
        if (r.readByte() != '(') {
            throw new ParsingException("X-GM-LABELS: list expected");
        }
        List<String> labels = new ArrayList<>();
        while (true) {
            r.skipSpaces();
            byte b = r.peekByte();
            if (b == ')') {
                r.readByte();
                return labels;
            }
            if (b == '"' || b == '{') {
                labels.add(r.readString());
                continue;
            }
            StringBuilder atom = new StringBuilder();
            while (true) {
                byte c = r.peekByte();
                if (c == ' ' || c == ')' || c == '\r' || c == '\n' || c == 0) {
                    break;
                }
                atom.append((char) (r.readByte() & 0xff));
            }
            if (atom.isEmpty()) {
                throw new ParsingException("X-GM-LABELS: unexpected end of list");
            }
            labels.add(atom.toString());
        }
    }
}
