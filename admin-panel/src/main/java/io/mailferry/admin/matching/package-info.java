/**
 * The matching grid: source mailboxes on the left, their target on the right, matched by the service's rules or by
 * hand, imported from and exported to CSV. The view model imports no {@code javafx.scene}; the view no client.
 */
package io.mailferry.admin.matching;
