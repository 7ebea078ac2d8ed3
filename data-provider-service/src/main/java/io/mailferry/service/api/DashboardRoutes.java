package io.mailferry.service.api;

import io.mailferry.service.app.DashboardService;
import io.mailferry.service.app.LicenseService;
import io.mailferry.service.app.alert.AlertService;

/**
 * {@code GET /api/v1/license}, {@code /api/v1/dashboard/throughput}, {@code /api/v1/dashboard/throttling} and
 * {@code /api/v1/alerts} (the alerts the periodic check keeps open, then the dashboard's own).
 */
public final class DashboardRoutes implements Routes {
    private final DashboardService dashboard;
    private final LicenseService license;
    private final AlertService alerts;

    public DashboardRoutes(DashboardService dashboard, LicenseService license, AlertService alerts) {
        this.dashboard = dashboard;
        this.license = license;
        this.alerts = alerts;
    }

    @Override
    public void register(Router router) {
        router.get("/api/v1/license", r -> Response.ok(license.state()))
                .get("/api/v1/dashboard/throughput", r -> Response.ok(dashboard.throughput()))
                .get("/api/v1/dashboard/throttling", r -> Response.ok(dashboard.throttling()))
                .get("/api/v1/alerts", r -> Response.ok(alerts.merged(dashboard.alerts())));
    }
}
