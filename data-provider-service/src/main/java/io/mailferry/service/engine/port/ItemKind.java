package io.mailferry.service.engine.port;

/**
 * What an item is. Mail messages travel as MIME; the other kinds keep their kind between connectors that hold them
 * (Exchange and Microsoft 365) and are left out, with a reason, where a target cannot hold them (IMAP).
 */
public enum ItemKind {
    MESSAGE,
    EVENT,
    CONTACT,
    TASK
}
