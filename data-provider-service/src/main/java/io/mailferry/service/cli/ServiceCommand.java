package io.mailferry.service.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mailferry.service.api.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that talk to a running service ({@code connections ...}, {@code jobs ...}, {@code license}):
 * where the service is ({@code --data-dir}), where to print, and the {@code --json} printing they share.
 */
abstract class ServiceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataDirOption dataDir;

    ServiceClient client() {
        return ServiceClient.connect(dataDir.resolveForClient());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void printJson(ServiceClient client, Object value) {
        printJson(value);
    }

    /** {@code value} as the service's JSON, pretty-printed. */
    void printJson(Object value) {
        try {
            out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new CliException(ServiceClient.FAILED, "Cannot print the answer as JSON: " + e.getOriginalMessage());
        }
    }

    /** {@code rows} as the service's JSON with {@code json}, else as {@code table} ({@code empty} when none). */
    <T> void printList(ServiceClient client, boolean json, List<T> rows, TextTable<T> table, String empty) {
        if (json) {
            printJson(client, rows);
        } else {
            table.print(out(), rows, empty);
        }
    }

    /**
     * An id as one segment of an API path. Ids the service gives hold letters, digits, '-', '_' and '.' only; anything
     * else the admin typed ("a?b", "%zz", "x{y") would change the path or break the address, so it is answered here as
     * the service answers an unknown id: "There is no {@code what} with id ID." (exit 1).
     */
    static String segment(String id, String what) {
        if (id == null || !id.matches("[A-Za-z0-9._-]+") || id.matches("\\.+")) {
            throw new CliException(ServiceClient.FAILED, "There is no " + what + " with id " + id + ".");
        }
        return id;
    }

    /** Writes {@code text} to {@code file}, or to stdout when {@code file} is null (a download such as CSV or HTML). */
    void writeOut(String text, Path file, String what) {
        if (file == null) {
            out().print(text);
            out().flush();
            return;
        }
        CliFiles.writeText(file, text, what, ServiceClient.FAILED);
        out().println("Wrote the " + what + " to " + file.toAbsolutePath().normalize() + ".");
    }
}
