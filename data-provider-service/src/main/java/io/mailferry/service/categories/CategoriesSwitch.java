package io.mailferry.service.categories;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this pass keeps categories, shared by the sessions of one access (one pair's pass): Graph's first refusal
 * for want of {@code Mail.ReadWrite} turns them off for the rest of the pass, said in one log line. Thread-safe.
 */
final class CategoriesSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(CategoriesSwitch.class);
    private final AtomicBoolean off = new AtomicBoolean();

    boolean on() {
        return !off.get();
    }

    /** Turns categories off; the first call logs why (Graph's sentence names the side, the mailbox and the cause). */
    void off(String graphSaid) {
        if (off.compareAndSet(false, true)) {
            LOG.warn("Categories are not kept in this pass, the messages are copied without them (the app needs the"
                    + " application permission Mail.ReadWrite on Microsoft Graph for them): {}", graphSaid);
        }
    }
}
