package io.mailferry.service.cli;

import io.mailferry.model.license.LicenseRequest;
import io.mailferry.model.license.LicenseState;
import io.mailferry.service.LocalLicense;
import io.mailferry.service.ServiceMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailferry license [install FILE | remove]}: shows, installs or removes the license key. Through the running
 * service when there is one; otherwise directly in the data directory (the one {@code migrate --data-dir} uses), so a
 * machine that only runs {@code migrate} is licensed the same way.
 */
@Command(name = "license", mixinStandardHelpOptions = true,
        description = "Show the license: trial or key, licensee, seats used of total, expiry.",
        subcommands = {LicenseCommand.Install.class, LicenseCommand.Remove.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the key was refused (tampered, expired, wrong product, untrusted issuer)",
            "2:invalid command line or unreadable key file", "3:the service does not answer (a data directory "
                    + "without a service is opened directly)"})
final class LicenseCommand extends ServiceCommand {
    @Option(names = "--json", description = "Print the service's JSON.")
    boolean json;

    @Override
    public Integer call() {
        LicenseState l = apply(this, c -> c.send("GET", "/api/v1/license", null, LicenseState.class),
                LocalLicense::state);
        print(this, l, json);
        return 0;
    }

    /** {@code mailferry license install FILE}. */
    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Install a license key (replacing the one installed). FILE holds the key as issued; line "
                    + "breaks do not matter. \"-\" reads it from standard input.",
                "A refused key changes nothing: the license in use stays."})
    static final class Install extends ServiceCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "File with the license key, or - for stdin.")
        String file;

        @Option(names = "--json", description = "Print the service's JSON.")
        boolean json;

        @Override
        public Integer call() {
            String key = read(file);
            LicenseState l = apply(this, c -> c.send("PUT", "/api/v1/license", new LicenseRequest(key),
                    LicenseState.class), dir -> LocalLicense.install(dir, key));
            print(this, l, json);
            return 0;
        }
    }

    /** {@code mailferry license remove}. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove the installed license key: the trial's rules apply again; seats stay counted.")
    static final class Remove extends ServiceCommand {
        @Option(names = "--json", description = "Print the service's JSON.")
        boolean json;

        @Override
        public Integer call() {
            LicenseState l = apply(this, c -> c.send("DELETE", "/api/v1/license", null, LicenseState.class),
                    LocalLicense::remove);
            print(this, l, json);
            return 0;
        }
    }

    /**
     * Asks the running service, or, when the data directory has none ({@code migrate}'s directory), opens it here;
     * a refusal becomes exit 1 with the service's sentence.
     */
    private static LicenseState apply(ServiceCommand command, Function<ServiceClient, LicenseState> remote,
            Function<Path, LicenseState> local) {
        Path dir = command.dataDir.resolveForClient();
        // a directory this user may not write (the installed service's, stopped) is the service's to open: say so
        boolean notOurs = Files.exists(dir) && !Files.isWritable(dir);
        if (notOurs || Files.exists(dir.resolve(ServiceMain.SERVICE_URL_FILE))) {
            return remote.apply(command.client());
        }
        try {
            return local.apply(dir);
        } catch (IllegalArgumentException | IllegalStateException e) { // refused, or the directory is in use
            throw new CliException(ServiceClient.FAILED, e.getMessage());
        }
    }

    private static String read(String file) {
        if (!"-".equals(file)) {
            return CliFiles.readText(Path.of(file), "The license key file " + file);
        }
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(2, "Cannot read the license key from standard input.");
        }
    }

    private static void print(ServiceCommand command, LicenseState l, boolean json) {
        if (json) {
            command.printJson(l);
            return;
        }
        PrintWriter out = command.out();
        out.println(l.message());
        out.println("license:     " + (l.trial() ? "trial (no key)" : l.licensee() == null ? "key not accepted"
                : "key for " + l.licensee()));
        out.println("valid:       " + (l.valid() ? "yes" : "no"));
        out.println("seats:       " + l.seatsUsed() + " used of "
                + (l.seatsTotal() == 0 ? "unlimited" : String.valueOf(l.seatsTotal())));
        out.println("expires:     " + (l.expiresAt() == null ? "never" : l.expiresAt()));
    }
}
