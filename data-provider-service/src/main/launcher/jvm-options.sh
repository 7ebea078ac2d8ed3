# The JVM flags and environment of each Mailferry command, and the class-data archive they map: one list for the
# repository's ./mailferry and an installed Linux image's bin/mailferry (installer/linux/mailferry; ADR 0048). Sourced,
# never run; POSIX sh. A flag never holds a space: callers split the lists on white space.

# The kind of command these arguments start: serve | many (`migrate --csv`, or an @file, which may hold it) | migrate
# (one mailbox) | plain-many and plain-migrate (the same, neither side encrypted) | command (any other, including help
# and a mistyped name).
mailferry_kind() {
    case "${1:-}" in
        serve) echo serve ;;
        migrate)
            kind=migrate
            for arg in "$@"; do
                case "$arg" in --csv | --csv=* | @*) kind=many ;; esac
            done
            if mailferry_unencrypted "$@"; then
                echo "plain-$kind"
            else
                echo "$kind"
            fi ;;
        *) echo command ;;
    esac
}

# Whether a `migrate` names `none` as the security of both sides (TLS is their default). An @file may name anything:
# encrypted, then.
mailferry_unencrypted() {
    source_plain= target_plain= previous=
    for arg in "$@"; do
        case "$arg" in @*) return 1 ;; esac
        # `--x-security=none` in one argument, or `--x-security none` in two
        for form in "$arg" "$previous=$arg"; do
            case "$form" in
                --source-security=[nN][oO][nN][eE]) source_plain=1 ;;
                --target-security=[nN][oO][nN][eE]) target_plain=1 ;;
            esac
        done
        previous=$arg
    done
    [ -n "$source_plain" ] && [ -n "$target_plain" ]
}

