package io.mailferry.service.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IAnnotatedElement;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The help's option list of a command with {@link OptionSection}s: first the options in no section, as picocli lists
 * them, then each headed section — an {@link OptionSection} mixin's options, or a headed argument group's — in
 * their order. A command without {@link OptionSection}s gets picocli's own list.
 */
final class SectionedOptionList implements CommandLine.IHelpSectionRenderer {
    private static final SectionedOptionList INSTANCE = new SectionedOptionList();

    private record Section(int order, String heading, Collection<OptionSpec> options) {
    }

    private SectionedOptionList() {
    }

    /** Lists the options of {@code command} and of all its subcommands so. */
    static void install(CommandLine command) {
        command.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, INSTANCE);
        for (CommandLine sub : command.getSubcommands().values()) {
            install(sub);
        }
    }

    @Override
    public String render(Help help) {
        List<Section> sections = new ArrayList<>();
        headedMixins(help.commandSpec(), sections);
        if (sections.isEmpty()) {
            return help.optionList();
        }
        Set<OptionSpec> sectioned = Collections.newSetFromMap(new IdentityHashMap<>());
        sections.forEach(s -> sectioned.addAll(s.options()));
        for (ArgGroupSpec group : help.optionSectionGroups()) {
            sections.add(new Section(group.order(), group.heading(), group.allOptionsNested()));
        }
        List<OptionSpec> plain = new ArrayList<>();
        for (OptionSpec option : help.commandSpec().options()) {
            if (!option.hidden() && option.group() == null && !sectioned.contains(option)) {
                plain.add(option);
            }
        }
        StringBuilder list = new StringBuilder(help.optionListExcludingGroups(plain));
        sections.sort(Comparator.comparingInt(Section::order));
        Comparator<OptionSpec> sort = help.createDefaultOptionSort();
        Set<OptionSpec> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Section section : sections) {
            List<OptionSpec> options = new ArrayList<>();
            for (OptionSpec option : section.options()) {
                if (!option.hidden() && done.add(option)) {
                    options.add(option);
                }
            }
            if (sort != null) {
                options.sort(sort);
            }
            Help.Layout layout = help.createDefaultLayout();
            layout.addOptions(options, help.parameterLabelRenderer());
            list.append(help.createHeading(section.heading())).append(layout);
        }
        return list.toString();
    }

    /** The {@link OptionSection} mixins of {@code spec}, also those inside a mixin without one. */
    private static void headedMixins(CommandSpec spec, List<Section> into) {
        Map<String, IAnnotatedElement> elements = spec.mixinAnnotatedElements();
        for (Map.Entry<String, CommandSpec> mixin : spec.mixins().entrySet()) {
            IAnnotatedElement element = elements.get(mixin.getKey());
            OptionSection section = element == null ? null : element.getAnnotation(OptionSection.class);
            if (section == null) {
                headedMixins(mixin.getValue(), into);
            } else {
                into.add(new Section(section.order(), section.heading(), mixin.getValue().options()));
            }
        }
    }
}
