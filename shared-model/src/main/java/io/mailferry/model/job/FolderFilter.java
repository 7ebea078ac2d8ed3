package io.mailferry.model.job;

import java.util.List;
import java.util.Set;

/**
 * Which folders a job migrates and how they are named on the target. Paths use "/" as separator.
 *
 * @param include      glob patterns ({@code *} within one level, {@code **} across levels); empty = all folders
 * @param exclude      glob patterns applied after include; a folder matched here is skipped with its subfolders
 * @param folderTypes  folder types to migrate; empty = all types
 * @param renames      rename rules, first match wins
 */
public record FolderFilter(List<String> include, List<String> exclude, Set<FolderType> folderTypes, List<RenameRule> renames) {
    public FolderFilter {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        folderTypes = folderTypes == null ? Set.of() : Set.copyOf(folderTypes);
        renames = renames == null ? List.of() : List.copyOf(renames);
    }

    public static FolderFilter all() {
        return new FolderFilter(List.of(), List.of(), Set.of(), List.of());
    }
}
