/**
 * Reading and writing the CSV files that list mailbox pairs (Microsoft's IMAP migration layout and Mailferry's pairs
 * layout). Part of the app layer: may import the JDK, commons-csv, SLF4J, {@code io.mailferry.model} and
 * {@code io.mailferry.service.engine} — never the api, store or connector packages.
 */
package io.mailferry.service.app.csv;
