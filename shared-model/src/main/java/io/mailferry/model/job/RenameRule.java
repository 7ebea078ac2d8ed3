package io.mailferry.model.job;

/**
 * Renames target folder paths: a Java regular expression matched against the whole source path (with "/" as the
 * separator whatever the server uses) and its replacement ({@code $1} groups allowed). Rules apply in order; the
 * first that matches wins.
 */
public record RenameRule(String pattern, String replacement) {
}
