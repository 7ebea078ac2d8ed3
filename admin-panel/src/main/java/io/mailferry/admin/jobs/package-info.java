/**
 * The Jobs tab: the job list, the mailbox grid of the selected job with live progress, and the actions on a job and
 * on selected mailboxes. The view model imports no {@code javafx.scene}; the view no client.
 */
package io.mailferry.admin.jobs;
