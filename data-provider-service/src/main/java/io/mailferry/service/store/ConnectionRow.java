package io.mailferry.service.store;

/** One row of the {@code connection} table as stored: settings and last test as JSON, the secret sealed. */
record ConnectionRow(
        String id,
        String name,
        String role,
        String kind,
        String settingsJson,
        byte[] secret,
        long createdAt,
        long updatedAt,
        String lastTestJson) {
}
