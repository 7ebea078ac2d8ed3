package io.mailferry.service.engine;

import java.util.List;
import java.util.Map;

/**
 * What {@link FolderMapper} decided: the selected folders in a stable order (parents before children) and, for the log,
 * each source folder left out with the reason.
 */
public record FolderPlan(List<FolderMapping> mappings, Map<String, String> leftOut) {
    public FolderPlan {
        mappings = List.copyOf(mappings);
        leftOut = Map.copyOf(leftOut);
    }
}
