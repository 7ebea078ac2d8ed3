package io.mailferry.service.app.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MatchRequest;
import io.mailferry.model.mailbox.MatchResult;
import io.mailferry.model.mailbox.MatchResult.Match;
import io.mailferry.model.mailbox.MatchRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatchingServiceTest {
    private final MatchingService matching = new MatchingService();

    @Test
    void sameAddressShouldMatchIgnoringCaseAndKeepTheGivenSpelling() {
        MatchResult result = match(List.of("Anna@Contoso.com"), List.of("bob@contoso.com", "anna@contoso.COM"),
                List.of(MatchRule.SAME_ADDRESS), Map.of());

        assertThat(result.matches()).containsExactly(
                new Match("Anna@Contoso.com", "anna@contoso.COM", MatchRule.SAME_ADDRESS));
    }

    @Test
    void sameLocalPartShouldMatchAcrossDomains() {
        MatchResult result = match(List.of("anna@old.example", "bob"), List.of("Anna@new.example", "bob@new.example"),
                List.of(MatchRule.SAME_LOCAL_PART), Map.of());

        assertThat(result.matches()).containsExactly(
                new Match("anna@old.example", "Anna@new.example", MatchRule.SAME_LOCAL_PART),
                new Match("bob", "bob@new.example", MatchRule.SAME_LOCAL_PART));
    }

    @Test
    void sameLocalPartShouldLeaveSourceUnmatchedWhenTwoTargetsShareTheLocalPart() {
        MatchResult result = match(List.of("anna@old.example"), List.of("anna@a.example", "anna@b.example"),
                List.of(), Map.of());

        assertThat(result.matches()).containsExactly(new Match("anna@old.example", null, null));
    }

    @Test
    void sameLocalPartShouldLeaveBothSourcesUnmatchedWhenTwoSourcesShareTheLocalPart() {
        MatchResult result = match(List.of("anna@a.example", "anna@b.example"), List.of("anna@new.example"),
                List.of(MatchRule.SAME_LOCAL_PART), Map.of());

        assertThat(result.matches()).extracting(Match::target).containsExactly(null, null);
    }

    @Test
    void domainMappingShouldMatchOnlyTargetsThatExist() {
        MatchResult result = match(List.of("anna@old.example", "bob@old.example", "carl@other.example"),
                List.of("anna@new.example", "carl@new.example"), List.of(MatchRule.DOMAIN_MAPPING),
                Map.of("OLD.example", "New.Example"));

        assertThat(result.matches()).containsExactly(
                new Match("anna@old.example", "anna@new.example", MatchRule.DOMAIN_MAPPING),
                new Match("bob@old.example", null, null),
                new Match("carl@other.example", null, null));
    }

    @Test
    void domainMappingShouldResolveWhatSameLocalPartFoundAmbiguous() {
        MatchResult result = match(List.of("anna@old.example"), List.of("anna@a.example", "anna@b.example"),
                List.of(), Map.of("old.example", "b.example"));

        assertThat(result.matches()).containsExactly(
                new Match("anna@old.example", "anna@b.example", MatchRule.DOMAIN_MAPPING));
    }

    @Test
    void sameAddressShouldTakePrecedenceOverLocalPartAndUseEachTargetOnce() {
        // anna@new.example is taken by its exact twin; the other anna must not get it by local part.
        MatchResult result = match(List.of("anna@old.example", "anna@new.example"), List.of("anna@new.example"),
                List.of(), Map.of());

        assertThat(result.matches()).containsExactly(
                new Match("anna@old.example", null, null),
                new Match("anna@new.example", "anna@new.example", MatchRule.SAME_ADDRESS));
    }

    @Test
    void rulesShouldRunInEnumOrderWhateverTheRequestOrder() {
        MatchResult result = match(List.of("anna@old.example", "anna@new.example"),
                List.of("anna@new.example", "anna@mapped.example"),
                List.of(MatchRule.DOMAIN_MAPPING, MatchRule.SAME_ADDRESS), Map.of("old.example", "mapped.example"));

        assertThat(result.matches()).containsExactly(
                new Match("anna@old.example", "anna@mapped.example", MatchRule.DOMAIN_MAPPING),
                new Match("anna@new.example", "anna@new.example", MatchRule.SAME_ADDRESS));
    }

    @Test
    void onlyRequestedRulesShouldRun() {
        MatchResult result = match(List.of("anna@old.example"), List.of("anna@new.example"),
                List.of(MatchRule.SAME_ADDRESS), Map.of());

        assertThat(result.matches()).containsExactly(new Match("anna@old.example", null, null));
    }

    @Test
    void duplicateSourcesShouldNotShareOneTarget() {
        MatchResult result = match(List.of("anna@x.example", "ANNA@x.example"), List.of("anna@x.example"),
                List.of(MatchRule.SAME_ADDRESS), Map.of());

        assertThat(result.matches()).extracting(Match::target).containsExactly("anna@x.example", null);
    }

    @Test
    void whitespaceAndBlankEntriesShouldBeTrimmedAndDropped() {
        MatchResult result = match(List.of("  anna@x.example ", " ", ""), List.of(" anna@x.example\t", ""),
                List.of(), Map.of());

        assertThat(result.matches())
                .containsExactly(new Match("anna@x.example", "anna@x.example", MatchRule.SAME_ADDRESS));
    }

    @Test
    void emptyListsShouldGiveEmptyOrUnmatchedResults() {
        assertThat(match(List.of(), List.of("a@x.example"), List.of(), Map.of()).matches()).isEmpty();
        assertThat(match(List.of("a@x.example"), List.of(), List.of(), Map.of()).matches())
                .containsExactly(new Match("a@x.example", null, null));
        assertThat(matching.match(new MatchRequest(null, null, null, null)).matches()).isEmpty();
    }

    private MatchResult match(List<String> sources, List<String> targets, List<MatchRule> rules,
            Map<String, String> mappings) {
        return matching.match(new MatchRequest(sources, targets, rules, mappings));
    }
}
