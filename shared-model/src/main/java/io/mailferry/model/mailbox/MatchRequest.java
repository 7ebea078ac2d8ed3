package io.mailferry.model.mailbox;

import java.util.List;
import java.util.Map;

/**
 * Automatic matching of two address lists.
 *
 * @param sources        source mailbox addresses
 * @param targets        target mailbox addresses
 * @param rules          rules to apply (in {@link MatchRule} order); empty = all
 * @param domainMappings source domain → target domain, for {@link MatchRule#DOMAIN_MAPPING}
 */
public record MatchRequest(List<String> sources, List<String> targets, List<MatchRule> rules, Map<String, String> domainMappings) {
    public MatchRequest {
        sources = sources == null ? List.of() : List.copyOf(sources);
        targets = targets == null ? List.of() : List.copyOf(targets);
        rules = rules == null ? List.of() : List.copyOf(rules);
        domainMappings = domainMappings == null ? Map.of() : Map.copyOf(domainMappings);
    }
}
