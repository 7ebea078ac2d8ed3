package io.mailferry.model.job;

import java.util.List;
import java.util.Set;

/**
 * Which folders a job migrates and how they are named on the target. Paths use "/" as separator.
 *
 * @param include      glob patterns ({@code *} within one level, {@code **} across levels); empty = all folders
 * @param exclude      glob patterns applied after include; a folder matched here is skipped with its subfolders
 * @param folderTypes  mail folder types to migrate (Inbox, Sent, ...); empty = all types. Applies to mail folders only:
 *                     calendars, contacts and task lists are selected by {@code kinds}
 * @param renames      rename rules, first match wins
 * @param kinds        the kinds of folders to migrate (mail, calendar, contacts, tasks); empty or absent = every kind
 *                     (ADR 0026): a kind the target cannot hold is reported item by item as not copied, never dropped
 *                     silently
 */
public record FolderFilter(List<String> include, List<String> exclude, Set<FolderType> folderTypes,
        List<RenameRule> renames, Set<FolderClass> kinds) {
    public FolderFilter {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        folderTypes = folderTypes == null ? Set.of() : Set.copyOf(folderTypes);
        renames = renames == null ? List.of() : List.copyOf(renames);
        kinds = kinds == null ? Set.of() : kinds.stream().filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Every kind of folder. */
    public FolderFilter(List<String> include, List<String> exclude, Set<FolderType> folderTypes,
            List<RenameRule> renames) {
        this(include, exclude, folderTypes, renames, null);
    }

    public static FolderFilter all() {
        return new FolderFilter(List.of(), List.of(), Set.of(), List.of(), Set.of());
    }

    /** True when folders of {@code kind} are migrated. */
    public boolean selects(FolderClass kind) {
        return kinds.isEmpty() || kinds.contains(kind);
    }

    /** The same filter migrating only {@code selected} (empty = every kind). */
    public FolderFilter withKinds(Set<FolderClass> selected) {
        return new FolderFilter(include, exclude, folderTypes, renames, selected);
    }
}
