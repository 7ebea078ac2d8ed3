package io.mailferry.service.api;

import io.mailferry.model.license.LicenseRequest;
import io.mailferry.service.app.LicenseService;

/**
 * {@code PUT /api/v1/license} (install a key, answers the new state) and {@code DELETE /api/v1/license} (back to the
 * trial). {@code GET /api/v1/license} is in {@link DashboardRoutes}.
 */
public final class LicenseRoutes implements Routes {
    private final LicenseService license;

    public LicenseRoutes(LicenseService license) {
        this.license = license;
    }

    @Override
    public void register(Router router) {
        router.put("/api/v1/license", r -> {
            LicenseRequest request = r.body(LicenseRequest.class);
            return Response.ok(license.install(request == null ? null : request.key()));
        })
                .delete("/api/v1/license", r -> Response.ok(license.remove()));
    }
}
