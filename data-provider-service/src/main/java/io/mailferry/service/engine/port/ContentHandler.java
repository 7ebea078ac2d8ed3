package io.mailferry.service.engine.port;

/** Receives item bodies as a connector fetches them. */
@FunctionalInterface
public interface ContentHandler {
    /**
     * @param item    the item the body belongs to: the one asked for, or where it was listed undescribed
     *                (SourceMailbox#listUndescribed) the same item described and dated from its body when the body told
     * @param content its bytes, or null when the source could not deliver it; the handler owns it from now on and
     *                closes it (so a body is buffered once, by the connector, and never copied again)
     * @param error   why the body could not be read (null when content is present); an ITEM-kind failure
     */
    void accept(ItemRef item, MessageContent content, MailboxException error) throws MailboxException;
}
