package io.mailferry.service.api;

import io.mailferry.model.alert.AlertSettingsRequest;
import io.mailferry.service.app.alert.AlertService;

/**
 * {@code /api/v1/settings/alerts} (GET, PUT: the SMTP server and the rules' thresholds; the password is write-only),
 * {@code POST /api/v1/settings/alerts/test} (sends a test mail and says how it went), {@code GET
 * /api/v1/alerts/history} (open and cleared alerts, newest first) and {@code POST /api/v1/alerts/check} (checks the
 * rules now). {@code GET /api/v1/alerts} is the dashboard's ({@link DashboardRoutes}).
 */
public final class AlertRoutes implements Routes {
    private static final String SETTINGS = "/api/v1/settings/alerts";
    private final AlertService alerts;

    public AlertRoutes(AlertService alerts) {
        this.alerts = alerts;
    }

    @Override
    public void register(Router router) {
        router.get(SETTINGS, r -> Response.ok(alerts.settings()))
                .put(SETTINGS, r -> Response.ok(alerts.saveSettings(r.body(AlertSettingsRequest.class))))
                .post(SETTINGS + "/test", r -> Response.ok(alerts.sendTest()))
                .get("/api/v1/alerts/history", r -> Response.ok(alerts.recent(
                        Paging.of(r).map(Paging::limit).orElse(Paging.DEFAULT_LIMIT))))
                .post("/api/v1/alerts/check", r -> Response.ok(alerts.check()));
    }
}
