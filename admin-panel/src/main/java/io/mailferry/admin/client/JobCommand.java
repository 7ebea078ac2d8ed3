package io.mailferry.admin.client;

import java.util.Locale;

/** Commands on a job or a mailbox pair: {@code POST .../start}, {@code .../stop}, {@code .../delta}. */
public enum JobCommand {
    START,
    STOP,
    DELTA;

    public String path() {
        return name().toLowerCase(Locale.ROOT);
    }
}
