package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which Gmail account an address names, as a consent connection compares a pair's address with its own. */
class GmailAccountTest {
    @Test
    void consumerAddressesShouldIgnoreCaseDotsAndTagsAsGmailDoes() {
        assertThat(GmailMailboxAccess.account(" First.Last+news@GoogleMail.com"))
                .isEqualTo(GmailMailboxAccess.account("firstlast@gmail.com")).isEqualTo("firstlast@gmail.com");
        assertThat(GmailMailboxAccess.account("first.last@example.com")).as("a Workspace domain keeps its dots")
                .isEqualTo("first.last@example.com").isNotEqualTo(GmailMailboxAccess.account("firstlast@example.com"));
        assertThat(GmailMailboxAccess.account("anna@gmail.com"))
                .isNotEqualTo(GmailMailboxAccess.account("bob@gmail.com"));
    }
}
