package io.mailferry.admin;

import java.util.List;

/**
 * Command-line options of the panel: {@code --data-dir DIR} (where the service writes service.url and api-token) and
 * {@code --service-command "CMD"} (how "Start" runs the service; also {@code MAILFERRY_SERVICE_COMMAND}).
 */
record PanelOptions(String dataDir, String serviceCommand) {
    static final String HELP = """
            Usage: mailferry-panel [--data-dir DIR] [--service-command "CMD"] [--check-service] [--help]
            The Mailferry Administration Panel: connections, jobs, live progress and reports of the local service.
              --data-dir DIR           the service's data directory (where it writes service.url and api-token);
                                       default: MAILFERRY_DATA, else the installed service's when you may read it
                                       (/etc/mailferry/mailferry.conf), else your own per-user data directory
              --service-command "CMD"  how "Start service" runs a service of your own (also MAILFERRY_SERVICE_COMMAND);
                                       never used for the installed service
              --check-service          find the service as the panel would, ask its health, print one line and exit
                                       (0: it answers; 1: it cannot be reached or used) - no window, no display needed
              --help, -h               print this and exit
            """;

    static boolean helpAsked(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

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
