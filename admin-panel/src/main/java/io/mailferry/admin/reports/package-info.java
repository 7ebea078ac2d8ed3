/**
 * Reports: the service's HTML report of a job or mailbox, its per-item list of what was skipped or failed, and
 * saving it as CSV or HTML. The view model imports no {@code javafx.scene}; the view no client.
 */
package io.mailferry.admin.reports;
