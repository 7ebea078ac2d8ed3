package io.mailferry.model.mailbox;

/**
 * One mailbox of a connection's directory (Microsoft 365: the tenant's user and shared mailboxes), for matching.
 *
 * @param address     primary SMTP address
 * @param displayName the name people see
 * @param kind        "user" or "shared"
 */
public record DirectoryMailbox(String address, String displayName, String kind) {
}
