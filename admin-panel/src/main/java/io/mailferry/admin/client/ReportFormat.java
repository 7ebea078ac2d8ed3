package io.mailferry.admin.client;

import java.util.Locale;

/** Renderings of a report the service offers through {@code ?format=}. */
public enum ReportFormat {
    JSON,
    CSV,
    HTML;

    public String query() {
        return name().toLowerCase(Locale.ROOT);
    }
}
