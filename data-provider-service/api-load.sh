#!/usr/bin/env bash
# Load on the service's API (docs/performance.md, "API under load"). Usage: data-provider-service/api-load.sh [options]
# Options are ApiLoad's: --jobs 20 --pairs 1000 --clients 50 --interval-ms 0 --seconds 30 --warmup 5 --running 4 --failing 4
#   --page 100 --service-heap 256m --data-dir DIR (reuse its jobs) --keep (keep the temporary data directory)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -o -pl data-provider-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd data-provider-service
exec java -Xmx512m ${LOAD_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.mailferry.service.bench.ApiLoad "$@"
