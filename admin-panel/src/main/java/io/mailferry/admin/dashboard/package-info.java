/**
 * The Dashboard tab: connections, license, running jobs, good and bad news, throughput and alerts, refreshed while
 * it shows. The view model imports no {@code javafx.scene}; the view no client.
 */
package io.mailferry.admin.dashboard;
