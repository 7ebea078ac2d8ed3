package io.mailferry.service.engine;

/** Receives message bodies as a connector fetches them. The content is valid only during the call. */
@FunctionalInterface
public interface ContentHandler {
    /**
     * @param item    the item the body belongs to
     * @param content its bytes, or null when the source could not deliver it
     * @param error   why the body could not be read (null when content is present); an ITEM-kind failure
     */
    void accept(ItemRef item, MessageContent content, MailboxException error) throws MailboxException;
}
