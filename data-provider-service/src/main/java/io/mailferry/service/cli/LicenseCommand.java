package io.mailferry.service.cli;

import io.mailferry.model.license.LicenseState;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mailferry license}: the license state the running service sees (trial or key, seats, expiry). */
@Command(name = "license", mixinStandardHelpOptions = true,
        description = "Show the license: trial or key, licensee, seats used of total, expiry.")
final class LicenseCommand extends ServiceCommand {
    @Option(names = "--json", description = "Print the service's JSON.")
    boolean json;

    @Override
    public Integer call() {
        ServiceClient client = client();
        LicenseState l = client.send("GET", "/api/v1/license", null, LicenseState.class);
        if (json) {
            printJson(client, l);
            return 0;
        }
        PrintWriter out = out();
        out.println(l.message());
        out.println("license:     " + (l.trial() ? "trial (no key)" : "key for " + l.licensee()));
        out.println("valid:       " + (l.valid() ? "yes" : "no"));
        out.println("seats:       " + l.seatsUsed() + " used of "
                + (l.seatsTotal() == 0 ? "unlimited" : String.valueOf(l.seatsTotal())));
        out.println("expires:     " + (l.expiresAt() == null ? "never" : l.expiresAt()));
        return 0;
    }
}
