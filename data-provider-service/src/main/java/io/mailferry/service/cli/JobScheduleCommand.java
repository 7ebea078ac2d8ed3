package io.mailferry.service.cli;

import io.mailferry.model.job.ActivityPeriod;
import io.mailferry.model.job.JobSchedule;
import io.mailferry.model.job.ScheduleStatus;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailferry jobs schedule ID ...}: saves, shows or removes a job's schedule (start, activity periods, recurring
 * delta until a cut-over). The command line is checked before the service is asked (exit 2 with a sentence).
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Schedule a job: a start time, weekly activity periods outside which it pauses (and inside "
                + "which it resumes where it stopped), and a delta pass every N hours until a cut-over.",
                "Without options it shows the job's schedule. Saving replaces the schedule the job had.",
                "Example: mailferry jobs schedule ID --window \"Mon-Fri 19-07\" --window \"Sat-Sun 0-24\" "
                        + "--every 24h --until 2027-01-31T00:00Z"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the service refused the schedule or the job does not exist",
                "2:invalid command line", "3:the service is not running or does not answer"})
final class JobScheduleCommand extends JobCommand {
    private static final Pattern EVERY = Pattern.compile("(\\d{1,5})\\s*([hd]?)", Pattern.CASE_INSENSITIVE);

    @Option(names = "--start", paramLabel = "WHEN",
            description = "First pass: now (default), 2026-12-04 (midnight), 2026-12-04T19:00 (in --time-zone), or "
                    + "an instant such as 2026-12-04T18:00Z.")
    String start;

    @Option(names = "--window", paramLabel = "DAYS HOURS",
            description = "An activity period, repeatable: \"Mon-Fri 19-07\" (each weekday from 19:00 to 07:00 the "
                    + "next morning), \"Sat-Sun 0-24\", \"Wed 9-17\". Default: any time.")
    List<String> windows = new ArrayList<>();

    @Option(names = "--every", paramLabel = "N",
            description = "A delta pass every N hours after the start: 24h, 12h, 2d (or a plain number of hours). "
                    + "Default: no recurring delta.")
    String every;

    @Option(names = "--until", paramLabel = "WHEN",
            description = "The cut-over: no pass starts at or after it (same forms as --start). Default: until the "
                    + "schedule is removed.")
    String until;

    @Option(names = "--time-zone", paramLabel = "ZONE",
            description = "Zone of the windows' days and hours and of dates without an offset, e.g. Europe/Berlin. "
                    + "Default: this machine's zone (sent with the schedule, so the windows mean the hours the dates "
                    + "do, whatever zone the service runs in).")
    String timeZone;

    @Option(names = "--remove", description = "Remove the job's schedule: nothing starts or pauses by itself any "
            + "more (a pass that runs goes on).")
    boolean remove;

    @Option(names = "--json", description = "Print the service's JSON.")
    boolean json;

    @Override
    public Integer call() {
        boolean saving = start != null || !windows.isEmpty() || every != null || until != null || timeZone != null;
        if (remove && saving) {
            throw SideOptions.usage("--remove cannot be combined with the options that set a schedule.");
        }
        JobSchedule request = saving ? request() : null;
        ServiceClient client = client();
        if (remove) {
            client.send("DELETE", path("/schedule"), null, Void.class);
            out().println("Removed the schedule of job " + id + ".");
            return 0;
        }
        ScheduleStatus status = saving ? client.send("PUT", path("/schedule"), request, ScheduleStatus.class)
                : client.send("GET", path("/schedule"), null, ScheduleStatus.class);
        if (json) {
            printJson(client, status);
            return 0;
        }
        print(out(), status, saving ? "Saved the schedule of job " + id + "." : "Schedule of job " + id + ":");
        return 0;
    }

    /** The schedule the options describe; a {@link CliException} (exit 2) naming the first wrong option. */
    JobSchedule request() {
        ZoneId zone = null;
        if (timeZone != null) {
            try {
                zone = ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                throw SideOptions.usage("--time-zone needs a zone such as Europe/Berlin or UTC, not '" + timeZone
                        + "'.");
            }
        }
        for (String w : windows) {
            try {
                ActivityPeriod.parse(w);
            } catch (IllegalArgumentException e) {
                throw SideOptions.usage("--window: " + e.getMessage());
            }
        }
        Integer hours = null;
        if (every != null) {
            Matcher m = EVERY.matcher(every.strip());
            if (!m.matches()) {
                throw SideOptions.usage("--every needs a number of hours or days such as 24h or 2d, not '" + every
                        + "'.");
            }
            hours = Integer.parseInt(m.group(1)) * (m.group(2).equalsIgnoreCase("d") ? 24 : 1);
            if (hours < 1) {
                throw SideOptions.usage("--every must be at least one hour.");
            }
        }
        Instant first = instant(start, "--start", zone);
        Instant cutOver = instant(until, "--until", zone);
        if (first != null && cutOver != null && !cutOver.isAfter(first)) {
            throw SideOptions.usage("--until (" + cutOver + ") must be after --start (" + first + ").");
        }
        // the zone the dates were read in goes with them: a service run with another TZ must not move the windows
        return new JobSchedule(first, windows, hours, cutOver,
                timeZone != null ? timeZone : ZoneId.systemDefault().getId());
    }

    /** {@code text} as an instant: null for none or "now"; a date or a local time is read in {@code zone}. */
    static Instant instant(String text, String option, ZoneId zone) {
        if (text == null || text.equalsIgnoreCase("now")) {
            return null;
        }
        ZoneId in = zone == null ? ZoneId.systemDefault() : zone;
        String t = text.strip();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(in).toInstant();
            }
            if (t.endsWith("Z") || t.endsWith("z")) {
                return OffsetDateTime.parse(t.substring(0, t.length() - 1) + "+00:00").toInstant();
            }
            if (t.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(t).toInstant();
            }
            return LocalDateTime.parse(t).atZone(in).toInstant();
        } catch (DateTimeParseException e) {
            throw SideOptions.usage(option + " needs now, a date like 2027-01-31, a time like 2027-01-31T19:00 or "
                    + "an instant like 2027-01-31T00:00Z, not '" + text + "'.");
        }
    }

    static void print(PrintWriter out, ScheduleStatus s, String heading) {
        JobSchedule d = s.schedule();
        out.println(heading);
        out.println("start:      " + d.startAt());
        out.println("windows:    " + (d.activityPeriods().isEmpty() ? "any time"
                : String.join(", ", d.activityPeriods())) + " (" + s.timeZone() + ")");
        out.println("delta:      " + (d.recurring() ? "every " + d.deltaEveryHours() + " h" : "none")
                + (d.deltaUntil() == null ? "" : String.format(Locale.ROOT, " until %s", d.deltaUntil())));
        out.println("next run:   " + (s.nextRunAt() == null ? "none" : s.nextRunAt()));
        out.println(s.summary());
    }
}
