#!/usr/bin/env bash
# Alternating pairs of `mailferry migrate` from two builds against the same held servers (docs/performance.md "Run
# it"): the bench's --hold seeds a source once; each round runs build A then build B, each a full pass into a fresh
# target user with a fresh copy of the held data directory, then the same command again (a no-op), timed as whole
# processes with their CPU and peak resident size. The machine's speed drifts by the hour: compare within pairs.
# With --mailboxes N (N > 1) each run is `migrate --csv` of all N mailboxes at once into fresh target users, the
# Dovecots' master user on both sides, as the bench's --migrate-process runs it.
# Usage: data-provider-service/ab.sh REV_A REV_B [ROUNDS] [bench options, default --messages 20000]
#   e.g. data-provider-service/ab.sh main~3 main 4 --messages 20000 --tls
#        data-provider-service/ab.sh main~1 main 5 --messages 40000 --mailboxes 20 --heap 1g
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 2 ]]; then
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
rev_a=$1 rev_b=$2 rounds=${3:-3}
shift $(($# < 3 ? $# : 3))
options=("$@")
[[ ${#options[@]} -gt 0 ]] || options=(--messages 20000)
work=$(mktemp -d)
sleeper=
cleanup() {
    [[ -n "$sleeper" ]] && kill "$sleeper" 2>/dev/null || true # ends the bench's standard input: it stops its servers
    wait 2>/dev/null || true
    git worktree remove --force "$work/a" 2>/dev/null || true
    git worktree remove --force "$work/b" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
for side in a b; do
    rev=$([[ $side == a ]] && echo "$rev_a" || echo "$rev_b")
    git worktree add -q --detach "$work/$side" "$rev"
    (cd "$work/$side" && ./mailferry --version >/dev/null) # builds its jar and archive, untimed
done
mkfifo "$work/input"
: >"$work/hold.log" # before the bench's own redirection: the wait below reads it at once
sleep infinity >"$work/input" &
sleeper=$!
data-provider-service/bench.sh --mailboxes 1 --folders 20 --odd --rtt 0 --no-ceilings --no-imapsync "${options[@]}" --hold \
    <"$work/input" >"$work/hold.log" 2>&1 &
bench=$!
until grep -aq "^target user's mail directory: " "$work/hold.log"; do
    if ! kill -0 "$bench" 2>/dev/null; then
        cat "$work/hold.log" >&2
        echo "The bench stopped before holding its servers (output above)." >&2
        exit 1
    fi
    sleep 2
done
if grep -aq "^target users' mail directories: " "$work/hold.log"; then # many mailboxes: their migrate --csv
    command=$(grep -a "^./mailferry migrate .* --csv " "$work/hold.log")
    read -r -a target_mail <<<"$(grep -a "^target users' mail directories: " "$work/hold.log" | cut -d' ' -f5-)"
else
    command=$(grep -a "^./mailferry migrate" "$work/hold.log")
    target_mail=("$(grep -a "^target user's mail directory: " "$work/hold.log" | cut -d' ' -f5-)")
fi
args=(${command#./mailferry })
data=$(grep -ao -- "--data-dir [^ ]*" <<<"$command" | cut -d' ' -f2)
cp -a "$data" "$work/pristine-data"
run() { # side, pass
    /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$work/$1/mailferry" "${args[@]}" >"$work/$1-$2.out" 2>&1 || {
        cat "$work/$1-$2.out" >&2
        echo "$1's $2 failed (output above)." >&2
        exit 1
    }
    read -r seconds user system kib <"$work/time"
    printf '%s %-5s %6.2f s  CPU %6.2f s  RSS %4d MiB\n' "$1" "$2" "$seconds" \
        "$(awk -v u="$user" -v s="$system" 'BEGIN {print u + s}')" $((kib / 1024)) | tee -a "$work/results"
}
echo "A = $rev_a ($(git rev-parse --short "$rev_a")), B = $rev_b ($(git rev-parse --short "$rev_b")); ${options[*]}"
for ((i = 1; i <= rounds; i++)); do
    for side in a b; do
        rm -rf "$data" "${target_mail[@]}"
        cp -a "$work/pristine-data" "$data"
        run "$side" full
        run "$side" no-op
    done
done
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
for side in a b; do
    for pass in full no-op; do
        t=$(awk -v s="$side" -v p="$pass" '$1 == s && $2 == p {print $3}' "$work/results" | median)
        c=$(awk -v s="$side" -v p="$pass" '$1 == s && $2 == p {print $6}' "$work/results" | median)
        echo "median $side $pass: $t s, CPU $c s"
    done
done
