/**
 * The alert mail settings dialog (opened from the Dashboard's Alerts card): the SMTP server, sender, recipients and
 * period, the rules' thresholds, and a test mail. The view model imports no {@code javafx.scene}; the view no client.
 */
package io.mailferry.admin.alerts;
