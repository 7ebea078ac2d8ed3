/**
 * Alerts: rules checked periodically over what the service already knows (live pair progress, failed passes, items a
 * target refused, the license, the data directory's free space), kept with their first and last sighting, and mailed
 * to the admin at most once per alert and period through the {@link io.mailferry.service.app.alert.AlertMailer} port.
 * Part of the app layer: may import the JDK, SLF4J, {@code io.mailferry.model}, the store and the other app packages —
 * never the api, cli or a connector (the SMTP connector is plugged in by the composition root).
 */
package io.mailferry.service.app.alert;
