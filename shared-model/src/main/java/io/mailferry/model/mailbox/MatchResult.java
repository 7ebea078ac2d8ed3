package io.mailferry.model.mailbox;

import java.util.List;

/**
 * One row per source address; {@code target} and {@code rule} are null when nothing matched.
 */
public record MatchResult(List<Match> matches) {
    public record Match(String source, String target, MatchRule rule) {
    }
}
