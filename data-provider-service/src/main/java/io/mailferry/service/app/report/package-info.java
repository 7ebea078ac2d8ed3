/**
 * Renders job and mailbox reports for people and spreadsheets (CSV and self-contained HTML), with shared number
 * formatting in {@link io.mailferry.service.app.report.Formats}. Part of the app layer: may import the JDK,
 * commons-csv, SLF4J, {@code io.mailferry.model} and {@code io.mailferry.service.engine} — never the api, store or
 * connector packages.
 */
package io.mailferry.service.app.report;
