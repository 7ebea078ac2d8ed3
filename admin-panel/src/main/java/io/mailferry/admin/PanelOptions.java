package io.mailferry.admin;

import java.util.List;

/**
 * Command-line options of the panel: {@code --data-dir DIR} (where the service writes service.url and api-token) and
 * {@code --service-command "CMD"} (how "Start" runs the service; also {@code MAILFERRY_SERVICE_COMMAND}).
 */
record PanelOptions(String dataDir, String serviceCommand) {

    static PanelOptions parse(List<String> args) {
        String dataDir = null;
        String command = System.getenv("MAILFERRY_SERVICE_COMMAND");
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--data-dir=")) {
                dataDir = a.substring("--data-dir=".length());
            } else if (a.equals("--data-dir") && i + 1 < args.size()) {
                dataDir = args.get(++i);
            } else if (a.startsWith("--service-command=")) {
                command = a.substring("--service-command=".length());
            } else if (a.equals("--service-command") && i + 1 < args.size()) {
                command = args.get(++i);
            }
        }
        return new PanelOptions(dataDir, command);
    }
}
