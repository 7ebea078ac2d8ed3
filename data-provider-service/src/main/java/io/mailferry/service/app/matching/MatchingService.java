package io.mailferry.service.app.matching;

import io.mailferry.model.mailbox.MatchRequest;
import io.mailferry.model.mailbox.MatchResult;
import io.mailferry.model.mailbox.MatchResult.Match;
import io.mailferry.model.mailbox.MatchRule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Matches source mailboxes to target mailboxes automatically, for the job wizard's matching grid.
 *
 * <p>Rules run in {@link MatchRule} order (only the requested ones; none requested = all), each over the sources still
 * unmatched:
 * <ol>
 *   <li>{@code SAME_ADDRESS}: the same address, ignoring case.</li>
 *   <li>{@code SAME_LOCAL_PART}: the same part before {@code @} (a login without {@code @} is all local part), but only
 *       when exactly one target and exactly one still unmatched source have that local part: two targets
 *       {@code anna@a.example} and {@code anna@b.example} make {@code anna@old.example} ambiguous, so it stays
 *       unmatched rather than being guessed.</li>
 *   <li>{@code DOMAIN_MAPPING}: local part kept, source domain replaced by its mapped domain (domains compared ignoring
 *       case); matches only when that address is in the target list.</li>
 * </ol>
 * Each target is used at most once. The result has one row per non-blank source, in input order, with the source and
 * target as given (trimmed); unmatched (and ambiguous) sources have a null target and rule. Blank entries are dropped.
 * Stateless and thread-safe.
 */
public final class MatchingService {

    /** Matches {@code request.sources()} to {@code request.targets()}; see the class comment for the rules. */
    public MatchResult match(MatchRequest request) {
        List<String> sources = trimmed(request.sources());
        Map<String, String> targets = new LinkedHashMap<>(); // lower-case key -> target as given; first spelling wins
        for (String target : trimmed(request.targets())) {
            targets.putIfAbsent(lower(target), target);
        }
        Set<MatchRule> rules = request.rules().isEmpty()
                ? EnumSet.allOf(MatchRule.class)
                : EnumSet.copyOf(request.rules());
        Map<String, String> domainMappings = new HashMap<>();
        request.domainMappings().forEach((from, to) -> {
            if (from != null && to != null && !from.isBlank() && !to.isBlank()) {
                domainMappings.put(lower(from.strip()), lower(to.strip()));
            }
        });

        String[] matched = new String[sources.size()];
        MatchRule[] how = new MatchRule[sources.size()];
        Set<String> used = new HashSet<>();
        for (MatchRule rule : rules) { // EnumSet iterates in declaration order: the documented precedence
            switch (rule) {
                case SAME_ADDRESS -> sameAddress(sources, targets, used, matched, how);
                case SAME_LOCAL_PART -> sameLocalPart(sources, targets, used, matched, how);
                case DOMAIN_MAPPING -> domainMapping(sources, targets, domainMappings, used, matched, how);
            }
        }
        List<Match> matches = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            matches.add(new Match(sources.get(i), matched[i], how[i]));
        }
        return new MatchResult(List.copyOf(matches));
    }

    private static void sameAddress(List<String> sources, Map<String, String> targets, Set<String> used,
            String[] matched, MatchRule[] how) {
        for (int i = 0; i < sources.size(); i++) {
            if (matched[i] == null) {
                assign(i, lower(sources.get(i)), MatchRule.SAME_ADDRESS, targets, used, matched, how);
            }
        }
    }

    private static void sameLocalPart(List<String> sources, Map<String, String> targets, Set<String> used,
            String[] matched, MatchRule[] how) {
        Map<String, List<String>> targetsByLocal = new HashMap<>();
        for (String key : targets.keySet()) {
            targetsByLocal.computeIfAbsent(localPart(key), k -> new ArrayList<>()).add(key);
        }
        Map<String, Integer> openSourcesByLocal = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            if (matched[i] == null) {
                openSourcesByLocal.merge(localPart(lower(sources.get(i))), 1, Integer::sum);
            }
        }
        for (int i = 0; i < sources.size(); i++) {
            if (matched[i] != null) {
                continue;
            }
            String local = localPart(lower(sources.get(i)));
            List<String> candidates = targetsByLocal.getOrDefault(local, List.of());
            if (!local.isEmpty() && candidates.size() == 1 && openSourcesByLocal.get(local) == 1) {
                assign(i, candidates.get(0), MatchRule.SAME_LOCAL_PART, targets, used, matched, how);
            }
        }
    }

    private static void domainMapping(List<String> sources, Map<String, String> targets,
            Map<String, String> domainMappings, Set<String> used, String[] matched, MatchRule[] how) {
        for (int i = 0; i < sources.size(); i++) {
            String source = lower(sources.get(i));
            int at = source.lastIndexOf('@');
            if (matched[i] != null || at < 0) {
                continue;
            }
            String mappedDomain = domainMappings.get(source.substring(at + 1));
            if (mappedDomain != null) {
                assign(i, source.substring(0, at + 1) + mappedDomain, MatchRule.DOMAIN_MAPPING, targets, used,
                        matched, how);
            }
        }
    }

    private static void assign(int source, String targetKey, MatchRule rule, Map<String, String> targets,
            Set<String> used, String[] matched, MatchRule[] how) {
        String target = targets.get(targetKey);
        if (target != null && used.add(targetKey)) {
            matched[source] = target;
            how[source] = rule;
        }
    }

    private static String localPart(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(0, at);
    }

    private static List<String> trimmed(List<String> values) {
        return values.stream().filter(v -> !v.isBlank()).map(String::strip).toList();
    }

    private static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
