package io.mailferry.service.engine.port;

import java.io.IOException;

/**
 * A message's bytes were asked for after the reused array they lived in was given back ({@link BodyBuffers}): a defect
 * of Mailferry's, never of a server's. Nothing of that message is written; its batch is fetched and copied again.
 */
public final class ReleasedContentException extends IOException {
    /** The sentence every side reports it with. */
    public static final String SENTENCE = "Mailferry released a message's buffer before the message was written (a"
            + " defect of Mailferry's, not of either server); nothing of it was written, and its batch is copied"
            + " again.";

    ReleasedContentException() {
        super(SENTENCE);
    }

    /** True when {@code e} or one of its causes is this exception. */
    public static boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ReleasedContentException) {
                return true;
            }
        }
        return false;
    }
}
