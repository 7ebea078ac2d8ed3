/**
 * API contract, alerts part: how alerts are mailed (SMTP settings) and when rules fire (thresholds). May import the
 * JDK, Jackson annotations and other {@code io.mailferry.model} packages only.
 */
package io.mailferry.model.alert;
