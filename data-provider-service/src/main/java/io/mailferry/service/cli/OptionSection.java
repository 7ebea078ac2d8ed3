package io.mailferry.service.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code @Mixin} field: the help lists that mixin's options under a heading of their own, where an
 * {@code @ArgGroup} with the same heading and order would ({@link SectionedOptionList}). An argument group costs its
 * parsing at every run — picocli makes the group's object anew and writes the group's synopsis several times for a
 * debug trace that is off — which was about 25 ms of a no-op {@code migrate} (docs/performance.md, issue 10 part 36);
 * a mixin costs nothing more than its options. Argument groups stay where they check something (options that belong
 * together, one of several).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface OptionSection {
    /** As an {@code @ArgGroup}'s heading, e.g. {@code "%nSource IMAP server:%n"}. */
    String heading();

    /** The section's place among the command's headed sections and argument groups. */
    int order();
}