# The JVM flags of a kind, one per line, before the admin's own (which come last and win).
mailferry_jvm_flags() {
    # JVM warnings go to stderr, never into a command's output (JSON, CSV); class-data sharing says nothing
    printf '%s\n' -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds=off:stderr -Xlog:cds+dynamic=off:stderr
    case "$1" in
        plain-*)
            # nothing to encrypt: the quick compiler alone, without the profiling code it adds for the optimising one,
            # inlining less (a no-op delta of 20,000 messages 0.63 -> 0.54 s and 0.55 -> 0.52 s, a first pass 4.8
            # instead of 5.3 s; docs/performance.md, issue 10 part 25)
            printf '%s\n' -XX:TieredStopAtLevel=1 -XX:C1MaxInlineLevel=3 -XX:C1MaxInlineSize=20
            # one mailbox: one compiler thread, which leaves the second processor to the command's own threads (a
            # no-op of 20,000 0.50 -> 0.48 s, faster in 9 of 12 pairs and in 14 of 18 before; a first pass and the
            # twenty of a --csv unchanged; part 38). Valid with the quick compiler alone: tiered needs two, and the JVM
            # would not start were an admin's own flags (after ours) to bring the optimising compiler back
            if [ "$1" = plain-migrate ]; then
                case "${MAILFERRY_JAVA_OPTS:-}" in
                    *Tiered* | *CompilationMode* | *CICompilerCount* | *-Xint* | *-Xcomp* | *-Xmixed*) ;;
                    *) printf '%s\n' -XX:CICompilerCount=1 ;;
                esac
            fi ;;
        *) mailferry_compiler_thresholds ;;
    esac
    case "$1" in
        serve)
            # the parallel collector instead of G1: a migration allocates fast and keeps little, and twenty mailboxes
            # at once took 60 MiB less resident memory and a fresh service's first job 5 % less time (ADR 0042)
            mailferry_parallel_collector
            # the heap capped at 640 MB: uncapped, the JVM let it grow toward a quarter of the machine's memory, and
            # twenty mailboxes at once (20 x 2,000 messages) peaked at 2,104 MiB resident with at most about 250 MB
            # live; capped, at about 830 MiB, as fast (ADR 0040). Unless JAVA_TOOL_OPTIONS sets the cap: the installed
            # service's settings do (mailferry.conf), and a flag here would override theirs
            case "${JAVA_TOOL_OPTIONS:-}" in
                *-Xmx* | *MaxHeapSize* | *MaxRAM*) ;;
                *) printf '%s\n' -Xmx640m ;;
            esac
            mailferry_huge_pages /sys/kernel/mm/transparent_hugepage/enabled ;;
        many | plain-many)
            # many mailboxes at once, as the service runs them: its cap and collector (20 mailboxes x 2,000 messages
            # peaked at 659-718 MiB resident so, 1,147-1,349 MiB with the commands' uncapped serial heap; ADR 0044)
            printf '%s\n' -Xmx640m
            mailferry_parallel_collector
            mailferry_huge_pages /sys/kernel/mm/transparent_hugepage/enabled
            mailferry_command_only_flags ;;
        *)
            # a small first heap that grows with what the command holds, kept 60-80 % free after a full collection:
            # the JVM's default first heap is 1/64 of the machine's memory, whose young generation alone a migration
            # fills once (20,000 messages: 273 MiB resident instead of 229); half of it young, so that the batches in
            # flight die young instead of overflowing into the old generation (20,000 messages over TLS: 4-9 % less
            # CPU; ADR 0029)
            printf '%s\n' -XX:+UseSerialGC -XX:MinHeapFreeRatio=60 -XX:MaxHeapFreeRatio=80 -XX:NewRatio=1
            # one mailbox's `migrate` is capped at 176 MB: it holds its batches in flight and a page of listings (at
            # most 70 MB in use after a full collection, 100,000 messages in one folder through 40 ms); uncapped, the
            # dead batches filled the old generation and each full collection grew the heap to 2.5 times what was in
            # use at that instant: 371-427 MiB resident through 40 ms instead of 256-268, for the same time (ADR 0044)
            # and starts at 96 MB, whose young half holds what a no-op delta allocates (about 27 MB): at 64 MB a young
            # collection of about 16 ms came at its end (docs/performance.md, issue 10 part 24) - unless the admin's
            # own options set a cap, which may be smaller (the JVM refuses a first heap above its cap)
            if [ "$1" = migrate ] || [ "$1" = plain-migrate ]; then
                case "${MAILFERRY_JAVA_OPTS:-} ${JAVA_TOOL_OPTIONS:-}" in
                    *-Xmx* | *MaxHeapSize* | *MaxRAM*) printf '%s\n' -Xms64m -Xmx176m ;;
                    *) printf '%s\n' -Xms96m -Xmx176m ;;
                esac
            else
                printf '%s\n' -Xms64m
            fi
            mailferry_command_only_flags ;;
    esac
    # Only where nothing is encrypted the quick compiler alone (-XX:TieredStopAtLevel=1, above): TLS's AES-GCM has its
    # processor instructions in C2 alone: a 20,000-message pass over TLS took 52 s and 80 CPU-s instead of 15 s and 12.
    # The service cannot know what its jobs will reach, and keeps both compilers
}

# The compilers' settings of every kind that may encrypt: the optimising compiler is left to the few methods that run
# hottest (a short run spent more CPU compiling than migrating), and the limits keep it from inlining Angus's whole
# write path into each hot method (a 20,000-message pass: 6 % less CPU; ADR 0029)
mailferry_compiler_thresholds() {
    printf '%s\n' -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=20000 \
        -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000 -XX:MaxInlineLevel=6 -XX:InlineSmallCode=1000
    # but the JDK's AES-GCM reaches C2, whose intrinsics are its processor instructions, ten times sooner: with the
    # thresholds above a TLS pass ran GHASH in Java for its first hundreds of megabytes (20,000 messages over TLS: about
    # 8 % less CPU in two pairs). `quiet` keeps the JVM from printing the command on standard output, and comes first
    printf '%s\n' -XX:CompileCommand=quiet "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.1"
}

# The parallel collector (ADR 0042), with half of the heap young instead of a third: twenty mailboxes at once keep up
# to about 320 MB of batches in flight, which a young generation of a third copied into the survivor spaces and the
# old generation at nearly every collection (twenty mailboxes of 2,000 messages, a 640 MB heap: 34-38 young
# collections, 0.76-0.79 s of pauses, and 4-6 full ones, 0.35 s); with half, 12-16 young collections took 0.25-0.30 s
# (ADR 0042, amended)
mailferry_parallel_collector() {
    printf '%s\n' -XX:+UseParallelGC -XX:NewRatio=1
}

