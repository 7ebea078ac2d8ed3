#!/usr/bin/env bash
# Runs the Graph write path's throttling scenario (docs/performance.md). Usage: data-provider-service/graph-bench.sh
# [--heap 768m] [options]; options are GraphUploadBench's: --budget-mb 15 --window-s 30 --windows 4 --burst-every-s 10
# --burst 3 --burst-retry-s 2 --folders 4 --connections 4 --seed 1
set -euo pipefail
cd "$(dirname "$0")/.."
heap=768m
args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--heap" ]; then heap="$2"; shift 2; else args+=("$1"); shift; fi
done
mvn -B -ntp -q ${BENCH_MVN_OPTS:-} -pl data-provider-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd data-provider-service
exec java -Xmx"$heap" ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.mailferry.service.bench.GraphUploadBench "${args[@]+"${args[@]}"}"
