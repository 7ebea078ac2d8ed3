#!/usr/bin/env bash
# Runs the migration benchmark (docs/performance.md). Usage: data-provider-service/bench.sh [--heap 256m] [options]
# Options are BenchRunner's: --messages 3000 --mailboxes 4 --connections 0 (automatic) --rtt 0,40 --seed 1 --folders 4 --odd --tls
# --no-ceilings --service-pass --migrate-process --service-delta --service-deltas N --service-delta-poll --hold
# --imapsync --no-imapsync --cold-source --rounds N (docs/performance.md)
set -euo pipefail
cd "$(dirname "$0")/.."
heap=256m
args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--heap" ]; then heap="$2"; shift 2; else args+=("$1"); shift; fi
done
mvn -B -ntp -q -pl data-provider-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd data-provider-service
# both Dovecots, dsync's replica and the data directories go to memory (tmpfs) when the machine has it, as the issue's
# measurements did: on this machine's virtual disk, write-back and fsync times swung results by up to 2x from run to
# run; BENCH_TMP chooses another place
tmp="${BENCH_TMP:-}"
if [ -z "$tmp" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then tmp=/dev/shm; fi
exec java -Xmx"$heap" ${tmp:+-Djava.io.tmpdir="$tmp"} ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.mailferry.service.bench.BenchRunner "${args[@]+"${args[@]}"}"
