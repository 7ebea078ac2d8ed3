package io.mailferry.service.app.alert;

import java.io.IOException;

/** The free space of the data directory's file store (tests give a fixed number). */
@FunctionalInterface
public interface FreeSpace {
    /** Bytes the service may still write there. */
    long usableBytes() throws IOException;
}