# The heap of hundreds of megabytes that many mailboxes at once and the service fill in their first seconds, in the
# kernel's 2 MB pages where it offers them for a program that asks (Linux's transparent huge pages, `always` or
# `madvise` in the file named by $1): the kernel fills each in one fault instead of 512 (twenty mailboxes x 2,000
# messages: 28,000 page faults instead of 172,000, 2 % less time on servers held for an hour, 19 % on freshly seeded
# ones; ADR 0055). Not for one mailbox's small heap (no gain measured, 10-20 MiB more resident), and nothing where the
# file is missing (any other system) or says `never`: the JVM would warn that it cannot have them. A flag of the
# admin's own (-XX:-UseTransparentHugePages in MAILFERRY_JAVA_OPTS) comes after this one and wins.
mailferry_huge_pages() {
    [ -r "$1" ] || return 0
    huge_pages=
    read -r huge_pages <"$1" 2>/dev/null || true
    case "$huge_pages" in
        *"[always]"* | *"[madvise]"*) printf '%s\n' -XX:+UseTransparentHugePages ;;
    esac
}

# No flight recorder: Jdbi makes a recorder event of every statement when one is available, and setting that up took
# 0.06-0.09 s of a no-op `migrate` (ADR 0029). Deprecated since JDK 13: its warning is kept quiet, and a JDK that drops
# it ignores it. No perf-data file in /tmp (jstat cannot see a command): a no-op `migrate` about 3 % faster. Every
# command but `serve`, which keeps both for diagnosing a running service.
mailferry_command_only_flags() {
    printf '%s\n' -XX:-PrintWarnings -XX:+IgnoreUnrecognizedVMOptions -XX:-FlightRecorder -XX:-UsePerfData
}

# Makes the class-data archive ARCHIVE ($3) of the classes a migration loads: a first pass and a no-op delta of a demo
# mailbox between two embedded servers (`archive-training`, hidden; the no-op of 20,000 messages 15 % faster than with
# an archive of start-up alone; ADR 0029, 0045), run by JAVA ($1) with JAR ($2) exactly as the commands will name them
# (a JDK 17 archive maps only for the paths it was made with) and any further JVM flags given after ARCHIVE. Made
# beside ARCHIVE and renamed (atomic), so that a command started meanwhile never maps half an archive; bounded in time.
# With MAILFERRY_TRAINING_USER set (root only: the package's postinst), the training — embedded servers on loopback for
# a few seconds — runs as that user, not as root. Fails when none was made (commands then only start slower).
mailferry_make_archive() (
    set -f
    java=$1 jar=$2 archive=$3
    shift 3
    work=$(mktemp -d "$(dirname "$archive")/.archive.XXXXXX") || exit 1
    as=
    if [ -n "${MAILFERRY_TRAINING_USER:-}" ]; then
        chown "$MAILFERRY_TRAINING_USER" "$work" || exit 1
        as="runuser -u $MAILFERRY_TRAINING_USER --"
    fi
    # shellcheck disable=SC2046,SC2086
    timeout -k 10 180 $as "$java" $(mailferry_jvm_flags command) "$@" -XX:ArchiveClassesAtExit="$work/archive.jsa" \
        -jar "$jar" archive-training --dir "$work/training" >/dev/null 2>&1 || true
    made=1
    if [ -f "$work/archive.jsa" ] && chmod 0644 "$work/archive.jsa" && chown "$(id -u):$(id -g)" "$work/archive.jsa" \
        && mv -f "$work/archive.jsa" "$archive"; then
        made=0
    fi
    rm -rf "$work"
    exit $made
)

# The environment of a kind: every command but `serve` gets two arenas of the C library's allocator instead of one per
# thread that allocates natively (SQLite, zip, the JIT; up to 16 on two cores): 13 MiB less resident for a `migrate`
# (ADR 0044). Unless the admin set it.
mailferry_export_environment() {
    if [ "$1" != serve ]; then
        MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
        export MALLOC_ARENA_MAX
    fi
}
